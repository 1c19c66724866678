import type { WorkStore } from '../../ledger/index.js';
import type { Log } from '../log.js';
import type { Schedule, ScheduleOptions } from '../reconcile/scheduler.js';

/**
 * Reconcilers once per interval across the cluster (the replicated mode's `schedule`): each is a
 * graphile-worker job with a fixed key that schedules its own next run when it ends. The first
 * replica up adds it; whichever replica is free runs it; a replica that dies mid-run leaves it
 * to be unlocked and run again like any job.
 */

export const RECONCILE_TASK = 'custody_reconcile';

export interface ClusterSchedules {
  schedule(options: ScheduleOptions): Schedule;
  /** The job's task: runs the reconciler named in the payload, then schedules the next run. */
  run(payload: unknown): Promise<void>;
}

export function createClusterSchedules(deps: {
  readonly store: WorkStore;
  readonly log: Pick<Log, 'info' | 'error'>;
  /** Aborted when this replica stops. */
  readonly signal: AbortSignal;
  /** Resolves once the work a run queued is stored; throws when some could not be. */
  readonly flushWrites: () => Promise<void>;
  readonly replica: string;
  readonly now: () => number;
  readonly random: () => number;
}): ClusterSchedules {
  const { store, log } = deps;
  const tasks = new Map<
    string,
    { options: ScheduleOptions; runs: number; failures: number; running: boolean }
  >();
  const keyOf = (name: string) => `custody:reconcile:${name}`;

  return {
    async run(payload) {
      const { name, intervalMs } = payload as { name: string; intervalMs: number };
      const entry = tasks.get(name);
      const jitter = entry?.options.jitter ?? 0.1;
      try {
        if (entry && !deps.signal.aborted) {
          entry.running = true;
          const started = deps.now();
          try {
            await entry.options.task(deps.signal);
            await deps.flushWrites();
            entry.runs += 1;
          } catch (error) {
            entry.runs += 1;
            entry.failures += 1;
            log.error({ schedule: name, err: error }, 'scheduled run failed; will retry next tick');
          } finally {
            entry.running = false;
            log.info(
              { schedule: name, durationMs: deps.now() - started, replica: deps.replica },
              'scheduled run finished',
            );
          }
        }
      } finally {
        // The next run, whoever takes it; this job's own key passes to it.
        const delay = Math.round(intervalMs * (1 + jitter * (2 * deps.random() - 1)));
        await store.schedule(RECONCILE_TASK, keyOf(name), { name, intervalMs }, delay, 'next');
      }
    },
    schedule(options) {
      const entry = { options, runs: 0, failures: 0, running: false };
      tasks.set(options.name, entry);
      const key = keyOf(options.name);
      const payload = { name: options.name, intervalMs: options.intervalMs };
      // Added only when no job of this key exists: the first replica up schedules it for all.
      const first = options.runAtStart === false ? options.intervalMs : 0;
      const started = store.schedule(RECONCILE_TASK, key, payload, first, 'once').catch((error: unknown) => {
        log.error({ schedule: options.name, err: error }, 'custody could not schedule a reconciler');
      });
      let stopped = false;
      return {
        started,
        trigger: async () => {
          await store.schedule(RECONCILE_TASK, key, payload, 0, 'next');
        },
        async stop() {
          stopped = true;
          tasks.delete(options.name);
        },
        stats: () => ({
          runs: entry.runs,
          failures: entry.failures,
          skipped: 0,
          running: entry.running,
          stopped,
        }),
      };
    },
  };
}
