import type { Webhooks } from '@octokit/webhooks';
import type { Probot } from 'probot';
import { POLICY_PATH } from '../../core/policy/schema.js';
import type { Ledger } from '../../ledger/index.js';
import type { Log } from '../log.js';
import { recordOverride } from '../metrics.js';
import type { OverrideDeps } from '../pipeline/apply-override.js';
import { createPostgresQueue, type PostgresQueueOptions, WORK_TASK } from '../queue/postgres-queue.js';
import type { EnqueueResult, Priority } from '../queue/pull-request-queue.js';
import { createRunner, type FanOutStats, type RunnerDeps } from '../queue/run-work.js';
import { keyOf, mergeWork, type Planned, pullRequestWork } from '../queue/work.js';
import { createMemoryWorkQueue, type WorkQueue } from '../queue/work-queue.js';
import type { CustodyConfig } from '../server/config.js';
import { planAccessChanged } from './access-changed.js';
import { checkPayload, MalformedPayloadError } from './check-payload.js';
import { planCheckRunRerequested, planCheckSuiteRerequested } from './check-rerequested.js';
import { type DeliveryCache, skipDuplicateDeliveries } from './delivery-cache.js';
import type { HandlerSettings } from './event.js';
import { guardUnrecordedDeliveries } from './guard-unrecorded-deliveries.js';
import { planInstallation } from './installation.js';
import { planMergeGroup } from './merge-group.js';
import { planPullRequest } from './pull-request.js';
import { planPullRequestReview } from './pull-request-review.js';
import { planPush } from './push.js';
import { createFactRecorder } from './record-facts.js';

export interface Custody {
  readonly queue: WorkQueue;
  /** The replicated mode's queue, which also schedules the reconcilers cluster-wide; null: one process. */
  readonly replicated: ReturnType<typeof createPostgresQueue> | null;
  readonly fanOut: Readonly<FanOutStats>;
  /** The ledger as evaluations read it (guarded for failed deliveries); null without one. */
  readonly ledger: Ledger | null;
  /**
   * Queues one PR for a full evaluation outside any webhook (the open-PR sweep, a redelivery):
   * background priority by default, coalesced with live events for the same PR.
   */
  evaluateLater(pr: PullRequestToEvaluate, reason: string, priority?: Priority): EnqueueResult;
  /** What `applyOverride`/`checkOverridePermission` need for one installation (rejects without a ledger). */
  overrideDeps(installationId: number): Promise<OverrideDeps>;
  /** The same, for the installation that covers the repository (rejects when the app is not installed there). */
  overrideDepsFor(repository: { readonly owner: string; readonly repo: string }): Promise<OverrideDeps>;
}

export interface PullRequestToEvaluate {
  readonly installationId: number;
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly headSha: string | null;
}

export interface CustodyOverrides {
  /** Timer for retries (tests inject a manual one). */
  readonly setTimer?: (fn: () => void, ms: number) => () => void;
  readonly now?: () => number;
  /** The wait before a read that confirms a new pass; defaults to a real timer. */
  readonly wait?: RunnerDeps['wait'];
  /** A fresh installation Octokit per evaluation; defaults to Probot's `app.auth`. */
  readonly auth?: RunnerDeps['auth'];
  /** Skips deliveries already handled (same `X-GitHub-Delivery`); an optimisation only. */
  readonly deliveries?: DeliveryCache;
  /** The custody ledger: each delivery's facts are written before it is queued; evaluations read it. */
  readonly ledger?: Ledger;
  /** Several replicas on PostgreSQL: the durable queue's settings (the ledger must be PostgreSQL). */
  readonly replicated?: Omit<
    PostgresQueueOptions,
    'store' | 'run' | 'log' | 'concurrency' | 'maxAttempts' | 'retryDelayMs'
  >;
  /** Where deliveries arrive; default Probot's own (`app.on`, `app.receive`), which tests drive. */
  readonly webhooks?: Pick<Webhooks, 'on'>;
}

/** Refused work fails the delivery (non-2xx), so GitHub records it as failed and it can be redelivered. */
class OverloadedError extends Error {
  override readonly name = 'OverloadedError';
  readonly status = 503;
}

/** The events Custody subscribes to (app.yml), each translated to work by one pure function. */
const PULL_REQUEST_ACTIONS = [
  'pull_request.opened',
  'pull_request.reopened',
  'pull_request.synchronize',
  'pull_request.ready_for_review',
  'pull_request.converted_to_draft',
  'pull_request.edited',
  'pull_request.assigned',
  'pull_request.unassigned',
  'pull_request.closed',
] as const;
const REVIEW_ACTIONS = [
  'pull_request_review.submitted',
  'pull_request_review.edited',
  'pull_request_review.dismissed',
] as const;

/**
 * The one place that lists event names → handler. Handlers only translate an event into work
 * (no API calls); the queue evaluates it off the request path, so deliveries are acknowledged
 * at once, after their facts are in the ledger. Events of other kinds are never subscribed here
 * and cost nothing.
 */
export function registerHandlers(
  app: Probot,
  config: CustodyConfig,
  overrides: CustodyOverrides = {},
): Custody {
  const log = (): Log => app.log;
  const fanOut: FanOutStats = { truncated: 0, shed: 0 };
  const settings: HandlerSettings = {
    appId: config.appId,
    checkName: config.checkName,
    policyPath: POLICY_PATH,
  };
  const enqueue = (planned: Planned) => queue.enqueue(planned.work, planned.priority);
  // A delivery whose facts failed to write blocks a pass on its PRs until they are written.
  const ledger = overrides.ledger ? guardUnrecordedDeliveries(overrides.ledger) : null;
  const run = createRunner(
    {
      auth: overrides.auth ?? ((id) => app.auth(id)),
      config,
      log,
      enqueue,
      now: overrides.now ?? Date.now,
      wait: overrides.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      ledger,
    },
    fanOut,
  );
  const queueLog = {
    debug: (o: object, m: string) => log().debug(o, m),
    info: (o: object, m: string) => log().info(o, m),
    warn: (o: object, m: string) => log().warn(o, m),
    error: (o: object, m: string) => log().error(o, m),
  };
  // A retry never comes before GitHub's replicas catch up (the confirming read's wait): a read
  // that lagged its event, or a PR just opened and not found yet, would only lag again.
  const retryDelayMs = (attempt: number) =>
    Math.max(config.confirmPassMs, config.retryDelayMs * 2 ** (attempt - 1));
  const replicated = overrides.replicated ? createReplicatedQueue(overrides.replicated) : null;
  function createReplicatedQueue(settings: NonNullable<CustodyOverrides['replicated']>) {
    const store = overrides.ledger?.openWorkStore?.({
      workerSchema: settings.workerSchema,
      task: WORK_TASK,
      settleMs: config.settleMs,
      merge: (older, newer) => JSON.stringify(mergeWork(JSON.parse(older), JSON.parse(newer))),
    });
    if (!store) throw new Error('the replicated queue needs the ledger on PostgreSQL');
    return createPostgresQueue({
      ...settings,
      store,
      run,
      concurrency: config.concurrency,
      maxAttempts: config.maxAttempts,
      retryDelayMs,
      log: queueLog,
      ...(ledger ? { unrecorded: ledger.unrecorded } : {}),
    });
  }
  const queue: WorkQueue =
    replicated ??
    createMemoryWorkQueue({
      keyOf,
      merge: mergeWork,
      run,
      concurrency: config.concurrency,
      backgroundConcurrency: config.backgroundConcurrency,
      maxQueued: config.maxQueued,
      maxAttempts: config.maxAttempts,
      retryDelayMs,
      settleMs: config.settleMs,
      log: queueLog,
      record: ledger ? createFactRecorder(ledger, overrides.now) : null,
      ...(overrides.setTimer ? { setTimer: overrides.setTimer } : {}),
    });

  /** Our own actions (as `<slug>[bot]`) never trigger an evaluation. */
  const isOwn = (payload: { sender?: { login: string } | null }) =>
    config.botLogin !== null && payload.sender?.login === config.botLogin;

  async function submit(
    event: string,
    context: { id: string; name: string; payload: unknown },
    planned: readonly Planned[],
  ) {
    const delivery = { deliveryId: context.id, event: context.name, payload: context.payload };
    const { duplicate, shed } = await queue.submit(delivery, planned);
    log().debug(
      { event, deliveryId: context.id, planned: planned.length, shed, duplicate },
      'custody planned work',
    );
    if (shed > 0) {
      throw new OverloadedError(
        `Custody refused ${shed} of ${planned.length} evaluations (queue full or shutting down)`,
      );
    }
  }

  /** Every handler: skip our own actions and duplicate deliveries, record, plan, queue. */
  const on = <C extends { id: string; name: string; payload: unknown }>(
    plan: (context: C, event: string) => readonly Planned[],
  ) => {
    const handler = async (context: C): Promise<void> => {
      try {
        checkPayload(context.name, context.payload);
      } catch (error) {
        if (error instanceof MalformedPayloadError) {
          log().warn({ event: context.name, deliveryId: context.id, fields: error.fields }, error.message);
        }
        throw error;
      }
      const payload = context.payload as { action?: string; sender?: { login: string } | null };
      if (isOwn(payload)) return;
      const event = payload.action ? `${context.name}.${payload.action}` : context.name;
      await submit(event, context, plan(context, event));
    };
    return overrides.deliveries ? skipDuplicateDeliveries(overrides.deliveries, handler) : handler;
  };

  const router = overrides.webhooks ?? app;
  router.on(
    [...PULL_REQUEST_ACTIONS],
    on((c) => planPullRequest(c.payload, c.id)),
  );
  router.on(
    [...REVIEW_ACTIONS],
    on((c) => planPullRequestReview(c.payload, c.id)),
  );
  router.on(
    'check_run.rerequested',
    on((c) => planCheckRunRerequested(c.payload, c.id, settings)),
  );
  router.on(
    'check_suite.rerequested',
    on((c) => planCheckSuiteRerequested(c.payload, c.id, settings)),
  );
  router.on(
    'merge_group.checks_requested',
    on((c) => planMergeGroup(c.payload, c.id)),
  );
  router.on(
    'push',
    on((c) => planPush(c.payload, c.id, settings)),
  );
  router.on(
    ['installation.created', 'installation_repositories.added'],
    on((c, event) => planInstallation(c.payload, event, c.id)),
  );
  router.on(
    ['member', 'membership', 'team', 'organization.member_removed'],
    on((c) => planAccessChanged(c.name, c.payload, c.id)),
  );

  const auth = overrides.auth ?? ((id: number) => app.auth(id));
  const overrideLabels = new Set<string>();
  const overrideDeps = async (installationId: number): Promise<OverrideDeps> => {
    // The guarded ledger: an override is decided on a history that lacks no failed delivery.
    if (!ledger) throw new Error('Custody has no ledger to record an override in');
    return {
      installationId,
      octokit: await auth(installationId),
      // Reads through the guard (no override is weighed on a history missing a failed delivery);
      // its own append does not: one that fails is the user's to submit again, never written later unseen.
      ledger: { ...ledger, append: (overrides.ledger ?? ledger).append },
      appId: config.appId,
      checkName: config.checkName,
      requireOrgPolicy: config.requireOrgPolicy,
      evaluate: (pr) => {
        const target = { installationId: pr.installationId, owner: pr.owner, repo: pr.repo };
        const trigger = { event: OVERRIDE_EVENT, deliveryId: OVERRIDE_EVENT, force: true };
        const planned: Planned = {
          priority: 'live',
          work: pullRequestWork(target, pr.number, pr.headSha, trigger),
        };
        // The override is recorded either way: the open-PR sweep evaluates the PR later.
        if (enqueue(planned) === 'shed')
          log().warn(
            { repo: `${pr.owner}/${pr.repo}`, pullNumber: pr.number },
            'custody could not queue an overridden PR',
          );
      },
      countOverride: recordOverride,
      knownLabels: overrideLabels,
      log: log(),
      now: overrides.now ?? Date.now,
    };
  };

  return {
    queue,
    replicated,
    fanOut,
    ledger,
    evaluateLater: (pr, reason, priority = 'background') =>
      queue.enqueue(
        pullRequestWork(
          { installationId: pr.installationId, owner: pr.owner, repo: pr.repo },
          pr.number,
          pr.headSha,
          { event: reason, deliveryId: reason, force: false },
        ),
        priority,
      ),
    overrideDeps,
    overrideDepsFor: async ({ owner, repo }) => {
      const appOctokit = await app.auth();
      const { data } = await appOctokit.rest.apps.getRepoInstallation({ owner, repo });
      return overrideDeps(data.id);
    },
  };
}

/** The trigger of the evaluation an override queues. */
export const OVERRIDE_EVENT = 'custody.override';
