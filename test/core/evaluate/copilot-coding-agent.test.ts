import { describe, expect, it } from 'vitest';
import {
  alice,
  bob,
  copilotAgent,
  copilotAgentGit,
  copilotReviewer,
  webFlowGit,
} from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { agentIds, approvalBy, requirement, verdictOf } from './helpers.js';

/** A Copilot coding-agent PR as GitHub produces it: alice assigned an issue to Copilot. */
function copilotPullRequest() {
  return aSnapshot()
    .openedBy(copilotAgent)
    .assignedTo(copilotAgent, alice.account)
    .headRef('copilot/fix-flaky-retry')
    .body(
      "Thanks for assigning this issue to me. I'm starting to work on it\n\n<!-- START COPILOT CODING AGENT SUFFIX -->",
    )
    .withCommit(copilotAgentGit, (c) =>
      c.message('Initial plan').coAuthoredBy(alice.git).committedBy(webFlowGit),
    )
    .withCommit(copilotAgentGit, (c) =>
      c.message('Retry with jitter').coAuthoredBy(alice.git).committedBy(webFlowGit).signedByGitHub(),
    )
    .pushedBy(copilotAgent);
}

describe('Copilot coding agent pull request', () => {
  it('waits for a human who took no part, and says so', () => {
    const verdict = verdictOf(copilotPullRequest());
    expect(verdict.state).toBe('waiting');
    expect(agentIds(verdict)).toEqual(['copilot']);
    expect(verdict.headline).toBe(
      'Waiting for 1 approval from a human who took no part (GitHub Copilot involved)',
    );
    expect(verdict.labels).toEqual(['agent:copilot']);
    expect(verdict.comment).toBe(true);
    expect(verdict.handoff).toBe(false);
  });

  it('does not count the requester, who co-authored every commit with Copilot', () => {
    const verdict = verdictOf(copilotPullRequest().approvedBy(alice.account));
    expect(verdict.state).toBe('waiting');
    const approval = approvalBy(verdict, 'alice');
    expect(approval.counted).toBe(false);
    expect(approval.reason).toBe('participant');
    expect(approval.detail).toMatch(/^@alice co-authored [0-9a-f]{7} with GitHub Copilot \(delegator\)$/);
  });

  it('is satisfied once a teammate approves the head commit', () => {
    const verdict = verdictOf(copilotPullRequest().approvedBy(alice.account).approvedBy(bob.account));
    expect(verdict.state).toBe('satisfied');
    expect(requirement(verdict, 'approvals')).toMatchObject({ status: 'met', satisfiedBy: ['bob'] });
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: true, reason: null });
    expect(verdict.headline).toBe('Approved by @bob, who took no part (GitHub Copilot involved)');
  });

  it("does not count Copilot's own review, and Copilot reviewing Copilot is no handoff", () => {
    const verdict = verdictOf(copilotPullRequest().approvedBy(copilotReviewer));
    expect(approvalBy(verdict, 'copilot-pull-request-reviewer')).toMatchObject({
      counted: false,
      reason: 'agent',
    });
    expect(verdict.state).toBe('waiting');
    expect(verdict.handoff).toBe(false);
  });

  it('treats an assignee of an agent-opened PR as a delegator even without commits', () => {
    const verdict = verdictOf(copilotPullRequest().assignedTo(bob.account).approvedBy(bob.account));
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: false, reason: 'participant' });
    expect(approvalBy(verdict, 'bob').detail).toBe(
      '@bob is assigned to this pull request, opened by GitHub Copilot (delegator)',
    );
  });

  it('shows web-flow as the committer without making it an agent or automation', () => {
    const verdict = verdictOf(copilotPullRequest());
    const committers = verdict.chain.filter((row) => row.role === 'committer');
    expect(committers.length).toBe(2);
    expect(committers.every((row) => row.actor === '@web-flow' && row.kind === 'unknown')).toBe(true);
    expect(verdict.automation).toEqual([]);
    expect(verdict.labels).toEqual(['agent:copilot']);
  });
});
