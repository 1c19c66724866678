import { describe, expect, it } from 'vitest';
import {
  describePolicyOrigin,
  describeProposedPolicy,
  describeRequiredOrgPolicy,
} from '../../../src/core/policy/describe-policy-origin.js';

const org = { orgRepository: 'acme/.github', orgUnreadable: false };

describe('describePolicyOrigin', () => {
  it('names the file and what it extends', () => {
    expect(
      describePolicyOrigin({ ...org, files: ['acme/widgets@main:.github/custody.yml', 'acme/.github'] }),
    ).toEqual(['Policy: acme/widgets@main:.github/custody.yml, extends acme/.github']);
  });

  it('says the defaults were used, and where it looked', () => {
    expect(describePolicyOrigin({ ...org, files: [] })).toEqual([
      'Policy: built-in defaults (no .github/custody.yml on the base branch or in acme/.github)',
    ]);
  });

  it('says plainly when the organisation repository could not be read', () => {
    const notes = describePolicyOrigin({ ...org, files: [], orgUnreadable: true });
    expect(notes[0]).toBe('Policy: built-in defaults (no .github/custody.yml on the base branch)');
    expect(notes[1]).toMatch(
      /acme\/\.github was not readable .*not applied.*CUSTODY_REQUIRE_ORG_POLICY=true/,
    );
    expect(describeRequiredOrgPolicy({ ...org, files: [], orgUnreadable: true })).toMatch(/acme\/\.github/);
    expect(describeRequiredOrgPolicy({ ...org, files: [] })).toBeNull();
  });
});

describe('describeProposedPolicy', () => {
  it('lists located errors, at most ten', () => {
    const errors = Array.from({ length: 12 }, (_, i) => ({
      file: '.github/custody.yml',
      path: 'approvals.count',
      line: i + 1,
      column: 3,
      message: 'must be at least 1',
    }));
    const notes = describeProposedPolicy(errors);
    expect(notes[0]).toMatch(/proposes is invalid \(12 errors\)/);
    expect(notes[1]).toBe('.github/custody.yml:1:3 approvals.count: must be at least 1');
    expect(notes).toHaveLength(12);
    expect(notes[11]).toMatch(/and 2 more/);
    expect(describeProposedPolicy([])).toEqual([]);
    expect(describeProposedPolicy(null)).toEqual([]);
  });
});
