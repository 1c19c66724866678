import { describe, expect, it } from 'vitest';
import { evaluateMergeGroup } from '../../../src/core/evaluate/evaluate-merge-group.js';

/** A merge group whose pull requests Custody cannot name fails, and says why. */
describe('a merge group of unknown content', () => {
  it('says it could not tell which pull requests the group contains', () => {
    for (const members of [null, []]) {
      const verdict = evaluateMergeGroup(members);
      expect(verdict.state).toBe('unknown');
      expect(verdict).toMatchObject({
        reason: expect.stringMatching(/could not tell which pull requests this merge group contains/),
      });
    }
  });

  it('gives the problem that stopped it instead, when there is one', () => {
    expect(evaluateMergeGroup(null, 'GitHub answered 502 to GET /graphql')).toEqual({
      state: 'unknown',
      reason: 'GitHub answered 502 to GET /graphql',
    });
  });
});
