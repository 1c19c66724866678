import { z } from 'zod';
import { SWEEP_OPEN_PULL_REQUESTS_QUERY } from './graphql/sweep-open-pull-requests.js';
import { Installation, type Repository, RepositoryPage, SweepResponse } from './map-sweep-listing.js';
import type { Octokit } from './octokit-types.js';

/** The sweep's reads: one page of each listing per call, so the caller can budget every request. */

/** One page (of 100) of the app's installations; needs the app's JWT. */
export async function fetchInstallationsPage(
  octokit: Pick<Octokit, 'request'>,
  page: number,
): Promise<Installation[]> {
  const response = await octokit.request('GET /app/installations', { per_page: 100, page });
  return z.array(Installation).parse(response.data);
}

/** One page (of 100) of the repositories an installation can see, with their total. */
export async function fetchInstallationRepositoriesPage(
  octokit: Pick<Octokit, 'request'>,
  page: number,
): Promise<RepositoryPage> {
  const response = await octokit.request('GET /installation/repositories', { per_page: 100, page });
  return RepositoryPage.parse(response.data);
}

export interface OpenPullRequestsPage {
  readonly data: SweepResponse;
  /** Why part of the answer is missing (a deleted or inaccessible repository), or null. */
  readonly partialError: unknown;
}

/**
 * Open PRs of several repositories with our check run on each head, in one GraphQL query: the
 * first page of each repository, or a later page (`after`) of a single one.
 */
export async function fetchOpenPullRequestsPage(
  octokit: Pick<Octokit, 'graphql'>,
  batch: readonly { readonly repo: Repository; readonly after: string | null }[],
  options: { readonly appId: number; readonly checkName: string; readonly perPage: number },
): Promise<OpenPullRequestsPage> {
  const variables = {
    ids: batch.map((b) => b.repo.node_id),
    first: options.perPage,
    after: batch.length === 1 ? (batch[0]?.after ?? null) : null,
    appId: options.appId,
    checkName: options.checkName,
  };
  try {
    const data = SweepResponse.parse(await octokit.graphql(SWEEP_OPEN_PULL_REQUESTS_QUERY, variables));
    return { data, partialError: null };
  } catch (error) {
    // A deleted or inaccessible repository comes back as a null node plus an error. The sweep only picks
    // what to re-evaluate, so the rest of a partial answer is still useful; null nodes are retried next run.
    const parsed = SweepResponse.safeParse((error as { data?: unknown }).data);
    if (!parsed.success) throw error;
    return { data: parsed.data, partialError: error };
  }
}
