import {
  fetchInstallationRepositoriesPage,
  fetchInstallationsPage,
  fetchOpenPullRequestsPage,
} from '../../github/fetch-sweep-listing.js';
import { type CheckState, classifyCheck, type Repository } from '../../github/map-sweep-listing.js';
import type { Octokit } from '../../github/octokit-types.js';
import type { Log } from '../log.js';
import { Budget, byLastReached, listAll, type SweepState, touch } from './sweep-budget.js';

export { createSweepState, type SweepState } from './sweep-budget.js';

/**
 * The periodic sweep that closes the fail-open windows. Every other fault leaves our check missing or
 * blocking; only a `success` already published can be wrong in the dangerous direction, when the event
 * that should revoke it never arrived (a review dismissed, a policy tightened on the base branch, an
 * approver who lost write access). Webhooks cannot be trusted to arrive, so the sweep lists every open PR
 * of every installation, reads our check on its head in the same query, and hands PRs to the queue for a
 * fresh evaluation, passing checks first.
 *
 * Bounded: a request budget per run, a GraphQL rate-limit floor per installation, and a cap on the
 * evaluations enqueued. What a run could not reach is counted and logged, and goes first next run (each
 * installation, repository and PR remembers when the sweep last reached it).
 */

/** Which PR to re-evaluate, and with which installation's token. */
export interface SweepTarget {
  readonly installationId: number;
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  /** The head the listing saw; the evaluation re-reads it anyway. */
  readonly headSha: string;
}

const PRIORITY: Readonly<Record<CheckState, number>> = {
  passing: 0,
  missing: 1,
  stale: 1,
  incomplete: 2,
  blocking: 3,
};

export type { CheckState };
export type SweepReason = `sweep:${CheckState}`;

export interface SweepDeps {
  /** Authenticated as the app (JWT): Probot's `await app.auth()`. */
  readonly appOctokit: Pick<Octokit, 'request'>;
  /** Authenticated as one installation: Probot's `(id) => app.auth(id)`. */
  readonly installationOctokit: (installationId: number) => Promise<Pick<Octokit, 'request' | 'graphql'>>;
  /** Hands a PR to the per-PR queue at background priority. A result of `'shed'` is counted. */
  readonly enqueue: (target: SweepTarget, reason: SweepReason) => unknown;
  readonly log: Pick<Log, 'info' | 'warn'>;
  readonly now?: () => number;
  /** Waits between listing requests so live evaluations keep most of the GraphQL lane. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Aborted on shutdown: the sweep stops before its next request and enqueues nothing. */
  readonly signal?: AbortSignal;
}

export interface SweepOptions {
  /** Our app id and check name: the query reads only our own check run. */
  readonly appId: number;
  readonly checkName: string;
  /** Most PRs enqueued per run, passing ones first. Default 100. */
  readonly maxEvaluations?: number;
  /** Most listing requests (REST pages + GraphQL queries) per run. Default 300. */
  readonly maxRequests?: number;
  /** Stop listing an installation when its GraphQL budget falls below this many points. Default 1000. */
  readonly minRateLimitRemaining?: number;
  /** Repositories per GraphQL query. Default 10. */
  readonly reposPerQuery?: number;
  /** Open PRs read per repository per query. Default 25. */
  readonly pullRequestsPerPage?: number;
  /** Pause between listing requests. Default 250 ms. */
  readonly pauseMs?: number;
}

export interface SweepReport {
  readonly installations: number;
  readonly repositories: number;
  /** Repositories skipped without a request: archived, disabled or with no open issues/PRs. */
  readonly repositoriesIdle: number;
  readonly pullRequests: number;
  readonly byState: Readonly<Record<CheckState, number>>;
  readonly enqueued: number;
  /** Refused by the queue (full or closing); they go first next run. */
  readonly shed: number;
  /** Found but over `maxEvaluations`; they go first next run. */
  readonly deferredPullRequests: number;
  /** Installations/repositories not listed this run (request budget or rate-limit floor). */
  readonly deferredInstallations: number;
  /** Installations whose listing failed (logged); retried next run. */
  readonly failedInstallations: number;
  readonly deferredRepositories: number;
  /** Listing requests made (REST pages + GraphQL queries; installation tokens not included). */
  readonly requests: number;
  readonly graphqlCost: number;
}

interface Found {
  readonly target: SweepTarget;
  readonly state: CheckState;
  readonly key: string;
}

export async function sweepOpenPullRequests(
  deps: SweepDeps,
  state: SweepState,
  options: SweepOptions,
): Promise<SweepReport> {
  const now = deps.now ?? Date.now;
  const maxEvaluations = options.maxEvaluations ?? 100;
  const budget = new Budget(options.maxRequests ?? 300, deps.signal);
  const runAt = now();

  const found: Found[] = [];
  let failedInstallations = 0;
  let repositories = 0;
  let repositoriesIdle = 0;
  let deferredInstallations = 0;
  let deferredRepositories = 0;
  let graphqlCost = 0;

  const listed = await listAll(
    async (page) => ({ items: await fetchInstallationsPage(deps.appOctokit, page) }),
    budget,
  );
  const installations = byLastReached(
    state,
    listed.items.filter((i) => !i.suspended_at),
    (i) => `i:${i.id}`,
  );

  for (const [index, installation] of installations.entries()) {
    if (budget.exhausted) {
      deferredInstallations += installations.length - index;
      break;
    }
    try {
      const result = await sweepInstallation(installation.id, { deps, state, options, budget, runAt, found });
      repositories += result.repositories;
      repositoriesIdle += result.idle;
      deferredRepositories += result.deferred;
      graphqlCost += result.graphqlCost;
      if (result.reachedAll) touch(state, `i:${installation.id}`, runAt);
    } catch (error) {
      // One broken installation (uninstalled mid-run, token refused, GitHub 5xx) must not starve the others.
      failedInstallations += 1;
      deps.log.warn({ installationId: installation.id, err: error }, 'sweep of an installation failed');
    }
  }

  // Passing checks first (the fail-open risk), then missing/stale, then the rest; within a state, the
  // PRs the sweep has not enqueued for the longest go first, so a capped backlog rotates.
  const ordered = [...found].sort(
    (a, b) =>
      PRIORITY[a.state] - PRIORITY[b.state] ||
      (state.lastReached.get(a.key) ?? -1) - (state.lastReached.get(b.key) ?? -1),
  );
  let enqueued = 0;
  let shed = 0;
  const toEnqueue = deps.signal?.aborted ? 0 : maxEvaluations;
  for (const item of ordered.slice(0, toEnqueue)) {
    const result = deps.enqueue(item.target, `sweep:${item.state}`);
    if (result === 'shed') shed += 1;
    else {
      enqueued += 1;
      touch(state, item.key, runAt);
    }
  }

  const byState: Record<CheckState, number> = {
    passing: 0,
    missing: 0,
    stale: 0,
    incomplete: 0,
    blocking: 0,
  };
  for (const item of found) byState[item.state] += 1;
  const report: SweepReport = {
    installations: installations.length,
    repositories,
    repositoriesIdle,
    pullRequests: found.length,
    byState,
    enqueued,
    shed,
    deferredPullRequests: Math.max(0, found.length - toEnqueue),
    deferredInstallations,
    failedInstallations,
    deferredRepositories,
    requests: budget.used,
    graphqlCost,
  };
  const deferred =
    shed + report.deferredPullRequests + deferredInstallations + failedInstallations + deferredRepositories;
  if (deferred > 0 || !listed.complete) {
    deps.log.warn(report, 'open-PR sweep could not cover everything; the rest goes first next run');
  } else {
    deps.log.info(report, 'open-PR sweep finished');
  }
  return report;
}

interface InstallationRun {
  readonly deps: SweepDeps;
  readonly state: SweepState;
  readonly options: SweepOptions;
  readonly budget: Budget;
  readonly runAt: number;
  /** Where found PRs are collected. */
  readonly found: Found[];
}

async function sweepInstallation(installationId: number, run: InstallationRun) {
  const { deps, state, options, budget, runAt, found } = run;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pauseMs = options.pauseMs ?? 250;
  const minRemaining = options.minRateLimitRemaining ?? 1000;
  const reposPerQuery = options.reposPerQuery ?? 10;
  const perPage = options.pullRequestsPerPage ?? 25;
  let graphqlCost = 0;
  let deferred = 0;

  const octokit = await deps.installationOctokit(installationId);
  const repos = await listAll(async (page) => {
    const data = await fetchInstallationRepositoriesPage(octokit, page);
    return { items: data.repositories, total: data.total_count };
  }, budget);
  // open_issues_count counts open issues and PRs together: 0 means no open PR, so no query is needed.
  const active = repos.items.filter((r) => !r.archived && !r.disabled && r.open_issues_count !== 0);
  const queue: { repo: Repository; after: string | null }[] = byLastReached(
    state,
    active,
    (r) => `r:${r.id}`,
  ).map((repo) => ({ repo, after: null }));

  let reachedAll = repos.complete;
  while (queue.length > 0) {
    if (budget.exhausted) {
      deferred += new Set(queue.map((q) => q.repo.id)).size;
      reachedAll = false;
      break;
    }
    // First pages go `reposPerQuery` repositories at a time; further pages one at a time (`after` is
    // per connection).
    const firstPages = queue.findIndex((q) => q.after !== null);
    const batch = queue.splice(
      0,
      firstPages === 0 ? 1 : Math.min(reposPerQuery, firstPages < 0 ? Infinity : firstPages),
    );
    await sleep(pauseMs);
    budget.used += 1;
    const { data, partialError } = await fetchOpenPullRequestsPage(octokit, batch, {
      appId: options.appId,
      checkName: options.checkName,
      perPage,
    });
    const partial = partialError !== null;
    if (partial) {
      deps.log.warn(
        { repositories: batch.map((b) => `${b.repo.owner.login}/${b.repo.name}`), err: partialError },
        'sweep query answered partly',
      );
    }
    graphqlCost += data.rateLimit?.cost ?? 0;
    for (const [i, node] of data.nodes.entries()) {
      const entry = batch[i];
      if (!node || !entry) continue;
      const { repo } = entry;
      for (const pr of node.pullRequests.nodes) {
        if (!pr) continue;
        const target = {
          installationId,
          owner: repo.owner.login,
          repo: repo.name,
          number: pr.number,
          headSha: pr.headRefOid,
        };
        found.push({ target, state: classifyCheck(pr), key: `p:${repo.id}#${pr.number}` });
      }
      const { hasNextPage, endCursor } = node.pullRequests.pageInfo;
      // Further pages queue behind every first page: one busy repository cannot eat the whole budget.
      if (hasNextPage && endCursor) queue.push({ repo, after: endCursor });
      else if (!partial) touch(state, `r:${repo.id}`, runAt); // after a partial answer: first again next run
    }
    const remaining = data.rateLimit?.remaining;
    if (remaining !== undefined && remaining < minRemaining && queue.length > 0) {
      deps.log.warn(
        { installationId, remaining, deferred: queue.length },
        'GraphQL budget low; rest of this installation deferred to the next sweep',
      );
      deferred += new Set(queue.map((q) => q.repo.id)).size;
      reachedAll = false;
      break;
    }
  }
  return {
    repositories: repos.items.length,
    idle: repos.items.length - active.length,
    deferred,
    graphqlCost,
    reachedAll,
  };
}
