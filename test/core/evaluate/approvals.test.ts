import { describe, expect, it } from 'vitest';
import { bob, carol, dave } from '../../builders/identities.js';
import { approvalBy, claudePullRequest, requirement, verdictOf } from './helpers.js';

describe('which approvals stand', () => {
  it('a later request for changes cancels an approval; a later comment does not', () => {
    const verdict = verdictOf(
      claudePullRequest()
        .approvedBy(bob.account)
        .reviewedBy(bob.account, 'CHANGES_REQUESTED')
        .approvedBy(carol.account)
        .reviewedBy(carol.account, 'COMMENTED'),
    );
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: false, reason: 'superseded' });
    expect(approvalBy(verdict, 'carol').counted).toBe(true);
    expect(verdict.state).toBe('satisfied');
  });

  it('a dismissed approval does not count; approving again does', () => {
    const dismissed = verdictOf(
      claudePullRequest().approvedBy(bob.account).reviewedBy(bob.account, 'DISMISSED'),
    );
    expect(dismissed.state).toBe('waiting');
    const again = verdictOf(
      claudePullRequest()
        .approvedBy(bob.account)
        .reviewedBy(bob.account, 'DISMISSED')
        .approvedBy(bob.account),
    );
    expect(again.state).toBe('satisfied');
    expect(again.approvals).toHaveLength(1);
  });

  it('one person approving twice is one approval', () => {
    const verdict = verdictOf(claudePullRequest().approvedBy(bob.account).approvedBy(bob.account), {
      approvals: { count: 2 },
    });
    expect(requirement(verdict, 'approvals')).toMatchObject({ status: 'missing', satisfiedBy: ['bob'] });
    expect(verdict.headline).toBe(
      'Waiting for 1 more approval from humans who took no part (Claude Code involved)',
    );
  });

  it('needs the policy permission, and fails closed when permission data is missing', () => {
    const readOnly = verdictOf(claudePullRequest().approvedBy(bob.account).withAccess(bob.account, 'read'));
    expect(approvalBy(readOnly, 'bob')).toMatchObject({ counted: false, reason: 'permission' });
    expect(approvalBy(readOnly, 'bob').detail).toBe('@bob has read access; write is needed');

    const noData = verdictOf(claudePullRequest().approvedBy(bob.account).withoutAccessData());
    expect(approvalBy(noData, 'bob')).toMatchObject({ counted: false, reason: 'permission' });
    expect(noData.state).toBe('waiting');

    const maintainNeeded = verdictOf(claudePullRequest().approvedBy(bob.account), {
      approvals: { permission: 'maintain' },
    });
    expect(approvalBy(maintainNeeded, 'bob').reason).toBe('permission');
  });

  it('never counts a deleted account or a non-user account', () => {
    const organisation = { login: 'acme', id: 1234, type: 'Organization' } as const;
    const mannequin = { login: 'imported-user', id: null, type: 'Mannequin' } as const;
    const verdict = verdictOf(
      claudePullRequest().approvedBy(null).approvedBy(organisation).approvedBy(mannequin),
    );
    expect(verdict.approvals.map((approval) => approval.reason)).toEqual([
      'unknown-account',
      'unknown-account',
      'unknown-account',
    ]);
    expect(verdict.state).toBe('waiting');
  });

  it('the pusher may not approve', () => {
    const verdict = verdictOf(claudePullRequest().pushedBy(dave.account).approvedBy(dave.account));
    expect(approvalBy(verdict, 'dave').reason).toBe('participant');
    expect(approvalBy(verdict, 'dave').detail).toMatch(/^@dave pushed the head commit [0-9a-f]{7}$/);
  });
});
