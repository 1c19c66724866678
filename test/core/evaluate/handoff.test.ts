import { describe, expect, it } from 'vitest';
import { alice, bob, carol, copilotAgent, devinGit } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { agentIds, requirement, verdictOf } from './helpers.js';

/** Devin drafts the change (its commits, its branch); Copilot opens the pull request. */
function devinDraftsCopilotOpens() {
  return aSnapshot()
    .openedBy(copilotAgent)
    .assignedTo(alice.account)
    .headRef('devin/1767225600-retry-jitter')
    .body(
      'Link to Devin run: https://app.devin.ai/sessions/0123456789abcdef0123456789abcdef\nRequested by: @alice',
    )
    .withCommit(devinGit, (c) => c.message('Add retry with jitter'))
    .withCommit(devinGit, (c) => c.message('Fix tests'))
    .pushedBy(copilotAgent);
}

describe('a handoff between agents', () => {
  it('is detected, named and labelled', () => {
    const verdict = verdictOf(devinDraftsCopilotOpens());
    expect(verdict.handoff).toBe(true);
    expect(agentIds(verdict)).toEqual(['copilot', 'devin']);
    expect(verdict.labels).toEqual(['agent-handoff', 'agent:copilot', 'agent:devin']);
    expect(requirement(verdict, 'handoff').title).toMatch(
      /^Handoff between GitHub Copilot and Devin: 1 approval/,
    );
    expect(verdict.state).toBe('waiting');
  });

  it('needs the handoff approval count when the policy raises it', () => {
    const one = verdictOf(devinDraftsCopilotOpens().approvedBy(bob.account), { handoff: { approvals: 2 } });
    expect(requirement(one, 'approvals').status).toBe('met');
    expect(requirement(one, 'handoff')).toMatchObject({ status: 'missing', satisfiedBy: ['bob'] });
    expect(one.state).toBe('waiting');
    const two = verdictOf(devinDraftsCopilotOpens().approvedBy(bob.account).approvedBy(carol.account), {
      handoff: { approvals: 2 },
    });
    expect(two.state).toBe('satisfied');
  });

  it('never needs fewer approvals than the base rule, whatever handoff.approvals says', () => {
    const verdict = verdictOf(devinDraftsCopilotOpens().approvedBy(bob.account), {
      approvals: { count: 2 },
      handoff: { approvals: 1 },
    });
    expect(requirement(verdict, 'handoff').title).toMatch(/: 2 approvals after the last agent action/);
    expect(verdict.state).toBe('waiting');
  });

  it('is blocked outright under handoff.block, whatever the approvals', () => {
    const verdict = verdictOf(devinDraftsCopilotOpens().approvedBy(bob.account).approvedBy(carol.account), {
      handoff: { block: true },
    });
    expect(verdict.state).toBe('blocked');
    expect(requirement(verdict, 'handoff').status).toBe('violated');
    expect(verdict.headline).toBe(
      'Blocked: the policy forbids handoffs between agents (GitHub Copilot and Devin involved)',
    );
  });

  it('uses the labels the policy names, and none when labels are off', () => {
    const custom = verdictOf(devinDraftsCopilotOpens(), { labels: { prefix: 'ai/', handoff: 'ai-relay' } });
    expect(custom.labels).toEqual(['ai-relay', 'ai/copilot', 'ai/devin']);
    expect(verdictOf(devinDraftsCopilotOpens(), { labels: { enabled: false } }).labels).toEqual([]);
  });
});
