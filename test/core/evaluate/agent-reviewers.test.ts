import { describe, expect, it } from 'vitest';
import type { GitActor } from '../../../src/core/snapshot.js';
import { alice, bob, claudeCoAuthor, coderabbit, copilotReviewer } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { agentIds, approvalBy, requirement, verdictOf } from './helpers.js';

/** CodeRabbit's co-author trailer when its suggestion is committed. */
const coderabbitCoAuthor: GitActor = {
  name: 'coderabbitai[bot]',
  email: '136622811+coderabbitai[bot]@users.noreply.github.com',
  account: null,
};

function claudePullRequest() {
  return aSnapshot()
    .openedBy(alice.account)
    .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
    .pushedBy(alice.account);
}

describe('AI reviewers', () => {
  it('never count: CodeRabbit and Copilot code review approvals are ignored as agents', () => {
    const verdict = verdictOf(claudePullRequest().approvedBy(coderabbit).approvedBy(copilotReviewer));
    expect(verdict.state).toBe('waiting');
    expect(approvalBy(verdict, 'coderabbitai')).toMatchObject({ counted: false, reason: 'agent' });
    expect(approvalBy(verdict, 'coderabbitai').detail).toBe(
      '@coderabbitai is an agent (CodeRabbit); agent approvals never count',
    );
    expect(approvalBy(verdict, 'copilot-pull-request-reviewer')).toMatchObject({
      counted: false,
      reason: 'agent',
    });
  });

  it('that only review are reviewers: no provenance, no handoff, and their reviews end no approval', () => {
    const verdict = verdictOf(
      claudePullRequest().approvedBy(bob.account).reviewedBy(coderabbit, 'COMMENTED').approvedBy(coderabbit),
    );
    expect(verdict.handoff).toBe(false);
    expect(agentIds(verdict)).toEqual(['claude']);
    expect(verdict.labels).toEqual(['agent:claude']);
    expect(requirement(verdict, 'approvals').status).toBe('met');
    expect(verdict.state).toBe('satisfied');
    // Still named in the chain as having reviewed, and its approval is still refused.
    expect(verdict.chain.some((row) => row.role === 'reviewer' && row.agent?.id === 'coderabbit')).toBe(true);
    expect(approvalBy(verdict, 'coderabbitai')).toMatchObject({ counted: false, reason: 'agent' });
  });

  it('that commit are authors like any other (a suggestion applied)', () => {
    const verdict = verdictOf(
      claudePullRequest()
        .withCommit(alice.git, (c) => c.coAuthoredBy(coderabbitCoAuthor))
        .approvedBy(bob.account)
        .reviewedBy(coderabbit, 'COMMENTED'),
    );
    expect(agentIds(verdict)).toEqual(['claude', 'coderabbit']);
    expect(verdict.handoff).toBe(true);
  });

  it('make a handoff under reviewer_agents: authors, the stricter model, needing a human after them', () => {
    const strict = { reviewer_agents: 'authors' as const };
    const before = verdictOf(
      claudePullRequest().approvedBy(bob.account).reviewedBy(coderabbit, 'COMMENTED'),
      strict,
    );
    expect(before.handoff).toBe(true);
    expect(agentIds(before)).toEqual(['claude', 'coderabbit']);
    expect(before.labels).toEqual(['agent-handoff', 'agent:claude', 'agent:coderabbit']);
    expect(requirement(before, 'approvals').status).toBe('met');
    expect(requirement(before, 'handoff').status).toBe('missing');
    expect(before.state).toBe('waiting');

    const after = verdictOf(
      claudePullRequest().approvedBy(bob.account).reviewedBy(coderabbit, 'COMMENTED').approvedBy(bob.account),
      strict,
    );
    expect(after.state).toBe('satisfied');
  });

  it('do not make a PR without agent work gated', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git)
        .approvedBy(coderabbit)
        .approvedBy(copilotReviewer),
    );
    expect(verdict.state).toBe('not_applicable');
    expect(verdict.agents).toEqual([]);
    expect(verdict.labels).toEqual([]);
  });
});
