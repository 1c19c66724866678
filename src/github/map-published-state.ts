import { COMMENT_MARKER } from '../core/output.js';
import type { ForeignCheck, ReviewerAccess } from '../core/snapshot.js';
import { IncompleteDataError } from './incomplete-data-error.js';
import { mapActor } from './map-account.js';
import type { WireCheckRunCommit, WireComment, WirePolicyCommit, WireReview } from './map-pull-request.js';

/**
 * The parts of the pull-request response that are not the snapshot: what Custody has already
 * published (its check run, its sticky comment), the policy texts, and the reviewer access the
 * reviews reveal for free.
 */

/** Our check run as published on the head commit (REST spelling: lower-case status and conclusion). */
export interface PublishedCheckRun {
  readonly id: number;
  readonly externalId: string | null;
  /** Lower-case, as REST spells it (`completed`, `in_progress`), so it compares with what we write. */
  readonly status: string;
  /** Lower-case (`success`, `action_required`, `failure`), or null while not completed. */
  readonly conclusion: string | null;
  readonly title: string | null;
  readonly summary: string | null;
}

/** What Custody has already written on this PR, so publishing writes only what changed. */
export interface PublishedState {
  readonly checkRun: PublishedCheckRun | null;
  readonly comment: { readonly id: number; readonly body: string } | null;
  readonly labels: readonly string[];
}

/** Our newest run of the check on the head commit (highest id), across our suites on that commit. */
export function latestCheckRun(head: WireCheckRunCommit): PublishedCheckRun | null {
  const runs = (head.checkSuites?.nodes ?? []).flatMap((suite) => suite?.checkRuns?.nodes ?? []);
  let latest: PublishedCheckRun | null = null;
  for (const run of runs) {
    if (!run?.databaseId || (latest && latest.id > run.databaseId)) continue;
    latest = {
      id: run.databaseId,
      externalId: run.externalId,
      status: run.status.toLowerCase(),
      conclusion: run.conclusion?.toLowerCase() ?? null,
      title: run.title,
      summary: run.summary,
    };
  }
  return latest;
}

/**
 * Checks on the head named like ours that Custody did not write: a commit status (the
 * statuses API lets any writer post one) or another app's check run.
 */
export function foreignChecksOf(
  head: WireCheckRunCommit,
  appId: number | null | undefined,
  checkName: string,
): ForeignCheck[] {
  const found: ForeignCheck[] = [];
  const status = head.status?.context;
  if (status)
    found.push({
      kind: 'status',
      name: checkName,
      state: status.state.toLowerCase(),
      by: status.creator?.login ?? null,
    });
  for (const suite of head.namedSuites?.nodes ?? []) {
    const app = suite?.app;
    if (!app || (appId != null && app.databaseId === appId)) continue;
    found.push({ kind: 'check-run', name: checkName, state: null, by: app.slug });
  }
  return found;
}

/**
 * `authorCanPushToRepository` answers "write at least" for free. Kept for the latest review of
 * each `User` who approved; bots never approve for Custody, so they are not looked up. `read`
 * here stands for "below write": enough to say the approval cannot count.
 */
export function accessFromReviews(reviews: readonly WireReview[]): ReviewerAccess[] {
  const byLogin = new Map<string, ReviewerAccess>();
  const approvers = new Set(
    reviews
      .filter((r) => r.state === 'APPROVED' && r.author?.__typename === 'User')
      .map((r) => r.author?.login),
  );
  for (const review of reviews) {
    const author = mapActor(review.author);
    if (!author || !approvers.has(review.author?.login)) continue;
    const permission = review.authorCanPushToRepository ? 'write' : 'read';
    byLogin.set(author.login, { login: author.login, id: author.id, permission, teams: [] });
  }
  return [...byLogin.values()];
}

/**
 * The text of a policy file, or null when there is none. A file that exists but cannot be read
 * whole (binary, a directory, truncated) fails closed: deciding on the defaults instead would
 * silently drop the rules someone wrote.
 */
export function policyText(commit: WirePolicyCommit | null | undefined, where: string): string | null {
  const file = commit?.file;
  if (!file) return null;
  const blob = file.object;
  if (!blob || typeof blob.text !== 'string') {
    throw new IncompleteDataError(
      `${where} exists but GitHub returned no text for it (not a text file?); fix or remove it.`,
    );
  }
  if (blob.isTruncated) {
    throw new IncompleteDataError(
      `GitHub truncated ${where}, so the policy cannot be read whole; shorten the file.`,
    );
  }
  return blob.text;
}

/** Our comment: written by the app (`viewerDidAuthor`) and carrying the marker. The oldest wins. */
export function stickyComment(
  comments: readonly WireComment[],
): { readonly id: number; readonly body: string } | null {
  const ours = comments.find(
    (c) => c.viewerDidAuthor && c.databaseId !== null && c.body.includes(COMMENT_MARKER),
  );
  return ours?.databaseId ? { id: ours.databaseId, body: ours.body } : null;
}
