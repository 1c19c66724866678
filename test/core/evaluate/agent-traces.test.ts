import { describe, expect, it } from 'vitest';
import {
  alice,
  bob,
  CLAUDE_FOOTER,
  claudeCoAuthor,
  copilotAgent,
  copilotAgentGit,
} from '../../builders/identities.js';
import { aSnapshot, type SnapshotBuilder } from '../../builders/snapshot.js';
import { agentIds, approvalBy, verdictOf } from './helpers.js';

/** Two commits by Alice with no agent in their metadata; Bob approved the first. */
const twoHumanCommits = (configure: (pr: SnapshotBuilder) => SnapshotBuilder) =>
  configure(aSnapshot().withCommit(alice.git).withCommit(alice.git)).approvedBy(bob.account, 0);

describe('under agent_push, an agent seen only at pull-request level', () => {
  it.each([
    ['opened it', (pr: SnapshotBuilder) => pr.openedBy(copilotAgent).pushedBy(alice.account)],
    ['pushed it', (pr: SnapshotBuilder) => pr.openedBy(alice.account).pushedBy(copilotAgent)],
    [
      'is named in the body',
      (pr: SnapshotBuilder) => pr.openedBy(alice.account).pushedBy(alice.account).body(CLAUDE_FOOTER),
    ],
    [
      'named the branch',
      (pr: SnapshotBuilder) => pr.openedBy(alice.account).pushedBy(alice.account).headRef('claude/retry'),
    ],
  ])('that %s may have written any commit: an older approval is stale', (_, configure) => {
    const verdict = verdictOf(twoHumanCommits(configure), { invalidation: 'agent_push' });
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: false, reason: 'stale' });
    expect(verdict.state).toBe('waiting');
  });

  it('an approval that saw every agent commit survives a later human commit', () => {
    const pr = aSnapshot()
      .openedBy(alice.account)
      .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
      .withCommit(alice.git)
      .pushedBy(alice.account)
      .approvedBy(bob.account, 0);
    expect(verdictOf(pr, { invalidation: 'agent_push' }).state).toBe('satisfied');
    expect(verdictOf(pr, { invalidation: 'any_push' }).state).toBe('waiting');
  });
});

describe('gating', () => {
  it('an agent that only pushed gates the pull request', () => {
    const humanWork = () => aSnapshot().openedBy(alice.account).withCommit(alice.git);
    expect(verdictOf(humanWork().pushedBy(alice.account)).state).toBe('not_applicable');
    const pushed = verdictOf(humanWork().pushedBy(copilotAgent));
    expect(pushed.state).toBe('waiting');
    expect(agentIds(pushed)).toHaveLength(1);
    expect(verdictOf(humanWork().pushedBy(copilotAgent).approvedBy(bob.account)).state).toBe('satisfied');
  });

  it('a Copilot commit co-authored by Claude is a handoff between two agents', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(copilotAgentGit, (c) => c.coAuthoredBy(claudeCoAuthor))
        .pushedBy(alice.account),
    );
    expect(agentIds(verdict)).toHaveLength(2);
    expect(verdict.handoff).toBe(true);
  });

  it('renaming the policy file away gates even a human-only pull request', () => {
    const humanWork = () => aSnapshot().openedBy(alice.account).withCommit(alice.git).pushedBy(alice.account);
    expect(verdictOf(humanWork().withRename('docs/old.yml', 'docs/new.yml')).state).toBe('not_applicable');
    const renamed = verdictOf(humanWork().withRename('.github/custody.yml', '.github/custody.yml.off'));
    expect(renamed.state).toBe('waiting');
    expect(
      verdictOf(humanWork().withRename('.github/custody.yml', 'custody.yml').approvedBy(bob.account)).state,
    ).toBe('satisfied');
  });
});
