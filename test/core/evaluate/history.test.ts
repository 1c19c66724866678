import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate/index.js';
import { deriveHistory, type Fact } from '../../../src/core/ledger/index.js';
import { Snapshot } from '../../../src/core/snapshot.js';
import { FactClock } from '../../builders/facts.js';
import {
  alice,
  bob,
  carol,
  copilotAgent,
  copilotAgentGit,
  dave,
  erin,
  HUMANS,
} from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot, fakeSha, type SnapshotBuilder } from '../../builders/snapshot.js';

/** A Copilot PR of one commit, approved by every human: who counts depends on the history alone. */
const copilotPullRequest = (): SnapshotBuilder =>
  HUMANS.reduce(
    (builder, person) => builder.approvedBy(person.account),
    aSnapshot().openedBy(copilotAgent).withCommit(copilotAgentGit).pushedBy(copilotAgent),
  );

function withHistory(builder: SnapshotBuilder, facts: readonly Fact[]): Snapshot {
  const input = builder.input();
  const commitShas = input.commits.map((commit) => commit.sha);
  const history = deriveHistory(facts, {
    number: input.pullRequest.number,
    headRef: input.pullRequest.headRef,
    commitShas,
  });
  return Snapshot.parse(JSON.parse(JSON.stringify({ ...input, history })));
}

function excludedParticipants(snapshot: Snapshot): Set<string> {
  const verdict = evaluate(snapshot, aPolicy({ approvals: { count: HUMANS.length } }));
  return new Set(
    verdict.approvals
      .filter((approval) => approval.reason === 'participant')
      .map((approval) => approval.reviewer!.login),
  );
}

describe('evaluation reads the history', () => {
  const head = aSnapshot().withCommit(copilotAgentGit).input().commits[0]!.sha;

  it('an earlier pusher stays a participant after the agent pushed on top', () => {
    const clock = new FactClock();
    const number = copilotPullRequest().input().pullRequest.number;
    const facts = [
      clock.opened(number, copilotAgent, fakeSha(50)),
      clock.push(bob.account, fakeSha(51)),
      clock.push(copilotAgent, head),
    ];
    const snapshot = withHistory(copilotPullRequest(), facts);
    expect(evaluate(snapshot, aPolicy({})).approvals.find((a) => a.reviewer?.login === 'bob')).toMatchObject({
      counted: false,
      reason: 'participant',
      detail: expect.stringContaining('(ledger)'),
    });
  });

  it('a delegator who edited herself out of the body stays one', () => {
    const clock = new FactClock();
    const number = copilotPullRequest().input().pullRequest.number;
    const snapshot = withHistory(copilotPullRequest(), [
      clock.delegation(number, alice.account, 'requester'),
    ]);
    expect(excludedParticipants(snapshot)).toEqual(new Set(['alice']));
  });

  it('an empty history changes nothing', () => {
    expect(excludedParticipants(withHistory(copilotPullRequest(), []))).toEqual(new Set());
  });

  it('participants never shrink as facts are added (property)', () => {
    const people = [alice, bob, carol, dave, erin].map((person) => person.account);
    const number = copilotPullRequest().input().pullRequest.number;
    const move = fc.record({
      kind: fc.constantFrom(
        'push',
        'force-push',
        'other-branch',
        'synchronize',
        'assignee',
        'requester',
        'opened',
      ),
      who: fc.constantFrom(...people),
      sha: fc.nat(5),
    });
    fc.assert(
      fc.property(fc.array(move, { maxLength: 12 }), (moves) => {
        const clock = new FactClock();
        const facts: Fact[] = [];
        let previous = new Set<string>();
        for (const step of moves) {
          const sha = step.sha === 0 ? head : fakeSha(60 + step.sha);
          if (step.kind === 'push' || step.kind === 'force-push')
            facts.push(clock.push(step.who, sha, { forced: step.kind === 'force-push' }));
          else if (step.kind === 'other-branch') facts.push(clock.push(step.who, sha, { ref: 'scratch' }));
          else if (step.kind === 'synchronize') facts.push(clock.synchronize(number, step.who, sha));
          else if (step.kind === 'opened') facts.push(clock.opened(number + 1, step.who, sha));
          else facts.push(clock.delegation(number, step.who, step.kind));
          const now = excludedParticipants(withHistory(copilotPullRequest(), facts));
          for (const login of previous) expect(now.has(login)).toBe(true);
          previous = now;
        }
      }),
      { numRuns: 60 },
    );
  });
});
