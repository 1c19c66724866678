import type { PublishedCheckRun } from './map-published-state.js';
import type { Octokit } from './octokit-types.js';
import type { CheckRunTarget } from './publish-check-run.js';

/**
 * Our run on a head, by REST, for the one path that has no GraphQL read to take it from: an
 * evaluation that failed before (or while) fetching. Without it every retry of a failing
 * evaluation would create another run on the same head instead of updating the one there.
 * Filtered by our app id when known, so another app's run of the same name is never touched.
 */
export async function findCheckRun(
  octokit: Octokit,
  target: CheckRunTarget,
  appId: number | null,
): Promise<PublishedCheckRun | null> {
  const { data } = await octokit.rest.checks.listForRef({
    owner: target.owner,
    repo: target.repo,
    ref: target.headSha,
    check_name: target.name,
    filter: 'latest',
    per_page: 100,
    ...(appId !== null ? { app_id: appId } : {}),
  });
  const ours = data.check_runs.find((run) => appId === null || run.app?.id === appId);
  if (!ours) return null;
  return {
    id: ours.id,
    externalId: ours.external_id ?? null,
    status: ours.status,
    conclusion: ours.conclusion ?? null,
    title: ours.output.title ?? null,
    summary: ours.output.summary ?? null,
  };
}
