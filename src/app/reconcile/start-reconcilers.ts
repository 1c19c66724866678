import type { Probot } from 'probot';
import type { Ledger } from '../../ledger/index.js';
import type { Custody } from '../handlers/register-handlers.js';
import type { StartupConfig } from '../server/check-startup.js';
import { createRedeliveryState, redeliverFailedDeliveries } from './redeliver-failed-deliveries.js';
import { type Schedule, type ScheduleOptions, schedule as scheduleInProcess } from './scheduler.js';
import { createSweepState, sweepOpenPullRequests } from './sweep-open-pull-requests.js';

export interface Reconcilers {
  /** Stops both timers and waits (at most `waitMs`) for a run in progress. */
  stop(waitMs: number): Promise<void>;
}

/**
 * The two reconcilers that close the fail-open windows webhooks leave (docs/reliability.md):
 * the open-PR sweep, which queues PRs whose check may be stale, and the redelivery of failed
 * deliveries. Each runs at start-up and then on its interval; `off` disables one.
 */
export function startReconcilers(deps: {
  readonly probot: Probot;
  readonly custody: Custody;
  readonly startup: StartupConfig;
  readonly appId: number;
  readonly checkName: string;
  /** Pruned of closed PRs' facts older than `retentionDays` on the sweep's schedule; null: kept forever. */
  readonly ledger?: Ledger;
  readonly retentionDays?: number | null;
  /** How a reconciler is scheduled: per process by default; once per interval cluster-wide with replicas. */
  readonly scheduler?: (options: ScheduleOptions) => Schedule;
}): Reconcilers {
  const { probot, custody, startup } = deps;
  const log = probot.log;
  const sweepState = createSweepState();
  const redeliveryState = createRedeliveryState();
  const schedules: Schedule[] = [];
  const schedule = deps.scheduler ?? scheduleInProcess;
  if (startup.sweepIntervalMs !== null) {
    schedules.push(
      schedule({
        name: 'sweep',
        intervalMs: startup.sweepIntervalMs,
        log,
        task: async (signal) => {
          await sweepOpenPullRequests(
            {
              appOctokit: await probot.auth(),
              installationOctokit: (id) => probot.auth(id),
              enqueue: (target, reason) => custody.evaluateLater(target, reason),
              log,
              signal,
            },
            sweepState,
            { appId: deps.appId, checkName: deps.checkName, maxEvaluations: startup.sweepMaxEvaluations },
          );
        },
      }),
    );
  }
  const { ledger, retentionDays } = deps;
  if (ledger && retentionDays != null && startup.sweepIntervalMs !== null) {
    schedules.push(
      schedule({
        name: 'prune',
        intervalMs: startup.sweepIntervalMs,
        log,
        task: async () => {
          const pruned = await ledger.prune(retentionDays);
          log.info(
            { retentionDays, removed: pruned.removed, pullRequests: pruned.pullRequests.length },
            'custody ledger pruned',
          );
        },
      }),
    );
  }
  if (startup.redeliveryIntervalMs !== null) {
    schedules.push(
      schedule({
        name: 'redeliver',
        intervalMs: startup.redeliveryIntervalMs,
        log,
        task: async (signal) => {
          await redeliverFailedDeliveries({ octokit: await probot.auth(), log, signal }, redeliveryState);
        },
      }),
    );
  }
  return {
    stop: async (waitMs) => {
      await Promise.all(schedules.map((s) => s.stop({ waitMs })));
    },
  };
}
