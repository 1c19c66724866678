import { describe, expect, it } from 'vitest';
import { alice, bob, claudeShannon, coAuthorTrailer, human } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { approvalBy, verdictOf } from './helpers.js';

describe('names that look like agents', () => {
  it('a human named Claude committing is no agent involvement', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(claudeShannon.account)
        .withCommit(claudeShannon.git)
        .pushedBy(claudeShannon.account),
    );
    expect(verdict.state).toBe('not_applicable');
    expect(verdict.agents).toEqual([]);
  });

  it('a co-author trailer naming Claude with a human email is no agent', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) =>
          c.coAuthoredBy(claudeShannon.git).line(coAuthorTrailer(claudeShannon.git)),
        )
        .pushedBy(alice.account),
    );
    expect(verdict.state).toBe('not_applicable');
  });

  it('a human account with an agent-like login counts as a human approver', () => {
    const devin = human('devin', 7654321, 'Devin Booker');
    const jules = human('Jules', 7654322, 'Jules Verne');
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) => c.line('Co-Authored-By: Claude <noreply@anthropic.com>'))
        .pushedBy(alice.account)
        .approvedBy(devin.account)
        .approvedBy(jules.account),
    );
    expect(verdict.state).toBe('satisfied');
    expect(approvalBy(verdict, 'devin').counted).toBe(true);
  });

  it('participants are matched by numeric id, so renames and lookalike logins are told apart', () => {
    const pr = () =>
      aSnapshot()
        .openedBy(bob.account)
        .withCommit(bob.git, (c) =>
          c.coAuthoredBy(alice.git).line('Co-Authored-By: Claude <noreply@anthropic.com>'),
        )
        .pushedBy(bob.account);
    const renamedAlice = { login: 'alice-liddell', id: alice.account.id, type: 'User' } as const;
    const otherAlice = { login: 'alice', id: 99999999, type: 'User' } as const;
    expect(approvalBy(verdictOf(pr().approvedBy(renamedAlice)), 'alice-liddell').reason).toBe('participant');
    expect(approvalBy(verdictOf(pr().approvedBy(otherAlice)), 'alice').counted).toBe(true);
  });
});
