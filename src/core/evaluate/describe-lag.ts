import type { Snapshot } from '../snapshot.js';

/**
 * What the event says GitHub now shows, so an evaluation can tell a read that lags behind its
 * event (webhooks may arrive before the API shows the change, reliability.md §1).
 */
export interface Expected {
  /** The review the event reported, with its state (REST spelling, e.g. `dismissed`). */
  readonly review: { readonly id: string; readonly state: string; readonly reviewer: string } | null;
  /** The base branch's head after a push that changed the policy. */
  readonly baseSha: string | null;
}

export const NOTHING_EXPECTED: Expected = { review: null, baseSha: null };

/**
 * Whether the facts read from GitHub are older than the event that asked for them: GitHub
 * may deliver a webhook before its API shows the change (reliability.md §1). Returns why in
 * one sentence, or null when the read shows what the event announced.
 *
 * Only a lag is reported, never GitHub being ahead: a review the event called approved but the
 * read shows dismissed was dismissed since, and a read of a later base head than the push's
 * shows a newer policy, so both are current.
 */
export function describeLag(snapshot: Snapshot, expected: Expected): string | null {
  const { review, baseSha } = expected;
  if (review !== null) {
    const seen = snapshot.reviews.find((r) => r.id === review.id);
    if (seen === undefined) {
      return `GitHub's API does not show @${review.reviewer}'s review from this event yet`;
    }
    if (review.state.toLowerCase() === 'dismissed' && seen.state !== 'DISMISSED') {
      return `GitHub's API does not show the dismissal of @${review.reviewer}'s review yet`;
    }
  }
  if (baseSha !== null && snapshot.pullRequest.baseSha !== null && snapshot.pullRequest.baseSha !== baseSha) {
    const seen = snapshot.pullRequest.baseSha.slice(0, 7);
    return `GitHub's API shows ${snapshot.pullRequest.baseRef} at ${seen}, not yet at ${baseSha.slice(0, 7)} (the policy push)`;
  }
  return null;
}
