import { describe, expect, it } from 'vitest';
import {
  composeOverrideHeadline,
  decideOverridePermission,
  describeBadReason,
  describeNeedlessOverride,
} from '../../../src/core/evaluate/decide-override.js';
import { evaluate } from '../../../src/core/evaluate/index.js';
import { deriveHistory, Fact, type FactInput } from '../../../src/core/ledger/index.js';
import { renderCheckRun } from '../../../src/core/render/render-check-run.js';
import { overrideMarker, renderOverrideComment } from '../../../src/core/render/render-override-note.js';
import { type OverrideGrounds, Snapshot } from '../../../src/core/snapshot.js';
import { isPassing } from '../../../src/core/verdict.js';
import { alice, bob, copilotAgent, copilotAgentGit, erin } from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot, type SnapshotBuilder } from '../../builders/snapshot.js';

const copilotPullRequest = (): SnapshotBuilder =>
  aSnapshot().openedBy(copilotAgent).withCommit(copilotAgentGit).pushedBy(copilotAgent);

const HEAD = copilotPullRequest().input().commits[0]!.sha;
const OTHER_HEAD = 'f'.repeat(40);

const ADMIN: OverrideGrounds = { permission: 'admin', teams: [] };

function override(
  by = erin.account,
  headSha = HEAD,
  reason = 'Outage: ship the fix',
  grounds: OverrideGrounds | null = ADMIN,
): Fact {
  const input: FactInput = {
    kind: 'override',
    repo: { owner: 'acme', name: 'widgets', id: null },
    pr: copilotPullRequest().input().pullRequest.number,
    occurredAt: '2026-12-05T03:00:00Z',
    by,
    reason,
    headSha,
    grounds,
  };
  return Fact.parse(input);
}

function withOverrides(builder: SnapshotBuilder, facts: readonly Fact[]): Snapshot {
  const input = builder.input();
  const history = deriveHistory(facts, {
    number: input.pullRequest.number,
    headRef: input.pullRequest.headRef,
    commitShas: input.commits.map((commit) => commit.sha),
  });
  return Snapshot.parse(JSON.parse(JSON.stringify({ ...input, history })));
}

describe('who may override', () => {
  const policy = aPolicy({});

  it('an admin may, by default', () => {
    expect(decideOverridePermission(policy, erin.account, { permission: 'admin', teams: [] })).toEqual({
      allowed: true,
      why: '@erin has admin permission on the repository.',
      grounds: { permission: 'admin', teams: [] },
    });
  });

  it.each(['maintain', 'write', 'read', 'none'] as const)('%s permission may not', (permission) => {
    const decision = decideOverridePermission(policy, bob.account, { permission, teams: [] });
    expect(decision).toEqual({
      allowed: false,
      why: `Overriding needs admin permission on the repository; @bob has ${permission}.`,
    });
  });

  it('a policy asking for maintain admits maintainers and admins, never write', () => {
    const maintainers = aPolicy({ overrides: { permission: 'maintain' } });
    const allowedWith = (permission: 'admin' | 'maintain' | 'write') =>
      decideOverridePermission(maintainers, bob.account, { permission, teams: [] }).allowed;
    expect([allowedWith('admin'), allowedWith('maintain'), allowedWith('write')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('the policy cannot lower the bar to write', () => {
    expect(() => aPolicy({ overrides: { permission: 'write' as 'maintain' } })).toThrow();
  });

  it('no collaborator at all may not', () => {
    expect(decideOverridePermission(policy, bob.account, null).allowed).toBe(false);
  });

  it('nobody may when the policy turns overrides off', () => {
    const off = aPolicy({ overrides: { allowed: false } });
    expect(decideOverridePermission(off, erin.account, { permission: 'admin', teams: [] })).toEqual({
      allowed: false,
      why: 'The policy on the base branch turns overrides off (`overrides.allowed: false`).',
    });
  });

  it('teams narrow it: an admin outside them may not, one inside may', () => {
    const narrowed = aPolicy({ overrides: { teams: ['acme/release'] } });
    expect(
      decideOverridePermission(narrowed, erin.account, { permission: 'admin', teams: [] }),
    ).toMatchObject({
      allowed: false,
    });
    expect(
      decideOverridePermission(narrowed, erin.account, { permission: 'admin', teams: ['ACME/Release'] }),
    ).toEqual({
      allowed: true,
      why: '@erin has admin permission on the repository and belongs to acme/release.',
      grounds: { permission: 'admin', teams: ['acme/release'] },
    });
    // The grounds keep only the policy's teams that qualified them, as the policy spells them.
    expect(
      decideOverridePermission(narrowed, erin.account, {
        permission: 'admin',
        teams: ['ACME/Release', 'acme/other'],
      }),
    ).toMatchObject({ grounds: { teams: ['acme/release'] } });
    // Team membership never replaces the permission.
    expect(
      decideOverridePermission(narrowed, bob.account, { permission: 'write', teams: ['acme/release'] })
        .allowed,
    ).toBe(false);
  });

  it('an agent never may, whatever its permission', () => {
    expect(decideOverridePermission(policy, copilotAgent, { permission: 'admin', teams: [] })).toMatchObject({
      allowed: false,
      why: 'Only a human may override; @Copilot is an agent.',
    });
  });

  it('the policy cannot lower the permission below admin', () => {
    expect(() => aPolicy({ overrides: { permission: 'write' as 'admin' } })).toThrow();
  });
});

describe('an override in the history', () => {
  const policy = aPolicy({});

  it('turns a waiting verdict for its head into an overridden pass that still lists what was missing', () => {
    const plain = evaluate(copilotPullRequest().build(), policy);
    expect(plain.state).toBe('waiting');
    const verdict = evaluate(withOverrides(copilotPullRequest(), [override()]), policy);
    expect(verdict.state).toBe('overridden');
    expect(isPassing(verdict.state)).toBe(true);
    expect(verdict.headline).toBe('Overridden by @erin: Outage: ship the fix');
    expect(verdict.override).toMatchObject({ by: { login: 'erin' }, overrode: 'waiting' });
    expect(verdict.requirements).toEqual(plain.requirements);
    const checkRun = renderCheckRun(verdict);
    expect(checkRun.conclusion).toBe('success');
    expect(checkRun.title).toBe('Overridden by @erin: Outage: ship the fix');
    expect(checkRun.summary).toMatch(/- \[ \] /);
  });

  it('does nothing for another head', () => {
    const verdict = evaluate(
      withOverrides(copilotPullRequest(), [override(erin.account, OTHER_HEAD)]),
      policy,
    );
    expect(verdict.state).toBe('waiting');
  });

  it('is not honoured once the policy turns overrides off', () => {
    const off = aPolicy({ overrides: { allowed: false } });
    const verdict = evaluate(withOverrides(copilotPullRequest(), [override()]), off);
    expect(verdict.state).toBe('waiting');
    expect(verdict.notes.join('\n')).toMatch(/not honoured/);
  });

  it('ends when the policy in force asks for more permission than its grounds show', () => {
    const maintainers = aPolicy({ overrides: { permission: 'maintain' } });
    const byMaintainer = withOverrides(copilotPullRequest(), [
      override(bob.account, HEAD, 'Outage', { permission: 'maintain', teams: [] }),
    ]);
    expect(evaluate(byMaintainer, maintainers).state).toBe('overridden');
    // The base branch's policy raised overrides.permission to admin after the override.
    const verdict = evaluate(byMaintainer, policy);
    expect(verdict.state).toBe('waiting');
    expect(verdict.notes).toContain(
      `@bob's override of ${HEAD.slice(0, 7)} is not honoured: the policy in force asks for admin permission on the repository, and @bob has maintain on the record`,
    );
  });

  it('ends when the policy in force newly requires teams its grounds do not show', () => {
    const snapshot = withOverrides(copilotPullRequest(), [override()]);
    const narrowed = aPolicy({ overrides: { teams: ['acme/release'] } });
    const verdict = evaluate(snapshot, narrowed);
    expect(verdict.state).toBe('waiting');
    expect(verdict.notes.join('\n')).toMatch(
      /asks for membership of acme\/release, and @erin belongs to none of them/,
    );
    // Grounds that name one of the teams still hold.
    const inTeam = withOverrides(copilotPullRequest(), [
      override(erin.account, HEAD, 'Outage', { permission: 'admin', teams: ['acme/release'] }),
    ]);
    expect(evaluate(inTeam, narrowed).state).toBe('overridden');
    expect(evaluate(inTeam, aPolicy({ overrides: { teams: ['acme/security'] } })).state).toBe('waiting');
  });

  it('counts the latest override whose grounds still hold, not a later one that lapsed', () => {
    const snapshot = withOverrides(copilotPullRequest(), [
      override(erin.account, HEAD, 'First, by an admin'),
      override(bob.account, HEAD, 'Later, by a maintainer', { permission: 'maintain', teams: [] }),
    ]);
    expect(evaluate(snapshot, aPolicy({ overrides: { permission: 'maintain' } })).headline).toBe(
      'Overridden by @bob: Later, by a maintainer',
    );
    expect(evaluate(snapshot, policy).headline).toBe('Overridden by @erin: First, by an admin');
  });

  it('recorded without its grounds (an older fact) is not honoured under any policy: fail closed', () => {
    const old = withOverrides(copilotPullRequest(), [override(erin.account, HEAD, 'Outage', null)]);
    expect(old.history.overrides[0]?.grounds).toBeNull();
    for (const p of [policy, aPolicy({ overrides: { permission: 'maintain' } })]) {
      const verdict = evaluate(old, p);
      expect(verdict.state).toBe('waiting');
      expect(verdict.notes.join('\n')).toMatch(/recorded without the overrider’s permission and teams/);
    }
  });

  it('parses an older fact without grounds as grounds: null', () => {
    const { grounds: _, ...older } = override() as Extract<Fact, { kind: 'override' }>;
    expect(Fact.parse(older)).toMatchObject({ kind: 'override', grounds: null });
  });

  it('by an agent account is ignored', () => {
    const verdict = evaluate(withOverrides(copilotPullRequest(), [override(copilotAgent)]), policy);
    expect(verdict.state).toBe('waiting');
  });

  it('leaves a verdict that passes on its own as it is', () => {
    const approved = copilotPullRequest().approvedBy(alice.account);
    const verdict = evaluate(withOverrides(approved, [override()]), policy);
    expect(verdict.state).toBe('satisfied');
    expect(describeNeedlessOverride(verdict)).toMatch(/already passes/);
  });

  it('passes a blocked verdict too, and a lagging read still never passes', () => {
    const blocking = aPolicy({ handoff: { block: true }, unattributed_commits: 'block' });
    const builder = copilotPullRequest().withCommit({
      name: 'x',
      email: 'x@localhost.localdomain',
      account: null,
    });
    const snapshot = withOverrides(builder, [override(erin.account, builder.input().pullRequest.headSha)]);
    expect(evaluate(builder.build(), blocking).state).toBe('blocked');
    expect(evaluate(snapshot, blocking).state).toBe('overridden');
    const lagging = evaluate(snapshot, blocking, { expected: { review: null, baseSha: 'e'.repeat(40) } });
    expect(lagging.state).toBe('error');
  });
});

describe('the reason', () => {
  it('must say something', () => {
    for (const blank of ['', '   ', '\u200b\u200b', '...', '\n\t'])
      expect(describeBadReason(blank)).toBe('Write the reason for the override.');
    expect(describeBadReason('Outage')).toBeNull();
    expect(describeBadReason('緊急')).toBeNull();
  });

  it('has a bound', () => {
    expect(describeBadReason('x'.repeat(1_000))).toBeNull();
    expect(describeBadReason('x'.repeat(1_001))).toMatch(/within 1000 characters/);
  });
});

describe('override texts', () => {
  it('keeps the title one short plain line', () => {
    const title = composeOverrideHeadline('erin', `line one\nline two ${'x'.repeat(500)}`);
    expect(title).not.toMatch(/\n/);
    expect(title.length).toBeLessThan(160);
  });

  it('escapes the reason in the comment and marks it for its head', () => {
    const body = renderOverrideComment({
      by: erin.account,
      reason: '@bob <img src=x> [link](https://evil.example)',
      headSha: HEAD,
      missing: ['1 approval from a human who took no part'],
    });
    expect(body.startsWith(overrideMarker(HEAD))).toBe(true);
    expect(body).not.toMatch(/<img|@bob|\]\(https:\/\//);
    expect(body).toMatch(/- 1 approval from a human who took no part/);
  });
});
