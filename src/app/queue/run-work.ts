import { paginateGraphQL } from '@octokit/plugin-paginate-graphql';
import {
  findInstallationRepositories,
  findOpenPullRequests,
  findPullRequestsByHeadSha,
} from '../../github/find-pull-requests.js';
import type { Octokit } from '../../github/octokit-types.js';
import type { Ledger } from '../../ledger/index.js';
import type { Log } from '../log.js';
import { checkMergeGroup } from '../pipeline/check-merge-group.js';
import { countRequests } from '../pipeline/count-requests.js';
import { type EvaluationContext, evaluatePullRequest } from '../pipeline/evaluate-pull-request.js';
import { recordMergeOutcome } from '../pipeline/record-merge.js';
import type { CustodyConfig } from '../server/config.js';
import { pullRequestPath } from '../web/web-deps.js';
import type { EnqueueResult, RunResult } from './pull-request-queue.js';
import {
  type FindByHeadShaWork,
  type FindGovernedWork,
  type FindOpenWork,
  type Planned,
  type PullRequestWork,
  pullRequestWork,
  type Work,
} from './work.js';

/** The trigger of a re-evaluation asked for by another PR on the same head commit. */
export const SHARED_HEAD_EVENT = 'custody.shared_head';

export interface RunnerDeps {
  /** A fresh installation Octokit per call (Probot's `app.auth`; tokens are cached by Probot). */
  readonly auth: (installationId: number) => Promise<Octokit>;
  readonly config: CustodyConfig;
  readonly log: () => Log;
  readonly enqueue: (planned: Planned) => EnqueueResult;
  readonly now: () => number;
  /** Resolves after `ms` (the wait before a confirming read). */
  readonly wait: (ms: number) => Promise<void>;
  /** The custody ledger evaluations read history from and record verdicts in; null: none. */
  readonly ledger: Ledger | null;
}

/** Counts of fan-out work not done, for the log and tests (the sweep covers what is skipped). */
export interface FanOutStats {
  truncated: number;
  shed: number;
}

/**
 * Runs one unit of work from the queue with its own installation Octokit (GraphQL pagination
 * added, requests counted). Listing work (fork re-runs, policy pushes, new installations) only
 * finds PRs and queues them; evaluating is always one PR at a time.
 */
export function createRunner(
  deps: RunnerDeps,
  stats: FanOutStats,
): (work: Work, attempt: number) => Promise<RunResult> {
  const knownLabels = new Set<string>();

  async function contextFor(installationId: number): Promise<EvaluationContext> {
    const octokit = await deps.auth(installationId);
    paginateGraphQL(octokit as never);
    return {
      octokit,
      requests: countRequests(octokit),
      appId: deps.config.appId,
      checkName: deps.config.checkName,
      requireOrgPolicy: deps.config.requireOrgPolicy,
      knownLabels,
      log: deps.log(),
      now: deps.now,
      confirmPassMs: deps.config.confirmPassMs,
      detailsUrl: (ref) =>
        deps.config.publicUrl === null
          ? null
          : `${deps.config.publicUrl}${pullRequestPath(ref.owner, ref.repo, ref.number)}`,
      wait: deps.wait,
      ledger: deps.ledger,
    };
  }

  async function fanOut(ctx: EvaluationContext, work: FindByHeadShaWork | FindOpenWork): Promise<void> {
    const repo = { owner: work.target.owner, repo: work.target.repo };
    const limit = deps.config.fanOutLimit;
    const found =
      work.kind === 'find_by_head_sha'
        ? await findPullRequestsByHeadSha(ctx.octokit, repo, work.headSha, { limit })
        : await findOpenPullRequests(ctx.octokit, repo, { base: work.base, limit });
    const priority = work.kind === 'find_by_head_sha' ? 'live' : 'background';
    let shed = 0;
    for (const pr of found.pullRequests) {
      const planned: Planned = {
        priority,
        work: pullRequestWork(work.target, pr.number, pr.headSha, work.trigger, {
          expected: { review: null, baseSha: work.kind === 'find_open' ? work.baseSha : null },
        }),
      };
      if (deps.enqueue(planned) === 'shed') shed += 1;
    }
    if (found.truncated) stats.truncated += 1;
    stats.shed += shed;
    const log = found.truncated || shed > 0 ? ctx.log.warn.bind(ctx.log) : ctx.log.info.bind(ctx.log);
    log(
      {
        deliveryId: work.trigger.deliveryId,
        event: work.trigger.event,
        repo: `${repo.owner}/${repo.repo}`,
        found: found.pullRequests.length,
        truncated: found.truncated,
        shed,
        requests: ctx.requests(),
      },
      found.pullRequests.length === 0
        ? 'custody found no open pull request to evaluate'
        : 'custody queued pull requests',
    );
  }

  /** Each governed repository's open PRs, found by their own bounded `find_open` work. */
  async function fanOutGoverned(ctx: EvaluationContext, work: FindGovernedWork): Promise<void> {
    const found = await findInstallationRepositories(ctx.octokit, { limit: deps.config.fanOutLimit });
    let shed = 0;
    for (const repository of found.repositories) {
      if (`${repository.owner}/${repository.repo}`.toLowerCase() === work.except?.toLowerCase()) continue;
      const target = { installationId: work.target.installationId, ...repository };
      const planned: Planned = {
        priority: 'background',
        work: { kind: 'find_open', target, base: null, baseSha: null, trigger: work.trigger },
      };
      if (deps.enqueue(planned) === 'shed') shed += 1;
    }
    if (found.truncated) stats.truncated += 1;
    stats.shed += shed;
    const log = found.truncated || shed > 0 ? ctx.log.warn.bind(ctx.log) : ctx.log.info.bind(ctx.log);
    log(
      {
        deliveryId: work.trigger.deliveryId,
        event: work.trigger.event,
        installationId: work.target.installationId,
        repositories: found.repositories.length,
        truncated: found.truncated,
        shed,
      },
      'custody queued the repositories a shared policy governs',
    );
  }

  /** The other PRs on a shared head are evaluated again, once per event (not per re-evaluation). */
  function requeueSharedHead(work: PullRequestWork, others: readonly number[]): void {
    if (work.trigger.event === SHARED_HEAD_EVENT) return;
    const trigger = { event: SHARED_HEAD_EVENT, deliveryId: work.trigger.deliveryId, force: false };
    for (const number of others)
      deps.enqueue({ priority: 'live', work: pullRequestWork(work.target, number, work.headSha, trigger) });
  }

  return async (work, attempt) => {
    const ctx = await contextFor(work.target.installationId);
    switch (work.kind) {
      case 'pull_request': {
        const outcome = await evaluatePullRequest(ctx, work);
        requeueSharedHead(work, outcome.sharedWith ?? []);
        // A head other than the event's may be GitHub lagging behind the event: look once more.
        return outcome.staleEvent && attempt === 0 ? 'retry' : 'done';
      }
      case 'merge_group':
        await checkMergeGroup(ctx, work);
        return 'done';
      case 'find_governed':
        await fanOutGoverned(ctx, work);
        return 'done';
      case 'merged':
        await recordMergeOutcome(ctx, work);
        return 'done';
      default:
        await fanOut(ctx, work);
        return 'done';
    }
  };
}
