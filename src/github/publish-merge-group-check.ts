import type { CheckRunOutput } from '../core/output.js';
import type { Octokit } from './octokit-types.js';
import { publishCheckRun } from './publish-check-run.js';

/**
 * Posts our check on the merge group's commit. Group commits are new and short-lived, and the
 * queue asks once per group, so the run is created rather than looked up first.
 */
export async function publishMergeGroupCheck(
  octokit: Octokit,
  target: { readonly owner: string; readonly repo: string; readonly headSha: string; readonly name: string },
  output: CheckRunOutput,
): Promise<void> {
  await publishCheckRun(octokit, target, { output, externalId: null }, { existing: null });
}
