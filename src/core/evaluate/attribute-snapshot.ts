import {
  type Catalogue,
  type CommitAttribution,
  classifyAccount,
  classifyCommit,
  classifyPullRequestHints,
  type PullRequestHints,
} from '../identity/index.js';
import type { Classification } from '../identity/types.js';
import type { Account, Snapshot } from '../snapshot.js';

/** An account together with what the catalogue says it is. */
export interface AccountAttribution {
  readonly account: Account;
  readonly classification: Classification;
}

/**
 * Every actor of the snapshot, classified once. The rest of the evaluation reads only this
 * (and the snapshot), so classification cost is paid exactly once per evaluation.
 */
export interface SnapshotAttribution {
  readonly opener: AccountAttribution | null;
  readonly assignees: readonly AccountAttribution[];
  readonly pusher: AccountAttribution | null;
  /** Same order as `snapshot.commits` (oldest first). */
  readonly commits: readonly CommitAttribution[];
  readonly hints: PullRequestHints;
  /** Same order as `snapshot.reviews`; null for a deleted ("ghost") reviewer. */
  readonly reviewers: readonly (AccountAttribution | null)[];
}

export function attributeSnapshot(snapshot: Snapshot, catalogue: Catalogue): SnapshotAttribution {
  // Reviewers repeat (100 reviews by a handful of people); classify each account once.
  const cache = new Map<string, Classification>();
  const attribute = (account: Account): AccountAttribution => {
    const key = `${account.id ?? ''}\u0000${account.login}\u0000${account.type}`;
    let classification = cache.get(key);
    if (classification === undefined) {
      classification = classifyAccount(account, catalogue);
      cache.set(key, classification);
    }
    return { account, classification };
  };
  const pr = snapshot.pullRequest;
  return {
    opener: pr.opener === null ? null : attribute(pr.opener),
    assignees: pr.assignees.map(attribute),
    pusher: snapshot.pusher === null ? null : attribute(snapshot.pusher.account),
    commits: snapshot.commits.map((commit) => classifyCommit(commit, catalogue)),
    hints: classifyPullRequestHints(pr, catalogue),
    reviewers: snapshot.reviews.map((review) => (review.author === null ? null : attribute(review.author))),
  };
}
