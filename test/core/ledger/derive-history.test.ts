import { describe, expect, it } from 'vitest';
import { deriveHistory } from '../../../src/core/ledger/index.js';
import { FactClock } from '../../builders/facts.js';
import { alice, bob, copilotAgent, devin, erin } from '../../builders/identities.js';
import { fakeSha } from '../../builders/snapshot.js';

const logins = (accounts: readonly { account: { login: string } }[]) =>
  accounts.map((entry) => entry.account.login);

describe('deriveHistory', () => {
  it('keeps an earlier pusher after a force-push replaced their commit', () => {
    const clock = new FactClock();
    const facts = [
      clock.push(copilotAgent, fakeSha(1)),
      clock.opened(1, copilotAgent, fakeSha(1)),
      clock.push(bob.account, fakeSha(2)),
      clock.push(copilotAgent, fakeSha(3), { forced: true }),
    ];
    const history = deriveHistory(facts, { number: 1, headRef: 'feature', commitShas: [fakeSha(3)] });
    expect(logins(history.pushers)).toEqual(['Copilot', 'bob', 'Copilot']);
    expect(history.pushers[2]!.forced).toBe(true);
  });

  it('counts a push made before a second PR was opened from the branch, and never the opener', () => {
    const clock = new FactClock();
    const facts = [
      clock.opened(1, copilotAgent, fakeSha(1)),
      clock.push(bob.account, fakeSha(2), { commits: [fakeSha(2)] }),
      clock.opened(2, erin.account, fakeSha(2)),
    ];
    const history = deriveHistory(facts, {
      number: 2,
      headRef: 'feature',
      commitShas: [fakeSha(1), fakeSha(2)],
    });
    expect(logins(history.pushers)).toEqual(['bob']);
  });

  it("keeps a pusher who built on the PR's commits, even when its opening was never recorded", () => {
    const clock = new FactClock();
    const facts = [
      clock.push(copilotAgent, fakeSha(1)),
      clock.push(bob.account, fakeSha(2), { before: fakeSha(1) }),
      clock.push(copilotAgent, fakeSha(1), { forced: true, before: fakeSha(2), commits: [] }),
    ];
    const history = deriveHistory(facts, { number: 1, headRef: 'feature', commitShas: [fakeSha(1)] });
    expect(logins(history.pushers)).toContain('bob');
  });

  it('keeps a push made while GitHub says the PR was open, when its opening was lost and the push left none of its commits', () => {
    const clock = new FactClock();
    const before = clock.push(alice.account, fakeSha(5), { commits: [fakeSha(5)] });
    const laundered = clock.push(bob.account, fakeSha(6), { before: fakeSha(4), commits: [fakeSha(6)] });
    const cleanup = clock.push(copilotAgent, fakeSha(1), { forced: true, before: fakeSha(7), commits: [] });
    const target = { number: 1, headRef: 'feature', commitShas: [fakeSha(1)] };
    // The ledger alone cannot tie bob's push to the PR: no opening, no shared commit.
    expect(logins(deriveHistory([before, laundered, cleanup], target).pushers)).toEqual(['Copilot']);
    // GitHub's opening time, between alice's push and bob's, ties every later push to it.
    const openedAt = new Date(Date.parse(before.occurredAt) + 30_000).toISOString();
    expect(logins(deriveHistory([before, laundered, cleanup], { ...target, openedAt }).pushers)).toEqual([
      'bob',
      'Copilot',
    ]);
  });

  it('ends the span GitHub gives at the merge', () => {
    const clock = new FactClock();
    const opened = clock.synchronize(1, copilotAgent, fakeSha(1));
    const merge = clock.fact({
      kind: 'merge',
      pr: 1,
      headSha: fakeSha(1),
      mergedBy: alice.account,
      mergeCommitSha: fakeSha(9),
      lastVerdict: null,
    });
    const after = clock.push(bob.account, fakeSha(8), { commits: [fakeSha(8)] });
    const history = deriveHistory([opened, merge, after], {
      number: 1,
      headRef: 'feature',
      commitShas: [fakeSha(1)],
      openedAt: opened.occurredAt,
    });
    expect(logins(history.pushers)).toEqual(['Copilot']);
  });

  it('ignores pushes to other branches and pushes that never carried the PR', () => {
    const clock = new FactClock();
    const facts = [
      clock.push(alice.account, fakeSha(7), { ref: 'feature' }),
      clock.push(bob.account, fakeSha(8), { ref: 'other' }),
      clock.opened(1, copilotAgent, fakeSha(1)),
    ];
    expect(deriveHistory(facts, { number: 1, headRef: 'feature', commitShas: [fakeSha(1)] }).pushers).toEqual(
      [],
    );
  });

  it('keeps every synchronize sender (a fork sends no push) and every delegator ever derived', () => {
    const clock = new FactClock();
    const facts = [
      clock.opened(3, devin, fakeSha(1)),
      clock.delegation(3, alice.account, 'assignee'),
      clock.delegation(3, alice.account, 'requester'),
      clock.delegation(3, alice.account, 'requester'),
      clock.synchronize(3, bob.account, fakeSha(2)),
    ];
    const history = deriveHistory(facts, {
      number: 3,
      headRef: 'feature',
      commitShas: [fakeSha(2)],
    });
    expect(logins(history.pushers)).toEqual(['bob']);
    expect(history.delegators.map((entry) => entry.via)).toEqual(['assignee', 'requester']);
  });

  it('carries reviews and verdicts as seen', () => {
    const clock = new FactClock();
    const facts = [
      clock.fact({ kind: 'review', pr: 1, reviewer: bob.account, state: 'APPROVED', commitSha: fakeSha(1) }),
      clock.verdict(1, fakeSha(1)),
      clock.verdict(2, fakeSha(9)),
    ];
    const history = deriveHistory(facts, { number: 1, headRef: 'feature', commitShas: [] });
    expect(history.reviews).toMatchObject([{ reviewer: bob.account, state: 'APPROVED' }]);
    expect(history.verdicts).toMatchObject([{ headSha: fakeSha(1), state: 'waiting', checkRunId: 4001 }]);
  });
});
