import type { Log } from '../log.js';
/**
 * A per-PR keyed queue that coalesces. Webhooks are hints that something changed (reliability.md
 * §1): every evaluation re-reads GitHub, so ten events for one PR need one evaluation of the
 * latest state, not ten. Events for a key that is waiting merge into the waiting job; events for
 * a key being evaluated merge into ONE follow-up that runs after it. Concurrency is bounded, and
 * background fan-out gets at most its own share of slots so it never starves live events.
 *
 * Nothing is dropped silently: work refused because the queue is full or closing is counted,
 * logged and reported to the caller (the handler then fails the delivery, so GitHub records it
 * as failed and it can be redelivered). Failed runs are retried with a growing delay.
 *
 * A new job may first settle for `settleMs`: events that arrive meanwhile merge into it. A
 * burst of webhooks for one PR (a push sends several; a bot may send dozens in a second) then
 * costs one evaluation instead of one per gap between events, and GitHub's API has a moment
 * to show what the webhooks announce. A follow-up settles until `settleMs` after its first
 * event: it has been collecting events while the run before it went on.
 *
 * Deterministic: no clock of its own; the timer used for settling and retries is injected.
 */

export type Priority = 'live' | 'background';
export type EnqueueResult = 'queued' | 'coalesced' | 'shed';
/** A run may ask to be repeated later (e.g. it read a head older than the event's). */
export type RunResult = 'done' | 'retry';

export interface QueueOptions<T> {
  readonly keyOf: (job: T) => string;
  readonly merge: (older: T, newer: T) => T;
  readonly run: (job: T, attempt: number) => Promise<RunResult>;
  readonly concurrency: number;
  readonly backgroundConcurrency: number;
  /** Distinct keys waiting (queued, follow-ups and retries) at most. */
  readonly maxQueued: number;
  readonly maxAttempts: number;
  readonly retryDelayMs: (attempt: number) => number;
  /** How long a new job waits for more events before it may start. Default 0 (none). */
  readonly settleMs?: number;
  readonly log: Pick<Log, 'debug' | 'warn' | 'error'>;
  /** Schedules `fn` after `ms`; returns a cancel function. Defaults to an unref'd `setTimeout`. */
  readonly setTimer?: (fn: () => void, ms: number) => () => void;
  /** The clock that times settling and the queue's age; defaults to `Date.now`. */
  readonly now?: () => number;
}

export interface QueueStats {
  readonly waiting: number;
  readonly running: number;
  readonly retrying: number;
  readonly enqueued: number;
  readonly coalesced: number;
  readonly runs: number;
  readonly failures: number;
  readonly retries: number;
  readonly shed: number;
}

export interface PullRequestQueue<T> {
  enqueue(job: T, priority?: Priority): EnqueueResult;
  /** Resolves once nothing is waiting or running (scheduled retries are not waited for). */
  drain(): Promise<void>;
  /** For SIGTERM: refuse new work, cancel scheduled retries (counted as shed), then drain. */
  close(): Promise<void>;
  stats(): QueueStats;
  /** When the longest-waiting job (settling, waiting or scheduled for retry) arrived; null when none. */
  oldestWaitingSince(): number | null;
}

interface Entry<T> {
  job: T;
  priority: Priority;
  attempt: number;
  /** `settling`: waiting out `settleMs` before it may start (not yet in the ready list). */
  state: 'settling' | 'waiting' | 'running';
  cancelSettle: (() => void) | null;
  /** Work that arrived while running: one follow-up of the latest state. */
  followUp: { job: T; priority: Priority; since: number } | null;
  /** When it was admitted, for the queue's age metric. */
  since: number;
}

const higher = (a: Priority, b: Priority): Priority => (a === 'live' || b === 'live' ? 'live' : 'background');

export function createPullRequestQueue<T>(options: QueueOptions<T>): PullRequestQueue<T> {
  const setTimer =
    options.setTimer ??
    ((fn: () => void, ms: number) => {
      const timer = setTimeout(fn, ms);
      timer.unref();
      return () => clearTimeout(timer);
    });
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<T>>();
  const ready: Record<Priority, string[]> = { live: [], background: [] };
  const retryTimers = new Map<
    string,
    { job: T; priority: Priority; attempt: number; since: number; cancel: () => void }
  >();
  const counters = { enqueued: 0, coalesced: 0, runs: 0, failures: 0, retries: 0, shed: 0 };
  let running = 0;
  let runningBackground = 0;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  let pumpScheduled = false;
  const pending = () => entries.size + retryTimers.size;

  /**
   * Starts work on the next microtask, not inside `enqueue`: the handler returns at once, and
   * a burst delivered in one tick merges into the waiting entry before anything starts.
   */
  function schedulePump(): void {
    if (pumpScheduled) return;
    pumpScheduled = true;
    queueMicrotask(() => {
      pumpScheduled = false;
      pump();
    });
  }

  function shed(key: string, reason: string): EnqueueResult {
    counters.shed += 1;
    options.log.warn({ key, reason, shed: counters.shed }, 'custody queue shed work');
    return 'shed';
  }

  /**
   * `accepted`: work the queue already owns (a follow-up, a retry) is never shed.
   * `settle`: a retry has waited already; everything else settles first.
   * `since`: when its first event arrived (a follow-up's came during the run before it).
   */
  function admit(
    key: string,
    job: T,
    priority: Priority,
    attempt: number,
    accepted = false,
    settle = true,
    since = now(),
  ): EnqueueResult {
    const entry = entries.get(key);
    if (entry?.state === 'waiting' || entry?.state === 'settling') {
      entry.job = options.merge(entry.job, job);
      if (priority === 'live' && entry.priority === 'background') {
        entry.priority = 'live';
        if (entry.state === 'waiting') ready.live.push(key);
      }
      counters.coalesced += 1;
      return 'coalesced';
    }
    if (entry?.state === 'running') {
      const followUp = entry.followUp;
      entry.followUp = followUp
        ? {
            job: options.merge(followUp.job, job),
            priority: higher(followUp.priority, priority),
            since: followUp.since,
          }
        : { job, priority, since };
      if (!followUp) return 'queued';
      counters.coalesced += 1;
      return 'coalesced';
    }
    const retry = retryTimers.get(key);
    if (retry) {
      // Newer work supersedes the scheduled retry: run the merged job now.
      retry.cancel();
      retryTimers.delete(key);
      job = options.merge(retry.job, job);
      priority = higher(retry.priority, priority);
    } else if (!accepted && pending() >= options.maxQueued) {
      return shed(key, 'queue full');
    }
    const fresh: Entry<T> = {
      job,
      priority,
      attempt,
      state: 'waiting',
      cancelSettle: null,
      followUp: null,
      since: retry?.since ?? since,
    };
    entries.set(key, fresh);
    const settleMs = (options.settleMs ?? 0) - (now() - since);
    if (settle && settleMs > 0) {
      fresh.state = 'settling';
      fresh.cancelSettle = setTimer(() => {
        markReady(key, fresh);
        schedulePump();
      }, settleMs);
    } else {
      ready[priority].push(key);
    }
    return 'queued';
  }

  function markReady(key: string, entry: Entry<T>): void {
    if (entry.state !== 'settling') return;
    entry.state = 'waiting';
    entry.cancelSettle = null;
    ready[entry.priority].push(key);
  }

  function next(): string | null {
    for (const priority of ['live', 'background'] as const) {
      if (priority === 'background' && runningBackground >= options.backgroundConcurrency) return null;
      while (ready[priority].length > 0) {
        const key = ready[priority].shift()!;
        const entry = entries.get(key);
        // Skip stale positions: the key was promoted to live, or already started.
        if (entry?.state === 'waiting' && entry.priority === priority) return key;
      }
    }
    return null;
  }

  function pump(): void {
    while (running < options.concurrency) {
      const key = next();
      if (key === null) break;
      start(key, entries.get(key)!);
    }
    if (running === 0 && entries.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  function start(key: string, entry: Entry<T>): void {
    entry.state = 'running';
    running += 1;
    if (entry.priority === 'background') runningBackground += 1;
    counters.runs += 1;
    const priority = entry.priority;
    Promise.resolve()
      .then(() => options.run(entry.job, entry.attempt))
      .then(
        (result) => finish(key, entry, priority, result === 'retry' ? 'retry' : 'done', null),
        (error: unknown) => {
          counters.failures += 1;
          finish(key, entry, priority, 'retry', error);
        },
      );
  }

  function finish(key: string, entry: Entry<T>, priority: Priority, result: RunResult, error: unknown): void {
    running -= 1;
    if (priority === 'background') runningBackground -= 1;
    entries.delete(key);
    if (entry.followUp) {
      // The follow-up re-reads the latest state, which covers whatever the failed run missed.
      const { job, priority: next, since } = entry.followUp;
      admit(key, job, next, 0, true, true, since);
    } else if (result === 'retry') {
      scheduleRetry(key, entry, error);
    }
    pump();
  }

  function scheduleRetry(key: string, entry: Entry<T>, error: unknown): void {
    const attempt = entry.attempt + 1;
    if (attempt >= options.maxAttempts || closed) {
      const log = error ? options.log.error.bind(options.log) : options.log.warn.bind(options.log);
      log(
        { key, attempts: attempt, err: error ?? undefined },
        'custody evaluation given up; the sweep or a re-run recovers it',
      );
      return;
    }
    counters.retries += 1;
    const delay = options.retryDelayMs(attempt);
    options.log.debug({ key, attempt, delay, err: error ?? undefined }, 'custody evaluation will be retried');
    const cancel = setTimer(() => {
      retryTimers.delete(key);
      admit(key, entry.job, entry.priority, attempt, true, false);
      schedulePump();
    }, delay);
    retryTimers.set(key, { job: entry.job, priority: entry.priority, attempt, since: entry.since, cancel });
  }

  return {
    enqueue(job, priority = 'live') {
      const key = options.keyOf(job);
      if (closed) return shed(key, 'shutting down');
      counters.enqueued += 1;
      const result = admit(key, job, priority, 0);
      schedulePump();
      return result;
    },
    drain() {
      if (running === 0 && entries.size === 0 && !pumpScheduled) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      for (const [key, retry] of retryTimers) {
        retry.cancel();
        shed(key, 'shutting down with a retry scheduled');
      }
      retryTimers.clear();
      // Settling work runs now: it was accepted, and a timer must not hold the shutdown.
      for (const [key, entry] of entries) {
        if (entry.state !== 'settling') continue;
        entry.cancelSettle?.();
        markReady(key, entry);
      }
      schedulePump();
      await this.drain();
    },
    stats() {
      const waiting = [...entries.values()].filter((e) => e.state !== 'running').length;
      return { waiting, running, retrying: retryTimers.size, ...counters };
    },
    oldestWaitingSince() {
      let oldest: number | null = null;
      for (const entry of entries.values()) {
        if (entry.state !== 'running' && (oldest === null || entry.since < oldest)) oldest = entry.since;
      }
      for (const retry of retryTimers.values())
        if (oldest === null || retry.since < oldest) oldest = retry.since;
      return oldest;
    },
  };
}
