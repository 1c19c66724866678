import { describe, expect, it } from 'vitest';
import { describeForeignChecks } from '../../../src/core/evaluate/describe-foreign-checks.js';

describe('describeForeignChecks', () => {
  it('names a commit status posing as the check, who posted it and its state, and how to pin the check', () => {
    const [note, ...rest] = describeForeignChecks([
      { kind: 'status', name: 'custody', state: 'success', by: 'bob' },
    ]);
    expect(rest).toEqual([]);
    expect(note).toBe(
      'A commit status named "custody" posted by @bob (success) is on this commit and does not come from Custody. ' +
        'Unless branch protection requires "custody" from the Custody app (the required check\'s expected source), ' +
        'GitHub accepts it in place of this check.',
    );
  });

  it('names another app whose check run carries the name', () => {
    expect(
      describeForeignChecks([{ kind: 'check-run', name: 'custody', state: null, by: 'lookalike' }]),
    ).toEqual([
      expect.stringMatching(/^A check run named "custody" from the app lookalike is on this commit/),
    ]);
  });

  it('says what it knows when the creator is gone', () => {
    expect(describeForeignChecks([{ kind: 'status', name: 'gate', state: null, by: null }])).toEqual([
      expect.stringMatching(
        /^A commit status named "gate" is on this commit and does not come from Custody\. Unless branch protection requires "gate"/,
      ),
    ]);
    expect(describeForeignChecks([{ kind: 'check-run', name: 'gate', state: null, by: null }])[0]).toMatch(
      /from the app of another account/,
    );
  });

  it('nothing foreign, no note', () => {
    expect(describeForeignChecks([])).toEqual([]);
  });
});
