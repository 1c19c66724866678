import { fetchOwnNotes } from './fetch-own-notes.js';
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

/**
 * A one-off note posted at most once: skipped when a comment the app wrote already carries
 * `marker` (a retry after the comment went through but something after it failed).
 */
export async function publishNoteOnce(
  octokit: Octokit,
  target: CommentTarget,
  note: { readonly marker: string; readonly body: string },
): Promise<'created' | 'exists'> {
  const notes = await fetchOwnNotes(octokit, target);
  if (notes.some((body) => body.includes(note.marker))) return 'exists';
  await publishNote(octokit, target, note.body);
  return 'created';
}
