import { describe, expect, it } from 'vitest';
import {
  alice,
  bob,
  CLAUDE_FOOTER,
  CLAUDE_TRAILER,
  carol,
  claudeCoAuthor,
  jules,
  webFlowGit,
} from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { agentIds, approvalBy, verdictOf } from './helpers.js';

/** alice works with Claude Code locally: her commits carry Claude's co-author trailer. */
function claudeAssistedPullRequest() {
  return aSnapshot()
    .openedBy(alice.account)
    .headRef('alice/retry')
    .withCommit(alice.git, (c) =>
      c.message('Add retry with jitter').coAuthoredBy(claudeCoAuthor).line(CLAUDE_FOOTER),
    )
    .withCommit(alice.git, (c) => c.message('Address review'))
    .pushedBy(alice.account);
}

describe("a human's commits co-authored by Claude", () => {
  it('are agent involvement, labelled with the agent', () => {
    const verdict = verdictOf(claudeAssistedPullRequest());
    expect(verdict.state).toBe('waiting');
    expect(agentIds(verdict)).toEqual(['claude']);
    expect(verdict.labels).toEqual(['agent:claude']);
    expect(verdict.chain.some((row) => row.role === 'co-author' && row.agent?.id === 'claude')).toBe(true);
  });

  it('may not be approved by the human who delegated to the agent', () => {
    const verdict = verdictOf(claudeAssistedPullRequest().approvedBy(alice.account));
    expect(verdict.state).toBe('waiting');
    expect(approvalBy(verdict, 'alice').reason).toBe('participant');
    expect(approvalBy(verdict, 'alice').detail).toMatch(
      /^@alice co-authored [0-9a-f]{7} with Claude Code \(delegator\)$/,
    );
  });

  it('is satisfied by a teammate', () => {
    const verdict = verdictOf(claudeAssistedPullRequest().approvedBy(alice.account).approvedBy(bob.account));
    expect(verdict.state).toBe('satisfied');
  });

  it('finds the trailer in any case and after a squash separator', () => {
    const squashed = aSnapshot()
      .openedBy(alice.account)
      .withCommit(alice.git, (c) =>
        c
          .message('Retry with jitter (#41)')
          .committedBy(webFlowGit)
          .line('* wip\n\n---------\n')
          .line(CLAUDE_TRAILER.toLowerCase()),
      )
      .pushedBy(alice.account);
    expect(agentIds(verdictOf(squashed))).toEqual(['claude']);
  });

  it('excludes a human who only committed (e.g. rebased) the agent-assisted work', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor).committedBy(carol.git))
        .pushedBy(carol.account)
        .approvedBy(carol.account),
    );
    expect(approvalBy(verdict, 'carol').reason).toBe('participant');
  });

  it('excludes the requester a Jules PR body names, though they wrote no commit', () => {
    const julesGit = {
      name: 'google-labs-jules[bot]',
      email: '161369871+google-labs-jules[bot]@users.noreply.github.com',
      account: jules,
    };
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(jules)
        .body(
          '*PR created automatically by Jules for task [1234](https://jules.google.com/task/1234) started by @carol*',
        )
        .withCommit(julesGit)
        .pushedBy(jules)
        .approvedBy(carol.account)
        .approvedBy(bob.account),
    );
    expect(approvalBy(verdict, 'carol')).toMatchObject({ counted: false, reason: 'participant' });
    expect(approvalBy(verdict, 'carol').detail).toBe(
      '@carol requested this work from Google Jules (delegator)',
    );
    expect(verdict.chain).toContainEqual(expect.objectContaining({ role: 'requester', actor: '@carol' }));
    expect(verdict.state).toBe('satisfied');
  });
});
