import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate/index.js';
import type { Account, GitActor, Snapshot } from '../../../src/core/snapshot.js';
import {
  alice,
  bob,
  carol,
  claudeCoAuthor,
  copilotAgent,
  copilotAgentGit,
} from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot, type SnapshotBuilder } from '../../builders/snapshot.js';
import { approvalBy, claudePullRequest, participantsOf, verdictOf } from './helpers.js';

describe('participants by every route', () => {
  it('the assignee of an agent-opened pull request is its delegator and may not approve', () => {
    const pr = aSnapshot().openedBy(copilotAgent).assignedTo(carol.account).withCommit(copilotAgentGit);
    expect(participantsOf(pr.build()).find(carol.account)).toMatchObject({ login: 'carol', delegator: true });
    expect(participantsOf(pr.build()).find(bob.account)).toBeNull();
    const verdict = verdictOf(pr.approvedBy(carol.account));
    expect(approvalBy(verdict, 'carol')).toMatchObject({ counted: false, reason: 'participant' });
    expect(verdict.state).toBe('waiting');
  });

  it('the assignee of a human-opened pull request is no participant', () => {
    const pr = claudePullRequest().assignedTo(carol.account);
    expect(participantsOf(pr.build()).find(carol.account)).toBeNull();
    expect(verdictOf(pr.approvedBy(carol.account)).state).toBe('satisfied');
  });

  it('a delegator committing under a corporate email GitHub links to her account may not approve', () => {
    const corporate: GitActor = {
      name: 'Carol Shaw',
      email: 'carol.shaw@acme.example',
      account: carol.account,
    };
    const pr = aSnapshot()
      .openedBy(alice.account)
      .withCommit(corporate, (c) => c.coAuthoredBy(claudeCoAuthor))
      .pushedBy(alice.account);
    expect(participantsOf(pr.build()).find(carol.account)).toMatchObject({ delegator: true });
    const verdict = verdictOf(pr.approvedBy(carol.account).approvedBy(bob.account));
    expect(approvalBy(verdict, 'carol')).toMatchObject({ counted: false, reason: 'participant' });
    expect(approvalBy(verdict, 'bob').counted).toBe(true);
  });

  it.each([
    ['id+login form', `${carol.account.id}+carol@users.noreply.github.com`],
    ['old login form', 'carol@users.noreply.github.com'],
  ])('a co-author named only by an unresolved noreply trailer (%s) may not approve', (_, email) => {
    const trailerOnly: GitActor = { name: 'Carol Shaw', email, account: null };
    const pr = aSnapshot()
      .openedBy(alice.account)
      .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor).coAuthoredBy(trailerOnly))
      .pushedBy(alice.account);
    const verdict = verdictOf(pr.approvedBy(carol.account));
    expect(approvalBy(verdict, 'carol')).toMatchObject({ counted: false, reason: 'participant' });
    expect(verdict.state).toBe('waiting');
  });

  it('a participant is recognised whatever the case of the login', () => {
    const shouting: GitActor = { name: 'Carol', email: 'CAROL@users.noreply.github.com', account: null };
    const pr = claudePullRequest().withCommit(shouting);
    const reviewer: Account = { login: 'Carol', id: carol.account.id, type: 'User' };
    expect(participantsOf(pr.build()).find(reviewer)).not.toBeNull();
    expect(participantsOf(pr.build()).find({ login: 'cAROL', id: null, type: 'User' })).not.toBeNull();
    expect(approvalBy(verdictOf(pr.approvedBy(reviewer)), 'Carol').reason).toBe('participant');
  });

  it('a renamed account is the same person: matched by id, not by its old login', () => {
    const renamed: Account = { login: 'carol-shaw', id: carol.account.id, type: 'User' };
    const pr = aSnapshot()
      .openedBy(alice.account)
      .withCommit(carol.git, (c) => c.coAuthoredBy(claudeCoAuthor))
      .pushedBy(alice.account);
    expect(approvalBy(verdictOf(pr.approvedBy(renamed)), 'carol-shaw').reason).toBe('participant');
    // Someone who took over the old login is another account.
    const successor: Account = { login: 'carol', id: 777_001, type: 'User' };
    expect(approvalBy(verdictOf(pr.approvedBy(successor)), 'carol').counted).toBe(true);
  });
});

describe('reviewers that cannot count', () => {
  it('a deleted (ghost) approver, a Mannequin and a user without an id never count', () => {
    const mannequin: Account = { login: 'imported', id: 31337, type: 'Mannequin' };
    const unidentified: Account = { login: 'dana', id: null, type: 'User' };
    const verdict = verdictOf(
      claudePullRequest().approvedBy(null).approvedBy(mannequin).approvedBy(unidentified),
    );
    expect(verdict.approvals.map((approval) => [approval.counted, approval.reason])).toEqual([
      [false, 'unknown-account'],
      [false, 'unknown-account'],
      [false, 'unknown-account'],
    ]);
    expect(verdict.state).toBe('waiting');
  });

  it('a Bot account never counts, even one the catalogue calls neither agent nor automation', () => {
    const uncatalogued: Account = { login: 'acme-helper', id: 424242, type: 'Bot' };
    const asAgent = verdictOf(claudePullRequest().approvedBy(uncatalogued));
    expect(approvalBy(asAgent, 'acme-helper')).toMatchObject({ counted: false, reason: 'agent' });
    const asAutomation = verdictOf(claudePullRequest().approvedBy(uncatalogued), {
      unknown_bots: 'automation',
    });
    expect(approvalBy(asAutomation, 'acme-helper')).toMatchObject({ counted: false, reason: 'automation' });
    // web-flow's id is catalogued as neither: as a Bot it is still no human.
    const webFlowBot: Account = { login: 'web-flow', id: 19864447, type: 'Bot' };
    const verdict = verdictOf(claudePullRequest().approvedBy(webFlowBot));
    expect(approvalBy(verdict, 'web-flow')).toMatchObject({ counted: false, reason: 'bot' });
    expect(verdict.state).toBe('waiting');
  });
});

describe('reviewer access', () => {
  const withAccess = (builder: SnapshotBuilder, entries: Snapshot['reviewerAccess']) =>
    evaluate({ ...builder.build(), reviewerAccess: entries }, aPolicy());

  it('an entry with the reviewer login but another id lends no permission', () => {
    const impostor = { login: 'bob', id: 999_999, permission: 'admin' as const, teams: [] };
    const verdict = withAccess(claudePullRequest().approvedBy(bob.account), [impostor]);
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: false, reason: 'permission' });
  });

  it('an entry found by id serves a renamed reviewer; by login, whatever its case', () => {
    const byId = { login: 'bob-old-name', id: bob.account.id, permission: 'write' as const, teams: [] };
    expect(withAccess(claudePullRequest().approvedBy(bob.account), [byId]).state).toBe('satisfied');
    const byLogin = { login: 'BOB', id: null, permission: 'write' as const, teams: [] };
    expect(withAccess(claudePullRequest().approvedBy(bob.account), [byLogin]).state).toBe('satisfied');
  });
});

describe('who may approve', () => {
  it('approvals.users without teams admits only the named users, whatever the case', () => {
    const pr = claudePullRequest().approvedBy(bob.account);
    expect(verdictOf(pr, { approvals: { users: ['carol'] } }).state).toBe('waiting');
    expect(verdictOf(pr.approvedBy(carol.account), { approvals: { users: ['Carol'] } }).state).toBe(
      'satisfied',
    );
  });
});
