import { describe, expect, it } from 'vitest';
import {
  decideOverridePermission,
  describeNeedlessOverride,
  describeUnturnedOverride,
} from '../../../src/core/evaluate/decide-override.js';
import { evaluate } from '../../../src/core/evaluate/index.js';
import { deriveHistory, Fact, type FactInput } from '../../../src/core/ledger/index.js';
import {
  type Account,
  type OverrideGrounds,
  Snapshot,
  type SnapshotInput,
} from '../../../src/core/snapshot.js';
import { alice, bob, copilotAgent, copilotAgentGit, dependabot, erin } from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot, type SnapshotBuilder } from '../../builders/snapshot.js';

/** Copilot's coding agent opened and wrote it; who pushed the head GitHub did not say. */
const copilotPullRequest = (): SnapshotBuilder =>
  aSnapshot().openedBy(copilotAgent).withCommit(copilotAgentGit);

const ADMIN: OverrideGrounds = { permission: 'admin', teams: [] };
const AT = '2026-12-05T03:00:00Z';

function overrideOf(headSha: string, reason = 'Outage: ship the fix', by: Account = erin.account): Fact {
  const input: FactInput = {
    kind: 'override',
    repo: { owner: 'acme', name: 'widgets', id: null },
    pr: 42,
    occurredAt: AT,
    by,
    reason,
    headSha,
    grounds: ADMIN,
  };
  return Fact.parse(input);
}

/** The snapshot the app would read once the ledger holds these facts. */
function withHistory(input: SnapshotInput, facts: readonly Fact[]): Snapshot {
  const history = deriveHistory(facts, {
    number: input.pullRequest.number,
    headRef: input.pullRequest.headRef,
    commitShas: input.commits.map((commit) => commit.sha),
  });
  return Snapshot.parse(JSON.parse(JSON.stringify({ ...input, history })));
}

/** The builder's snapshot with an override of its head, by @erin (an admin). */
function overridden(builder: SnapshotBuilder, reason?: string): Snapshot {
  const input = builder.input();
  return withHistory(input, [overrideOf(input.pullRequest.headSha, reason)]);
}

const short = (sha: string) => sha.slice(0, 7);

describe('who may override, as they are told', () => {
  const policy = aPolicy({});

  it('someone GitHub shows no access for is told the permission they lack', () => {
    expect(decideOverridePermission(policy, bob.account, null)).toEqual({
      allowed: false,
      why: 'Overriding needs admin permission on the repository; @bob has none.',
    });
  });

  it('automation is refused as automation', () => {
    expect(decideOverridePermission(policy, dependabot, ADMIN)).toEqual({
      allowed: false,
      why: 'Only a human may override; @dependabot is automation.',
    });
  });

  it('an account GitHub does not show as a person or a bot is refused as such', () => {
    const organisation: Account = { login: 'acme', id: 1342004, type: 'Organization' };
    expect(decideOverridePermission(policy, organisation, ADMIN)).toEqual({
      allowed: false,
      why: 'Only a human may override; @acme is an account GitHub could not identify as a person.',
    });
  });

  it('an admin in two of the policy teams is told both', () => {
    const narrowed = aPolicy({ overrides: { teams: ['acme/release', 'acme/security'] } });
    expect(
      decideOverridePermission(narrowed, erin.account, {
        permission: 'admin',
        teams: ['acme/security', 'acme/release'],
      }),
    ).toMatchObject({
      allowed: true,
      why: '@erin has admin permission on the repository and belongs to acme/release, acme/security.',
    });
  });

  it('an admin in none of the policy teams is told which teams would do', () => {
    const narrowed = aPolicy({ overrides: { teams: ['acme/release', 'acme/security'] } });
    expect(decideOverridePermission(narrowed, erin.account, ADMIN)).toEqual({
      allowed: false,
      why: 'Overriding needs membership of acme/release, acme/security; @erin belongs to none of them.',
    });
  });
});

describe('an override that is recorded', () => {
  const policy = aPolicy({});

  it('passes the check, keeps the notes already there and adds who overrode which commit and when', () => {
    const builder = copilotPullRequest();
    const head = builder.input().pullRequest.headSha;
    const plain = evaluate(builder.build(), policy);
    expect(plain.notes).toContain(`Who pushed the head commit ${short(head)} is unknown`);
    const verdict = evaluate(overridden(builder), policy);
    expect(verdict.state).toBe('overridden');
    expect(verdict.notes).toEqual([
      ...plain.notes,
      `@erin overrode Custody on ${short(head)} at ${AT}, with the requirements not met`,
    ]);
  });

  it('shows its reason in the title without the spaces around it', () => {
    const verdict = evaluate(overridden(copilotPullRequest(), '  Outage: ship the fix  '), policy);
    expect(verdict.headline).toBe('Overridden by @erin: Outage: ship the fix');
  });

  it('on a change that passes without it leaves the pass and says the override was not needed', () => {
    const builder = copilotPullRequest().approvedBy(bob.account);
    const head = builder.input().pullRequest.headSha;
    const verdict = evaluate(overridden(builder), policy);
    expect(verdict.state).toBe('satisfied');
    expect(verdict.notes).toContain(`@erin overrode ${short(head)}, which passes without it`);
  });

  it('never passes a check Custody could not evaluate, and says so', () => {
    // GitHub's head is a commit the read did not return: inconsistent data, an error.
    const input = copilotPullRequest().input();
    const head = 'f'.repeat(40);
    const snapshot = withHistory({ ...input, pullRequest: { ...input.pullRequest, headSha: head } }, [
      overrideOf(head),
    ]);
    const verdict = evaluate(snapshot, policy);
    expect(verdict.state).toBe('error');
    expect(verdict.headline).toMatch(/^Custody could not decide: the head commit f{7} is not among/);
    expect(verdict.notes).toEqual([
      `@erin's override of ${short(head)} cannot pass a check Custody could not evaluate`,
    ]);
  });
});

describe('whether an override would do anything, as the overrider is told before it is recorded', () => {
  const policy = aPolicy({});

  it('a waiting or blocked check can be overridden', () => {
    const waiting = evaluate(copilotPullRequest().build(), policy);
    expect(waiting.state).toBe('waiting');
    expect(describeNeedlessOverride(waiting)).toBeNull();
  });

  it('a check Custody could not evaluate cannot', () => {
    const input = copilotPullRequest().input();
    const stale = { ...input, pullRequest: { ...input.pullRequest, headSha: 'f'.repeat(40) } };
    const verdict = evaluate(Snapshot.parse(stale), policy);
    expect(verdict.state).toBe('error');
    expect(describeNeedlessOverride(verdict)).toBe(
      'Custody could not evaluate this pull request: an override cannot pass it.',
    );
  });

  it('an override that turns the check needs no explanation', () => {
    const builder = copilotPullRequest();
    const before = evaluate(builder.build(), policy);
    const after = evaluate(overridden(builder), policy);
    expect(describeUnturnedOverride(before, after)).toBeNull();
  });

  it('an override of a passing check is refused because it passes', () => {
    const builder = copilotPullRequest().approvedBy(alice.account).approvedBy(bob.account);
    const before = evaluate(builder.build(), policy);
    expect(before.state).toBe('satisfied');
    expect(describeUnturnedOverride(before, evaluate(overridden(builder), policy))).toBe(
      'Custody’s check already passes on this commit: there is nothing to override.',
    );
  });

  it('an override the policy would not honour is refused with what the check would still say', () => {
    const builder = copilotPullRequest();
    const before = evaluate(builder.build(), policy);
    const off = aPolicy({ overrides: { allowed: false } });
    const after = evaluate(overridden(builder), off);
    expect(after.state).toBe('waiting');
    expect(describeUnturnedOverride(before, after)).toBe(
      `Custody’s check would still not pass with an override: ${after.headline}.`,
    );
    expect(after.headline).toMatch(/^Waiting for 1 approval/);
  });
});
