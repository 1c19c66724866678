import type { Octokit } from './octokit-types.js';
import type { CommentTarget } from './publish-comment.js';

/** A one-off comment on a PR (not the sticky one): a note that stays as written, e.g. a bypass. */
export async function publishNote(octokit: Octokit, target: CommentTarget, body: string): Promise<void> {
  await octokit.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    body,
  });
}
