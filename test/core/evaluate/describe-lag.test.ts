import { describe, expect, it } from 'vitest';
import { describeLag, NOTHING_EXPECTED } from '../../../src/core/evaluate/describe-lag.js';
import { evaluate } from '../../../src/core/evaluate/evaluate.js';
import { isPassing } from '../../../src/core/verdict.js';
import { alice, webFlowGit } from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot } from '../../builders/snapshot.js';

const BASE_HEAD = 'b'.repeat(40);

describe('describeLag: a read older than the event that asked for it', () => {
  it('is current when nothing was announced', () => {
    expect(describeLag(aSnapshot().build(), NOTHING_EXPECTED)).toBeNull();
  });

  it('lags while the announced review is missing from the read', () => {
    const snapshot = aSnapshot().build();
    const lag = describeLag(snapshot, {
      review: { id: 'PRR_missing', state: 'approved', reviewer: 'grace' },
      baseSha: null,
    });
    expect(lag).toContain("@grace's review");
  });

  it('lags while a dismissed review still reads as approved, but not the other way round', () => {
    const base = aSnapshot().build();
    const withReview = (state: 'APPROVED' | 'DISMISSED') => ({
      ...base,
      reviews: [
        {
          id: 'PRR_1',
          author: { login: 'grace', id: 7, type: 'User' as const },
          state,
          commitSha: base.pullRequest.headSha,
          submittedAt: '2026-01-01T00:00:00Z',
          authorAssociation: 'MEMBER',
        },
      ],
    });
    const dismissal = { review: { id: 'PRR_1', state: 'dismissed', reviewer: 'grace' }, baseSha: null };
    const approval = { review: { id: 'PRR_1', state: 'approved', reviewer: 'grace' }, baseSha: null };
    expect(describeLag(withReview('APPROVED'), dismissal)).toContain('dismissal');
    expect(describeLag(withReview('DISMISSED'), dismissal)).toBeNull();
    // Dismissed since the approval event: GitHub is ahead, not behind.
    expect(describeLag(withReview('DISMISSED'), approval)).toBeNull();
  });

  it('lags while the base branch reads older than the policy push', () => {
    const base = aSnapshot().build();
    const snapshot = { ...base, pullRequest: { ...base.pullRequest, baseSha: 'a'.repeat(40) } };
    expect(describeLag(snapshot, { review: null, baseSha: BASE_HEAD })).toContain('not yet at bbbbbbb');
    const current = { ...base, pullRequest: { ...base.pullRequest, baseSha: BASE_HEAD } };
    expect(describeLag(current, { review: null, baseSha: BASE_HEAD })).toBeNull();
  });
});

describe('evaluate with what the event announced', () => {
  const humanPullRequest = () =>
    aSnapshot()
      .openedBy(alice.account)
      .withCommit(alice.git, (c) => c.committedBy(webFlowGit))
      .pushedBy(alice.account)
      .build();
  const missingReview = {
    review: { id: 'PRR_missing', state: 'approved', reviewer: 'grace' },
    baseSha: null,
  };

  it('never passes on a read older than its event', () => {
    const snapshot = humanPullRequest();
    expect(isPassing(evaluate(snapshot, aPolicy()).state)).toBe(true);
    expect(isPassing(evaluate(snapshot, aPolicy(), { expected: NOTHING_EXPECTED }).state)).toBe(true);
    const lagging = evaluate(snapshot, aPolicy(), { expected: missingReview });
    expect(lagging.state).toBe('error');
    expect(lagging.headline).toContain("@grace's review from this event");
    expect(lagging.notes).toEqual([
      'Custody reads the pull request again shortly; re-run the check to do it now.',
    ]);
  });

  it('leaves a verdict that does not pass as it is', () => {
    const snapshot = humanPullRequest();
    const waiting = evaluate(snapshot, aPolicy({ applies_to: 'all' }));
    expect(waiting.state).toBe('waiting');
    expect(evaluate(snapshot, aPolicy({ applies_to: 'all' }), { expected: missingReview })).toEqual(waiting);
  });
});
