import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate/index.js';
import { alice, bob, claudeCoAuthor, copilotAgent, copilotAgentGit } from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { approvalBy, verdictOf } from './helpers.js';

describe('approvals on an older commit', () => {
  const approvedThenPushed = () =>
    aSnapshot()
      .openedBy(copilotAgent)
      .withCommit(copilotAgentGit, (c) => c.coAuthoredBy(alice.git))
      .approvedBy(bob.account, 0)
      .withCommit(alice.git, (c) => c.message('Tidy up'))
      .pushedBy(alice.account);

  it('are ignored under any_push (the default)', () => {
    const verdict = verdictOf(approvedThenPushed());
    expect(verdict.state).toBe('waiting');
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: false, reason: 'stale' });
    expect(approvalBy(verdict, 'bob').detail).toMatch(
      /^@bob approved [0-9a-f]{7}; commits were pushed after it/,
    );
  });

  it('stand under agent_push when only a human pushed after them', () => {
    const verdict = verdictOf(approvedThenPushed(), { invalidation: 'agent_push' });
    expect(verdict.state).toBe('satisfied');
  });

  it('are stale under agent_push when an agent-involved commit landed after them', () => {
    const verdict = verdictOf(
      approvedThenPushed().withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor)),
      { invalidation: 'agent_push' },
    );
    expect(approvalBy(verdict, 'bob').reason).toBe('stale');
    expect(verdict.state).toBe('waiting');
  });

  it('are stale under agent_push when who pushed the head is unknown', () => {
    const snapshot = approvedThenPushed().build();
    const verdict = evaluate({ ...snapshot, pusher: null }, aPolicy({ invalidation: 'agent_push' }));
    expect(verdict.state).toBe('waiting');
    expect(verdict.notes).toContainEqual(
      expect.stringMatching(/pushed the head commit [0-9a-f]{7} is unknown/),
    );
  });

  it('under agent_push, order is decided by ancestry, not by the (forgeable) date order GitHub lists', () => {
    const snapshot = approvedThenPushed()
      .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
      .build();
    // The agent commit (the head) claims an old date, so GitHub lists it first.
    const [first, second, head] = snapshot.commits;
    const forged = { ...snapshot, commits: [head!, first!, second!] };
    const verdict = evaluate(forged, aPolicy({ invalidation: 'agent_push' }));
    expect(approvalBy(verdict, 'bob').reason).toBe('stale');
    expect(approvalBy(verdict, 'bob').detail).toMatch(/the agent-involved commit [0-9a-f]{7} came after it$/);
    expect(verdict.state).toBe('waiting');
  });

  it('that name no commit never count', () => {
    const verdict = verdictOf(approvedThenPushed().approvedBy(bob.account, null));
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: false, reason: 'stale' });
  });
});
