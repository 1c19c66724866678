import { describe, expect, it } from 'vitest';
import { alice, bob, claudeCoAuthor, coderabbit, copilotReviewer } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { agentIds, approvalBy, requirement, verdictOf } from './helpers.js';

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

  it("make a handoff when they review another agent's work, needing a human after them", () => {
    const before = verdictOf(claudePullRequest().approvedBy(bob.account).reviewedBy(coderabbit, 'COMMENTED'));
    expect(before.handoff).toBe(true);
    expect(agentIds(before)).toEqual(['claude', 'coderabbit']);
    expect(before.labels).toEqual(['agent-handoff', 'agent:claude', 'agent:coderabbit']);
    expect(requirement(before, 'approvals').status).toBe('met');
    expect(requirement(before, 'handoff').status).toBe('missing');
    expect(before.state).toBe('waiting');

    const after = verdictOf(
      claudePullRequest().approvedBy(bob.account).reviewedBy(coderabbit, 'COMMENTED').approvedBy(bob.account),
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
