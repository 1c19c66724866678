import { describe, expect, it } from 'vitest';
import {
  decideBypass,
  type Fact,
  findRecordedBypass,
  type MergeSeen,
  recordMerge,
  renderBypassComment,
} from '../../../src/core/ledger/index.js';

const HEAD = 'c'.repeat(40);
const repo = { owner: 'acme', name: 'widgets', id: null };
const at = '2026-01-01T00:00:00.000Z';
const merge: MergeSeen = {
  repo,
  pr: 1,
  headSha: HEAD,
  mergeCommitSha: null,
  mergedBy: { login: 'erin', id: 5, type: 'User' },
  occurredAt: at,
};
const agent: Fact = {
  kind: 'agent-involvement',
  repo,
  pr: 1,
  occurredAt: at,
  deliveryId: null,
  agent: 'GitHub Copilot',
  commitSha: null,
  evidence: 'opener: @copilot-swe-agent',
};
const verdict = (state: 'waiting' | 'satisfied'): Fact => ({
  kind: 'verdict',
  repo,
  pr: 1,
  occurredAt: at,
  deliveryId: null,
  headSha: HEAD,
  state,
  ownState: null,
  snapshotDigest: 'x',
  policyDigest: 'y',
  checkRunId: 1,
});

describe('decideBypass', () => {
  it('is a bypass when agents took part and the last verdict on the head was not a pass', () => {
    expect(decideBypass([agent, verdict('satisfied'), verdict('waiting')], merge)).toMatchObject({
      bypass: true,
      missing: expect.stringContaining('waiting'),
    });
    expect(decideBypass([agent], merge)).toMatchObject({
      bypass: true,
      missing: expect.stringContaining('no custody check'),
    });
  });

  it('is none after a pass, without agents, or through the merge queue', () => {
    expect(decideBypass([agent, verdict('waiting'), verdict('satisfied')], merge)).toEqual({ bypass: false });
    expect(decideBypass([verdict('waiting')], merge)).toEqual({ bypass: false });
    const queued = { ...merge, mergedBy: { login: 'github-merge-queue[bot]', id: 9, type: 'Bot' as const } };
    expect(decideBypass([agent, verdict('waiting')], queued)).toEqual({ bypass: false });
  });
});

describe('recordMerge', () => {
  it('records the merge with the last verdict, and the bypass; nothing when the merge is recorded already', () => {
    const { facts } = recordMerge([agent, verdict('waiting')], merge);
    expect(facts.map((f) => f.kind)).toEqual(['merge', 'bypass']);
    expect(facts[0]).toMatchObject({ lastVerdict: { headSha: HEAD, state: 'waiting' } });
    const merged = { ...facts[0], deliveryId: null } as Fact;
    expect(recordMerge([agent, merged], merge).facts).toEqual([]);
  });
});

describe('findRecordedBypass', () => {
  it('gives back what recordMerge decided, so a retried comment says the same', () => {
    const facts = [agent, verdict('waiting')];
    const { facts: recorded, decision } = recordMerge(facts, merge);
    if (!decision.bypass) throw new Error('expected a bypass');
    const stored = recorded.map((fact) => ({ deliveryId: null, ...fact }) as Fact);
    const found = findRecordedBypass([...facts, ...stored]);
    expect(found?.decision).toEqual(decision);
    expect(renderBypassComment(found!.merge, found!.decision)).toBe(renderBypassComment(merge, decision));
  });

  it('is null when no bypass was recorded', () => {
    const { facts: recorded } = recordMerge([agent, verdict('satisfied')], merge);
    expect(
      findRecordedBypass([agent, ...recorded.map((fact) => ({ deliveryId: null, ...fact }) as Fact)]),
    ).toBeNull();
  });
});
