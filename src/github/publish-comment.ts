import type { Octokit } from './octokit-types.js';

export interface CommentTarget {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

export type CommentWrite = 'created' | 'updated' | 'unchanged' | 'none';

const normalise = (text: string): string => text.replace(/\r\n/g, '\n').trimEnd();

/**
 * The sticky reviewer comment: one per PR, found by its hidden marker (the fetch hands it over
 * as `existing`). Created only when the verdict wants one; edited only when the text changes;
 * when involvement disappears (a force-push) it is updated to say so, not deleted, so the
 * history reviewers saw stays explained. Secondary output: callers log and continue.
 */
export async function publishComment(
  octokit: Octokit,
  target: CommentTarget,
  comment: { readonly wanted: boolean; readonly body: string },
  existing: { readonly id: number; readonly body: string } | null,
): Promise<CommentWrite> {
  const { owner, repo, number } = target;
  if (!existing) {
    if (!comment.wanted) return 'none';
    await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: comment.body });
    return 'created';
  }
  if (normalise(existing.body) === normalise(comment.body)) return 'unchanged';
  await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: comment.body });
  return 'updated';
}
