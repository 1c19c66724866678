import { describe, expect, it } from 'vitest';
import { alice, bob, carol, claudeCoAuthor, dave } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { approvalBy, requirement, verdictOf } from './helpers.js';

/**
 * Teams and users narrow who may approve, per requirement. An approval counts when any
 * requirement lets it count, and each requirement says whom it accepts in words a reviewer can
 * act on ("one of acme/reviewers or @carol").
 */

const claudePullRequest = () =>
  aSnapshot()
    .openedBy(alice.account)
    .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
    .withFiles('src/retry.ts', 'infra/main.tf')
    .pushedBy(alice.account);

describe('an approval outside one rule’s allow-list', () => {
  it('still counts when another requirement accepts it', () => {
    const verdict = verdictOf(claudePullRequest().approvedBy(dave.account), {
      paths: [{ name: 'infra', globs: ['infra/**'], teams: ['acme/platform'] }],
    });
    expect(approvalBy(verdict, 'dave')).toMatchObject({ counted: true, reason: null });
    expect(requirement(verdict, 'approvals').satisfiedBy).toEqual(['dave']);
    expect(requirement(verdict, 'path:infra')).toMatchObject({ status: 'missing', satisfiedBy: [] });
    expect(verdict.state).toBe('waiting');
  });
});

describe('a users-only allow-list', () => {
  it('accepts only the users it names, whatever their case', () => {
    const policy = { approvals: { users: ['Carol'] } };
    const daveApproves = verdictOf(claudePullRequest().approvedBy(dave.account), policy);
    expect(approvalBy(daveApproves, 'dave')).toMatchObject({
      counted: false,
      reason: 'not-allowed',
      detail: '@dave is not one of the approvers the policy names (@Carol)',
    });
    expect(requirement(daveApproves, 'approvals')).toMatchObject({ status: 'missing', satisfiedBy: [] });
    expect(daveApproves.state).toBe('waiting');

    const carolApproves = verdictOf(claudePullRequest().approvedBy(carol.account), policy);
    expect(approvalBy(carolApproves, 'carol').counted).toBe(true);
    expect(carolApproves.state).toBe('satisfied');
  });

  it('does not let a team member in when the rule names users only', () => {
    const verdict = verdictOf(
      claudePullRequest().approvedBy(bob.account).withAccess(bob.account, 'admin', ['acme/platform']),
      { approvals: { users: ['carol'] } },
    );
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: false, reason: 'not-allowed' });
  });
});

describe('whom a requirement accepts, as its title and the headline say', () => {
  it('joins a team and a user with "or"', () => {
    const verdict = verdictOf(claudePullRequest(), {
      approvals: { teams: ['acme/reviewers'], users: ['carol'] },
    });
    expect(requirement(verdict, 'approvals').title).toBe(
      '1 approval from a human who took no part, one of acme/reviewers or @carol (write access)',
    );
    expect(verdict.headline).toMatch(
      /^Waiting for 1 approval from a human who took no part, one of acme\/reviewers or @carol \(/,
    );
  });

  it('lists three approvers with commas and "or" before the last', () => {
    const verdict = verdictOf(claudePullRequest(), {
      paths: [
        {
          name: 'infra',
          globs: ['infra/**'],
          approvals: 2,
          teams: ['acme/platform', 'acme/sre'],
          users: ['dave'],
        },
      ],
    });
    expect(requirement(verdict, 'path:infra').title).toBe(
      'Path rule "infra" (infra/main.tf): 2 approvals from humans who took no part, one of acme/platform, acme/sre or @dave (write access)',
    );
  });
});
