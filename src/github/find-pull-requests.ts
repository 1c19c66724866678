import type { Octokit } from './octokit-types.js';

/**
 * Which pull requests a webhook that names none is about. Reads only, bounded: a listing stops
 * at `limit` and says it was truncated, so the caller can log what it did not cover (the sweep
 * picks that up), never pretend it covered everything.
 */

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

export interface FoundPullRequest {
  readonly number: number;
  readonly headSha: string;
}

export interface FoundPullRequests {
  readonly pullRequests: readonly FoundPullRequest[];
  /** True when the listing stopped at the limit with more left. */
  readonly truncated: boolean;
}

const PAGE_SIZE = 100;

/**
 * Open PRs of a repository (targeting `base`, and with head `headSha`, when given), oldest
 * first, scanning at most `limit` PRs. REST `pulls.list` carries each PR's head SHA, forks
 * included, in one request per 100 PRs.
 */
export async function findOpenPullRequests(
  octokit: Octokit,
  repo: RepoRef,
  options: { readonly base?: string | null; readonly headSha?: string; readonly limit: number },
): Promise<FoundPullRequests> {
  const found: FoundPullRequest[] = [];
  let scanned = 0;
  const pages = octokit.paginate.iterator(octokit.rest.pulls.list, {
    owner: repo.owner,
    repo: repo.repo,
    state: 'open',
    // A head-SHA search looks at the most recently updated first (a re-run PR was likely just
    // pushed or reviewed); a fan-out pages oldest first, a stable order while PRs open.
    sort: options.headSha ? 'updated' : 'created',
    direction: options.headSha ? 'desc' : 'asc',
    per_page: Math.min(PAGE_SIZE, options.limit),
    ...(options.base ? { base: options.base } : {}),
  });
  for await (const page of pages) {
    for (const pr of page.data) {
      if (scanned >= options.limit) return { pullRequests: found, truncated: true };
      scanned += 1;
      if (options.headSha && pr.head.sha !== options.headSha) continue;
      found.push({ number: pr.number, headSha: pr.head.sha });
    }
  }
  return { pullRequests: found, truncated: false };
}

/**
 * Open PRs whose head is `headSha`. The check-run payload of a fork PR lists no PR, and
 * `GET /commits/{sha}/pulls` returns nothing for a commit that exists only in a fork, so the
 * open PRs are scanned for the SHA instead (one request per 100 open PRs, at most `limit`).
 */
export function findPullRequestsByHeadSha(
  octokit: Octokit,
  repo: RepoRef,
  headSha: string,
  options: { readonly limit: number },
): Promise<FoundPullRequests> {
  return findOpenPullRequests(octokit, repo, { headSha, limit: options.limit });
}

/** The queue entries of a branch, in queue order, with each entry's merge-group commit. */
export const MERGE_QUEUE_QUERY = `
query CustodyMergeQueue($owner: String!, $name: String!, $branch: String!) {
  repository(owner: $owner, name: $name) {
    mergeQueue(branch: $branch) {
      entries(first: 100) {
        totalCount
        nodes { position headCommit { oid } pullRequest { number headRefOid } }
      }
    }
  }
}`;

interface MergeQueueResponse {
  readonly repository: {
    readonly mergeQueue: {
      readonly entries: {
        readonly totalCount: number;
        readonly nodes: ReadonlyArray<{
          readonly position: number;
          readonly headCommit: { readonly oid: string } | null;
          readonly pullRequest: { readonly number: number; readonly headRefOid: string } | null;
        } | null>;
      } | null;
    } | null;
  } | null;
}

/**
 * The PRs whose changes a merge-group commit contains: the queue entry built on `headSha` and
 * every entry ahead of it (each group commit is the base plus all entries up to its own).
 * Null when the entry cannot be found or the queue cannot be read completely: the caller
 * must then fail the group's check rather than guess.
 */
export async function findMergeGroupPullRequests(
  octokit: Octokit,
  repo: RepoRef,
  group: { readonly baseRef: string; readonly headSha: string },
): Promise<FoundPullRequest[] | null> {
  const data = await octokit.graphql<MergeQueueResponse>(MERGE_QUEUE_QUERY, {
    owner: repo.owner,
    name: repo.repo,
    branch: group.baseRef,
  });
  const entries = data.repository?.mergeQueue?.entries;
  if (!entries || entries.nodes.length < entries.totalCount) return null;
  const nodes = entries.nodes.filter((node) => node !== null);
  const own = nodes.find((node) => node.headCommit?.oid === group.headSha);
  if (!own) return null;
  const ahead = nodes.filter((node) => node.position <= own.position);
  if (ahead.some((node) => node.pullRequest === null)) return null;
  return ahead
    .sort((a, b) => a.position - b.position)
    .map((node) => ({ number: node.pullRequest!.number, headSha: node.pullRequest!.headRefOid }));
}

export interface FoundRepositories {
  readonly repositories: readonly RepoRef[];
  readonly truncated: boolean;
}

/**
 * The repositories an installation governs (archived ones take no pull requests), at most
 * `limit`: a shared policy changed, so each may now be judged by different rules.
 */
export async function findInstallationRepositories(
  octokit: Octokit,
  options: { readonly limit: number },
): Promise<FoundRepositories> {
  const repositories: RepoRef[] = [];
  for (let page = 1; ; page += 1) {
    const { data } = await octokit.request('GET /installation/repositories', { per_page: PAGE_SIZE, page });
    for (const repository of data.repositories) {
      if (repository.archived) continue;
      if (repositories.length === options.limit) return { repositories, truncated: true };
      repositories.push({ owner: repository.owner.login, repo: repository.name });
    }
    if (data.repositories.length < PAGE_SIZE) return { repositories, truncated: false };
  }
}
