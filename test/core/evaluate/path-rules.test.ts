import { describe, expect, it } from 'vitest';
import { alice, bob, carol, claudeCoAuthor, dave } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { approvalBy, requirement, verdictOf } from './helpers.js';

const policy = {
  paths: [
    { name: 'infra', globs: ['infra/**', '.github/workflows/*'], approvals: 2, teams: ['acme/platform'] },
    { name: 'docs', globs: ['docs/**'], approvals: 1 },
  ],
};

const agentPullRequest = () =>
  aSnapshot()
    .openedBy(alice.account)
    .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
    .withFiles('src/retry.ts', '.github/workflows/ci.yml')
    .pushedBy(alice.account);

describe('a path rule needing two approvals from a team', () => {
  it('applies to dot-paths and is shown with the paths it matched', () => {
    const verdict = verdictOf(agentPullRequest().approvedBy(bob.account), policy);
    const rule = requirement(verdict, 'path:infra');
    expect(rule.title).toMatch(/^Path rule "infra" \(\.github\/workflows\/ci\.yml\): 2 approvals/);
    expect(rule.title).toContain('one of acme/platform');
    expect(verdict.requirements.map((entry) => entry.id)).toEqual(['approvals', 'path:infra']);
  });

  it('is met only by two team members, while others still count toward the base rule', () => {
    const oneMember = verdictOf(
      agentPullRequest()
        .approvedBy(bob.account)
        .approvedBy(dave.account)
        .withAccess(bob.account, 'write', ['acme/platform']),
      policy,
    );
    expect(requirement(oneMember, 'approvals').satisfiedBy).toEqual(['bob', 'dave']);
    expect(requirement(oneMember, 'path:infra')).toMatchObject({ status: 'missing', satisfiedBy: ['bob'] });
    expect(oneMember.state).toBe('waiting');
    expect(oneMember.headline).toMatch(
      /^Waiting for 1 more approval from humans who took no part, one of acme\/platform/,
    );

    const twoMembers = verdictOf(
      agentPullRequest()
        .approvedBy(bob.account)
        .approvedBy(carol.account)
        .withAccess(bob.account, 'write', ['acme/platform'])
        .withAccess(carol.account, 'admin', ['ACME/Platform']),
      policy,
    );
    expect(twoMembers.state).toBe('satisfied');
  });

  it('covers the old path of a renamed file', () => {
    const verdict = verdictOf(
      agentPullRequest().withFiles('README.md').withRename('infra/main.tf', 'legacy/main.tf'),
      policy,
    );
    expect(requirement(verdict, 'path:infra').title).toContain('infra/main.tf');
  });

  it('names the teams when an approver belongs to none of them and no rule lets them count', () => {
    const verdict = verdictOf(agentPullRequest().approvedBy(dave.account), {
      approvals: { teams: ['acme/reviewers'], users: ['carol'] },
    });
    expect(approvalBy(verdict, 'dave')).toMatchObject({ counted: false, reason: 'not-allowed' });
    expect(approvalBy(verdict, 'dave').detail).toBe(
      '@dave is not one of the approvers the policy names (acme/reviewers and @carol)',
    );
    const carolApproves = verdictOf(agentPullRequest().approvedBy(carol.account), {
      approvals: { teams: ['acme/reviewers'], users: ['Carol'] },
    });
    expect(carolApproves.state).toBe('satisfied');
  });
});
