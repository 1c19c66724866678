import { describe, expect, it } from 'vitest';
import { type Account, type GitActor, History, Snapshot } from '../../../src/core/snapshot.js';
import {
  alice,
  bob,
  carol,
  claudeCoAuthor,
  copilotAgentGit,
  dave,
  devin,
  devinGit,
  erin,
} from '../../builders/identities.js';
import { aSnapshot, type SnapshotBuilder } from '../../builders/snapshot.js';
import { approvalBy, participantsOf, verdictOf } from './helpers.js';

/**
 * Who took part, by which role, and whether as a delegator: the most telling role is kept
 * (a delegator's beats a committer's, whatever order they appear in), and the accounts behind
 * GitHub's noreply emails are found by id when the email carries a usable one.
 */

const find = (builder: SnapshotBuilder, account: Account) => participantsOf(builder.build()).find(account);
const short = (builder: SnapshotBuilder, index: number) => builder.input().commits[index]!.sha.slice(0, 7);
const unlinked = (email: string): GitActor => ({ name: 'Someone', email, account: null });

describe('the most telling role is kept', () => {
  it('a committer of an earlier commit who later co-writes with an agent is a delegator', () => {
    const pr = aSnapshot()
      .openedBy(bob.account)
      .withCommit(bob.git, (c) => c.committedBy(alice.git))
      .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
      .pushedBy(bob.account);
    expect(find(pr, alice.account)).toEqual({
      login: 'alice',
      id: alice.account.id,
      delegator: true,
      detail: `@alice co-authored ${short(pr, 1)} with Claude Code (delegator)`,
    });
  });

  it('among equal roles the first seen is named; an author outranks a later pusher', () => {
    const pr = aSnapshot()
      .openedBy(alice.account)
      .withCommit(bob.git)
      .withCommit(bob.git)
      .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
      .pushedBy(bob.account);
    expect(find(pr, bob.account)).toEqual({
      login: 'bob',
      id: bob.account.id,
      delegator: false,
      detail: `@bob authored ${short(pr, 0)}`,
    });
  });

  it('the opener, a co-author, a committer and the pusher are each named by their role', () => {
    const pr = aSnapshot()
      .openedBy(erin.account)
      .withCommit(alice.git, (c) =>
        c.coAuthoredBy(claudeCoAuthor).coAuthoredBy(bob.git).committedBy(carol.git),
      )
      .pushedBy(dave.account);
    expect(find(pr, erin.account)).toMatchObject({
      delegator: false,
      detail: '@erin opened this pull request',
    });
    expect(find(pr, bob.account)).toMatchObject({
      delegator: true,
      detail: `@bob co-authored ${short(pr, 0)} with Claude Code (delegator)`,
    });
    expect(find(pr, carol.account)).toMatchObject({
      delegator: false,
      detail: `@carol committed ${short(pr, 0)}`,
    });
    expect(find(pr, dave.account)).toMatchObject({
      delegator: false,
      detail: expect.stringMatching(/^@dave pushed the head commit \w{7}$/),
    });
  });

  it('a requester named in an agent’s body is a delegator, whatever the case and the @', () => {
    const pr = aSnapshot().openedBy(devin).body('Requested by: @Carol').withCommit(devinGit).pushedBy(devin);
    expect(find(pr, carol.account)).toMatchObject({
      delegator: true,
      detail: expect.stringMatching(/^@Carol requested this work from .+ \(delegator\)$/),
    });
    expect(approvalBy(verdictOf(pr.approvedBy(carol.account)), 'carol')).toMatchObject({
      counted: false,
      reason: 'participant',
    });
  });

  it('from the ledger: an earlier pusher is a participant, a remembered delegator is a delegator', () => {
    const input = aSnapshot().openedBy(devin).withCommit(devinGit).pushedBy(devin).input();
    const history = History.parse({
      pushers: [
        {
          account: bob.account,
          headSha: input.pullRequest.headSha,
          via: 'push',
          forced: true,
          at: '2026-11-01T09:00:00Z',
        },
      ],
      delegators: [
        {
          account: carol.account,
          via: 'requester',
          agent: 'Devin',
          commitSha: null,
          at: '2026-11-01T09:01:00Z',
        },
      ],
    });
    const participants = participantsOf(Snapshot.parse({ ...input, history }));
    expect(participants.find(bob.account)).toMatchObject({
      delegator: false,
      detail: expect.stringMatching(/^@bob force-pushed \w{7} .*\(ledger\)$/),
    });
    expect(participants.find(carol.account)).toMatchObject({
      delegator: true,
      detail: '@carol requested this work from Devin (delegator, ledger)',
    });
  });
  it('a requester the ledger also remembers as a pusher under no id stays a delegator', () => {
    const input = aSnapshot()
      .openedBy(devin)
      .body('Requested by: @carol')
      .withCommit(devinGit)
      .pushedBy(devin)
      .input();
    const history = History.parse({
      pushers: [
        {
          account: { login: 'CAROL', id: null, type: 'Unknown' },
          headSha: input.pullRequest.headSha,
          via: 'synchronize',
          forced: false,
          at: '2026-11-01T09:00:00Z',
        },
      ],
    });
    expect(participantsOf(Snapshot.parse({ ...input, history })).find(carol.account)).toMatchObject({
      delegator: true,
      detail: expect.stringMatching(/^@carol requested this work from .+ \(delegator\)$/),
    });
  });
});

describe('the account behind a noreply email', () => {
  it('an id too large to be one is ignored: the login names the account', () => {
    const pr = aSnapshot()
      .openedBy(alice.account)
      .withCommit(alice.git, (c) =>
        c
          .coAuthoredBy(claudeCoAuthor)
          .coAuthoredBy(unlinked('99999999999999999999+carol@users.noreply.github.com')),
      )
      .pushedBy(alice.account);
    expect(find(pr, carol.account)).toMatchObject({ login: 'carol', id: null, delegator: true });
    expect(approvalBy(verdictOf(pr.approvedBy(carol.account)), 'carol').reason).toBe('participant');
  });

  it('the id of an `ID+login` email finds the account under its new login', () => {
    const renamed: Account = { login: 'carol-shaw', id: carol.account.id, type: 'User' };
    const pr = aSnapshot()
      .openedBy(alice.account)
      .withCommit(alice.git, (c) =>
        c
          .coAuthoredBy(claudeCoAuthor)
          .coAuthoredBy(unlinked(` ${carol.account.id}+carol@Users.NoReply.GitHub.com `)),
      )
      .pushedBy(alice.account);
    expect(find(pr, renamed)).toMatchObject({ id: carol.account.id, delegator: true });
  });

  it('an address that only looks like GitHub’s noreply names nobody', () => {
    for (const email of [
      'carol@users.noreply.github.com.attacker.example',
      'carol@usersXnoreplyXgithubXcom',
      'carol@users.noreply.github.co',
      'x carol@users.noreply.github.com',
    ]) {
      const pr = aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor).coAuthoredBy(unlinked(email)))
        .pushedBy(alice.account);
      expect(find(pr, carol.account), email).toBeNull();
    }
  });

  it('an author email with spaces around it is still read', () => {
    const pr = aSnapshot()
      .openedBy(alice.account)
      .withCommit(unlinked(` ${carol.account.id}+carol@users.noreply.github.com `))
      .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
      .pushedBy(alice.account);
    expect(find(pr, carol.account)).toMatchObject({
      id: carol.account.id,
      detail: `@carol authored ${short(pr, 0)}`,
    });
  });

  it('an account known only by its login keeps its most telling role, whatever comes after', () => {
    const oldStyle = unlinked('Carol@users.noreply.github.com');
    const pr = aSnapshot()
      .openedBy(alice.account)
      .withCommit(oldStyle, (c) => c.coAuthoredBy(claudeCoAuthor))
      .withCommit(bob.git, (c) => c.committedBy(unlinked('carol@users.noreply.github.com')))
      .pushedBy(alice.account);
    expect(find(pr, carol.account)).toMatchObject({
      id: null,
      delegator: true,
      detail: `@Carol co-authored ${short(pr, 0)} with Claude Code (delegator)`,
    });
  });
});

describe('roles beside an agent', () => {
  it('a human co-author of a commit no agent touched is a co-author, not a delegator', () => {
    const pr = aSnapshot()
      .openedBy(alice.account)
      .withCommit(alice.git, (c) => c.coAuthoredBy(bob.git))
      .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
      .pushedBy(alice.account);
    expect(find(pr, bob.account)).toEqual({
      login: 'bob',
      id: bob.account.id,
      delegator: false,
      detail: `@bob co-authored ${short(pr, 0)}`,
    });
  });

  it('an agent authoring its own commit is its author, never its own delegator', () => {
    const pr = aSnapshot().openedBy(alice.account).withCommit(copilotAgentGit).pushedBy(alice.account);
    expect(find(pr, copilotAgentGit.account!)).toMatchObject({
      delegator: false,
      detail: `@copilot-swe-agent authored ${short(pr, 0)}`,
    });
  });
});
