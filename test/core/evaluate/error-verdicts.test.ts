import { describe, expect, it } from 'vitest';
import { collectKnownInvolvement, evaluate, policyErrorVerdict } from '../../../src/core/evaluate/index.js';
import { parsePolicy } from '../../../src/core/policy/parse-policy.js';
import { isPassing } from '../../../src/core/verdict.js';
import { alice, bob, claudeCoAuthor, devin, devinGit } from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot } from '../../builders/snapshot.js';

/** Devin drafted, alice finished it with Claude Code: two agents, a handoff. */
const handoffPullRequest = () =>
  aSnapshot()
    .openedBy(devin)
    .withCommit(devinGit)
    .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
    .pushedBy(alice.account)
    .approvedBy(bob.account);

const target = (headSha: string) => ({ repo: { owner: 'acme', name: 'widgets' }, pullNumber: 42, headSha });

describe('a verdict that could not decide', () => {
  it('names the head commit missing from the commits, with no further notes', () => {
    const snapshot = handoffPullRequest().build();
    const verdict = evaluate(
      { ...snapshot, pullRequest: { ...snapshot.pullRequest, headSha: 'f'.repeat(40) } },
      aPolicy(),
    );
    expect(verdict.state).toBe('error');
    expect(verdict.headline).toBe(
      "Custody could not decide: the head commit fffffff is not among the snapshot's commits (incomplete or stale data)",
    );
    expect(verdict.notes).toEqual([]);
    expect(verdict.handoff).toBe(false);
  });

  it('on a lagging read shows the agents it saw but claims no handoff and wants no labels', () => {
    const snapshot = handoffPullRequest().build();
    const decided = evaluate(snapshot, aPolicy());
    expect(isPassing(decided.state)).toBe(true);
    expect(decided.handoff).toBe(true);
    const lagging = evaluate(snapshot, aPolicy(), {
      expected: { review: { id: 'PRR_9', state: 'approved', reviewer: 'grace' }, baseSha: null },
    });
    expect(lagging.state).toBe('error');
    expect(lagging.agents).toEqual(decided.agents);
    expect(lagging.handoff).toBe(false);
    expect(lagging.labels).toEqual([]);
  });

  it('for an invalid policy names the first error, lists them all and keeps the agents seen', () => {
    const snapshot = handoffPullRequest().build();
    const parsed = parsePolicy('approvals:\n  count: 0\ninvalidation: sometimes\n', '.github/custody.yml');
    if (parsed.ok) throw new Error('the policy should be invalid');
    const verdict = policyErrorVerdict(
      target(snapshot.pullRequest.headSha),
      parsed.errors,
      collectKnownInvolvement(snapshot),
    );
    expect(parsed.errors.length).toBeGreaterThanOrEqual(2);
    expect(verdict.state).toBe('error');
    expect(verdict.headline).toMatch(
      /^Custody could not decide: invalid policy: \.github\/custody\.yml:2:\d+ approvals\.count: /,
    );
    expect(verdict.notes).toHaveLength(parsed.errors.length);
    expect(verdict.notes[0]).toBe(verdict.headline.replace('Custody could not decide: invalid policy: ', ''));
    expect(verdict.notes[1]).toMatch(/invalidation/);
    expect(verdict.agents.map((agent) => agent.id).sort()).toEqual(['claude', 'devin']);
  });

  it('for a policy that gave no error to name still says it is invalid', () => {
    const verdict = policyErrorVerdict(target('a'.repeat(40)), []);
    expect(verdict.state).toBe('error');
    expect(verdict.headline).toBe('Custody could not decide: invalid policy: unreadable');
    expect(verdict.notes).toEqual([]);
  });
});
