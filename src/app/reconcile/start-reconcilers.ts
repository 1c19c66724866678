import type { Probot } from 'probot';
import type { Custody } from '../handlers/register-handlers.js';
import type { StartupConfig } from '../server/check-startup.js';
import { createRedeliveryState, redeliverFailedDeliveries } from './redeliver-failed-deliveries.js';
import { type Schedule, schedule } from './scheduler.js';
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
}): Reconcilers {
  const { probot, custody, startup } = deps;
  const log = probot.log;
  const sweepState = createSweepState();
  const redeliveryState = createRedeliveryState();
  const schedules: Schedule[] = [];
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
