import type { Log } from '../log.js';

/**
 * Runs a background task (the open-PR sweep, the failed-delivery redeliverer) at start-up and then
 * on a fixed cadence with jitter. Runs never overlap: a tick that finds the previous run still going
 * is skipped and counted, so a slow GitHub cannot pile up sweeps. Timers are unref'd so they never
 * keep the process alive, and `stop()` aborts the running task's signal and waits for it to wind down,
 * which is what a SIGTERM drain needs.
 */

/** `signal` is aborted by `stop()`: check it between requests and return early (reconcilers are resumable). */
export type ScheduledTask = (signal: AbortSignal) => Promise<void>;

export interface ScheduleOptions {
  /** Appears in every log line, e.g. `sweep` or `redeliver`. */
  readonly name: string;
  readonly intervalMs: number;
  /** Each delay is `intervalMs × (1 ± jitter)`; spreads replicas and restarts apart. Default 0.1. */
  readonly jitter?: number;
  /** Run once immediately (start-up). Default true. */
  readonly runAtStart?: boolean;
  readonly task: ScheduledTask;
  readonly log: Pick<Log, 'info' | 'warn' | 'error'>;
  /** Injected for tests; defaults to Math.random. */
  readonly random?: () => number;
}

export interface ScheduleStats {
  readonly runs: number;
  readonly failures: number;
  /** Ticks skipped because the previous run was still going. */
  readonly skipped: number;
  readonly running: boolean;
  readonly stopped: boolean;
}

export interface Schedule {
  /** Settles when the start-up run has finished (immediately if `runAtStart` is false). Never rejects. */
  readonly started: Promise<void>;
  /** Starts a run now unless one is running (then it is skipped and counted). Never rejects. */
  trigger(): Promise<void>;
  /**
   * Cancels future ticks, aborts the running task's signal and waits for it, if any — at most `waitMs`
   * (default: as long as it takes): a request already in flight (with the retry plugin's back-off) cannot be
   * aborted, and a reconciler cut short loses nothing. Idempotent.
   */
  stop(options?: { readonly waitMs?: number }): Promise<void>;
  stats(): ScheduleStats;
}

export function schedule(options: ScheduleOptions): Schedule {
  const { name, intervalMs, task, log } = options;
  const jitter = options.jitter ?? 0.1;
  const random = options.random ?? Math.random;
  if (!(intervalMs > 0)) throw new RangeError(`schedule ${name}: intervalMs must be > 0, got ${intervalMs}`);
  if (!(jitter >= 0 && jitter < 1)) throw new RangeError(`schedule ${name}: jitter must be in [0, 1)`);

  let runs = 0;
  let failures = 0;
  let skipped = 0;
  let stopped = false;
  let current: Promise<void> | null = null;
  let controller: AbortController | null = null;
  let timer: NodeJS.Timeout | null = null;

  const nextDelay = (): number => Math.round(intervalMs * (1 + jitter * (2 * random() - 1)));

  const trigger = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (current) {
      skipped += 1;
      log.warn({ schedule: name, skipped }, 'previous run still going; tick skipped');
      return current;
    }
    const startedAt = Date.now();
    const abort = new AbortController();
    controller = abort;
    current = (async () => {
      try {
        await task(abort.signal);
        runs += 1;
      } catch (error) {
        runs += 1;
        failures += 1;
        log.error({ schedule: name, err: error, failures }, 'scheduled run failed; will retry next tick');
      } finally {
        log.info({ schedule: name, durationMs: Date.now() - startedAt }, 'scheduled run finished');
        current = null;
        controller = null;
      }
    })();
    return current;
  };

  const arm = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      // The cadence is kept from tick to tick, not from the end of a run: a run longer than the
      // interval makes the next tick skip instead of drifting or overlapping.
      arm();
      void trigger();
    }, nextDelay());
    timer.unref();
  };

  const started = options.runAtStart === false ? Promise.resolve() : trigger();
  arm();

  return {
    started,
    trigger,
    async stop({ waitMs = Number.POSITIVE_INFINITY } = {}) {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      controller?.abort();
      if (!current) return;
      if (!Number.isFinite(waitMs)) return current;
      let giveUp: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => {
        giveUp = setTimeout(() => {
          log.warn({ schedule: name, waitMs }, 'stopped without waiting for the running task any longer');
          resolve();
        }, waitMs);
        giveUp.unref();
      });
      await Promise.race([current, gaveUp]);
      clearTimeout(giveUp);
    },
    stats: () => ({ runs, failures, skipped, running: current !== null, stopped }),
  };
}
