import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate/index.js';
import { deriveHistory, type Fact } from '../../../src/core/ledger/index.js';
import { Snapshot } from '../../../src/core/snapshot.js';
import { FactClock } from '../../builders/facts.js';
import { bob, carol, copilotAgent, copilotAgentGit } from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot, fakeSha } from '../../builders/snapshot.js';
import { approvalBy } from './helpers.js';

/**
 * Someone the ledger remembers as a pusher or a delegator may not approve, and the reason shown
 * on their approval says what the ledger saw them do: pushed, force-pushed or moved the head,
 * was assigned, or co-authored with the agent.
 */

const copilotPullRequest = () =>
  aSnapshot()
    .openedBy(copilotAgent)
    .withCommit(copilotAgentGit)
    .pushedBy(copilotAgent)
    .approvedBy(bob.account)
    .approvedBy(carol.account);

function withHistory(facts: readonly Fact[]): Snapshot {
  const input = copilotPullRequest().input();
  const history = deriveHistory(facts, {
    number: input.pullRequest.number,
    headRef: input.pullRequest.headRef,
    commitShas: input.commits.map((commit) => commit.sha),
  });
  return Snapshot.parse(JSON.parse(JSON.stringify({ ...input, history })));
}

const number = copilotPullRequest().input().pullRequest.number;
const short = (sha: string) => sha.slice(0, 7);

function reasonFor(login: string, facts: readonly Fact[]): string {
  const outcome = approvalBy(evaluate(withHistory(facts), aPolicy()), login);
  expect(outcome).toMatchObject({ counted: false, reason: 'participant' });
  return outcome.detail;
}

describe('a pusher the ledger remembers', () => {
  it('pushed, or force-pushed, to the branch', () => {
    const clock = new FactClock();
    const opened = clock.opened(number, copilotAgent, fakeSha(50));
    expect(reasonFor('bob', [opened, clock.push(bob.account, fakeSha(51))])).toBe(
      `@bob pushed ${short(fakeSha(51))} on this pull request's branch (ledger)`,
    );
    expect(reasonFor('bob', [opened, clock.push(bob.account, fakeSha(52), { forced: true })])).toBe(
      `@bob force-pushed ${short(fakeSha(52))} on this pull request's branch (ledger)`,
    );
  });

  it('moved the head through the pull request (synchronize) without a push GitHub reported', () => {
    const clock = new FactClock();
    expect(reasonFor('bob', [clock.synchronize(number, bob.account, fakeSha(53))])).toBe(
      `@bob updated the head to ${short(fakeSha(53))} on this pull request's branch (ledger)`,
    );
  });
});

describe('a delegator the ledger remembers', () => {
  it('was assigned while the agent was involved', () => {
    const clock = new FactClock();
    expect(reasonFor('carol', [clock.delegation(number, carol.account, 'assignee', 'Copilot')])).toBe(
      '@carol was assigned while Copilot was involved (delegator, ledger)',
    );
  });

  it('co-authored a commit with the agent, named when the ledger knows it', () => {
    const clock = new FactClock();
    expect(reasonFor('carol', [clock.delegation(number, carol.account, 'co-author', 'Copilot')])).toBe(
      '@carol co-authored a commit with Copilot (delegator, ledger)',
    );
    const sha = fakeSha(54);
    const named = clock.fact({
      kind: 'delegation',
      pr: number,
      delegator: carol.account,
      via: 'co-author',
      agent: 'Copilot',
      commitSha: sha,
    });
    expect(reasonFor('carol', [named])).toBe(
      `@carol co-authored ${short(sha)} with Copilot (delegator, ledger)`,
    );
  });
});
