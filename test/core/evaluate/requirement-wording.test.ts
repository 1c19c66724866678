import { describe, expect, it } from 'vitest';
import {
  alice,
  bob,
  carol,
  claudeCoAuthor,
  copilotAgent,
  devinGit,
  unlinkedGit,
} from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { claudePullRequest, requirement, verdictOf } from './helpers.js';

/**
 * What each requirement tells the reviewer: its title (what is required), what is missing, and
 * who satisfied it. A met requirement names only the approvers that met it and asks for nothing;
 * a violated one is met by nobody, whatever the approvals.
 */

const strict = {
  signatures: { agent_commits: 'required' },
  unattributed_commits: 'block',
} as const;

describe('the base approval requirement', () => {
  it('is titled by the approvals it needs, with no rule name before them', () => {
    const verdict = verdictOf(claudePullRequest());
    expect(requirement(verdict, 'approvals').title).toBe(
      '1 approval from a human who took no part (write access)',
    );
  });

  it('asks for nothing more once exactly enough approvals stand', () => {
    const one = verdictOf(claudePullRequest().approvedBy(bob.account));
    expect(requirement(one, 'approvals')).toMatchObject({ status: 'met', satisfiedBy: ['bob'], missing: '' });
    const two = verdictOf(claudePullRequest().approvedBy(bob.account).approvedBy(carol.account), {
      approvals: { count: 2 },
    });
    expect(requirement(two, 'approvals')).toMatchObject({
      status: 'met',
      satisfiedBy: ['bob', 'carol'],
      missing: '',
    });
  });
});

describe('requirements no approval can meet', () => {
  it('are titled by what they guarantee', () => {
    const verdict = verdictOf(claudePullRequest(), strict);
    expect(requirement(verdict, 'signatures').title).toMatch(
      /^Every agent commit carries a valid signature$/,
    );
    expect(requirement(verdict, 'unattributed').title).toMatch(
      /^Every commit's author and co-authors are linked to GitHub accounts$/,
    );
  });

  it('when met, credit no approver, ask for nothing, and leave the approvers in the headline alone', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor).signed())
        .pushedBy(alice.account)
        .approvedBy(bob.account),
      strict,
    );
    for (const id of ['signatures', 'unattributed']) {
      expect(requirement(verdict, id)).toMatchObject({ status: 'met', satisfiedBy: [], missing: '' });
    }
    expect(verdict.state).toBe('satisfied');
    expect(verdict.headline).toMatch(/^Approved by @bob, who took no part \(/);
  });

  it('when violated, credit no approver even though the approvals stand', () => {
    const verdict = verdictOf(claudePullRequest().approvedBy(bob.account), strict);
    expect(requirement(verdict, 'approvals').status).toBe('met');
    expect(requirement(verdict, 'signatures')).toMatchObject({ status: 'violated', satisfiedBy: [] });
    expect(verdict.state).toBe('blocked');
  });

  it('name one commit GitHub links to no account, and say "commits have" for several', () => {
    const one = verdictOf(
      claudePullRequest()
        .withCommit(unlinkedGit, (c) => c.message('Bump version'))
        .approvedBy(bob.account),
      { unattributed_commits: 'block' },
    );
    const unattributed = requirement(one, 'unattributed');
    expect(unattributed).toMatchObject({ status: 'violated', satisfiedBy: [] });
    expect(unattributed.missing).toMatch(
      /^1 commit has an author or co-author GitHub links to no account: [0-9a-f]{7}$/,
    );
    expect(one.state).toBe('blocked');
    expect(one.headline).toMatch(/^Blocked: 1 commit has an author or co-author GitHub links to no account/);

    const two = verdictOf(
      claudePullRequest()
        .withCommit(unlinkedGit)
        .withCommit(alice.git, (c) => c.coAuthoredBy(unlinkedGit)),
      { unattributed_commits: 'block' },
    );
    expect(requirement(two, 'unattributed').missing).toMatch(
      /^2 commits have an author or co-author GitHub links to no account: [0-9a-f]{7} and [0-9a-f]{7}$/,
    );
  });
});

describe('a handoff the policy forbids', () => {
  const devinDraftsCopilotOpens = () =>
    aSnapshot()
      .openedBy(copilotAgent)
      .headRef('devin/1767225600-retry-jitter')
      .withCommit(devinGit, (c) => c.message('Add retry with jitter'))
      .pushedBy(copilotAgent)
      .approvedBy(bob.account)
      .approvedBy(carol.account);

  it('names the agents it is between, and no approval satisfies it', () => {
    const verdict = verdictOf(devinDraftsCopilotOpens(), { handoff: { block: true } });
    expect(requirement(verdict, 'handoff')).toMatchObject({
      title: 'No handoff between agents (GitHub Copilot and Devin)',
      status: 'violated',
      satisfiedBy: [],
    });
    expect(requirement(verdict, 'approvals').satisfiedBy).toEqual(['bob', 'carol']);
  });
});
