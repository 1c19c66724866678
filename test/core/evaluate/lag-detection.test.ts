import { describe, expect, it } from 'vitest';
import { describeLag } from '../../../src/core/evaluate/index.js';
import { alice, bob, carol } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';

/** Bob approved (PRR_1), carol approved (PRR_2). */
const reviewedPullRequest = () =>
  aSnapshot().openedBy(alice.account).withCommit(alice.git).approvedBy(bob.account).approvedBy(carol.account);

const reviewEvent = (id: string, state: string, reviewer: string) => ({
  review: { id, state, reviewer },
  baseSha: null,
});

describe('a read that lags behind the review event that asked for it', () => {
  it('lags while the announced review is missing, though others are there', () => {
    const snapshot = reviewedPullRequest().build();
    expect(describeLag(snapshot, reviewEvent('PRR_3', 'approved', 'dave'))).toBe(
      "GitHub's API does not show @dave's review from this event yet",
    );
  });

  it('is current when the read shows the announced review as the event gave it', () => {
    const snapshot = reviewedPullRequest().build();
    expect(describeLag(snapshot, reviewEvent('PRR_2', 'approved', 'carol'))).toBeNull();
    expect(describeLag(snapshot, reviewEvent('PRR_1', 'commented', 'bob'))).toBeNull();
  });

  it('looks for the dismissal on the announced review, not on another one', () => {
    const base = reviewedPullRequest().build();
    const snapshot = {
      ...base,
      reviews: base.reviews.map((review) =>
        review.id === 'PRR_1' ? { ...review, state: 'DISMISSED' as const } : review,
      ),
    };
    expect(describeLag(snapshot, reviewEvent('PRR_1', 'dismissed', 'bob'))).toBeNull();
    expect(describeLag(snapshot, reviewEvent('PRR_2', 'dismissed', 'carol'))).toBe(
      "GitHub's API does not show the dismissal of @carol's review yet",
    );
  });
});

describe('a read that lags behind a policy push to the base branch', () => {
  it('names both base heads by their short SHAs', () => {
    const base = reviewedPullRequest().build();
    const snapshot = { ...base, pullRequest: { ...base.pullRequest, baseSha: 'a'.repeat(40) } };
    expect(describeLag(snapshot, { review: null, baseSha: 'b'.repeat(40) })).toBe(
      "GitHub's API shows main at aaaaaaa, not yet at bbbbbbb (the policy push)",
    );
  });
});
