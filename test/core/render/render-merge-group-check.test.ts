import { describe, expect, it } from 'vitest';
import { evaluateMergeGroup, type GroupMember } from '../../../src/core/evaluate/evaluate-merge-group.js';
import { renderMergeGroupCheck } from '../../../src/core/render/render-merge-group-check.js';
import type { Verdict } from '../../../src/core/verdict.js';
import { waitingVerdict } from './build-verdict.js';

const waiting: Verdict = waitingVerdict();
const passing: Verdict = { ...waiting, state: 'satisfied', headline: 'Approved by @grace' };
const checkOf = (members: readonly GroupMember[] | null, problem?: string) =>
  renderMergeGroupCheck(evaluateMergeGroup(members, problem));

describe('the merge group check', () => {
  it('passes only when every PR passes', () => {
    expect(
      checkOf([
        { number: 1, verdict: passing },
        { number: 2, verdict: passing },
      ]).conclusion,
    ).toBe('success');
    const mixed = checkOf([
      { number: 1, verdict: passing },
      { number: 2, verdict: waiting },
      { number: 3, verdict: null },
    ]);
    expect(mixed).toMatchObject({
      conclusion: 'failure',
      title: '2 of 3 pull requests in this merge group are not cleared by Custody',
    });
    expect(mixed.summary).toContain('#3 not open, so not cleared');
  });

  it('fails an unknown or empty group, or one that could not be evaluated, and escapes headlines', () => {
    expect(checkOf(null).conclusion).toBe('failure');
    expect(checkOf([]).conclusion).toBe('failure');
    const failed = checkOf([{ number: 1, verdict: passing }], 'GitHub answered 502 to GET /graphql');
    expect(failed).toMatchObject({ conclusion: 'failure', title: 'GitHub answered 502 to GET /graphql' });
    const sneaky = checkOf([{ number: 1, verdict: { ...passing, headline: '<img src=x> @everyone' } }]);
    expect(sneaky.summary).not.toContain('<img');
    expect(sneaky.summary).not.toContain('@everyone');
  });
});
