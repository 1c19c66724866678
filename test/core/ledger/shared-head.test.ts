import { describe, expect, it } from 'vitest';
import { type Fact, findSharedHead, requireSharedHead } from '../../../src/core/ledger/index.js';
import type { Verdict } from '../../../src/core/verdict.js';

const HEAD = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);
const repo = { owner: 'acme', name: 'widgets', id: null };
const at = '2026-01-01T00:00:00.000Z';
const opened = (pr: number, headSha: string): Fact => ({
  kind: 'pr-opened',
  repo,
  pr,
  occurredAt: at,
  deliveryId: null,
  opener: { login: 'bob', id: 2, type: 'User' },
  headRef: 'topic',
  headSha,
  baseRef: 'main',
  isFork: false,
});
const verdictFact = (pr: number, state: Verdict['state'], ownState: Verdict['state'] | null): Fact => ({
  kind: 'verdict',
  repo,
  pr,
  occurredAt: at,
  deliveryId: null,
  headSha: HEAD,
  state,
  ownState,
  snapshotDigest: 'x',
  policyDigest: 'y',
  checkRunId: 1,
});

const passing: Verdict = {
  state: 'satisfied',
  headline: 'Independent approval in place',
  repo: { owner: 'acme', name: 'widgets' },
  pullNumber: 1,
  headSha: HEAD,
  agents: [],
  automation: [],
  handoff: false,
  chain: [],
  requirements: [],
  approvals: [],
  labels: [],
  comment: false,
  notes: [],
};

describe('findSharedHead', () => {
  it('keeps the PRs whose head is this commit, with their own last state there', () => {
    const facts: Record<number, Fact[]> = {
      2: [opened(2, HEAD), verdictFact(2, 'waiting', 'satisfied')],
      3: [opened(3, OTHER)],
      4: [opened(4, HEAD)],
    };
    expect(findSharedHead(HEAD, [2, 3, 4], (n) => facts[n] ?? [])).toEqual([
      { number: 2, state: 'satisfied' },
      { number: 4, state: null },
    ]);
  });
});

describe('requireSharedHead', () => {
  it('leaves a PR alone on a head of its own', () => {
    expect(requireSharedHead(passing, [])).toBe(passing);
  });

  it('waits while another PR on the commit waits or was never evaluated, naming it', () => {
    const verdict = requireSharedHead(passing, [{ number: 2, state: 'waiting' }]);
    expect(verdict.state).toBe('waiting');
    expect(verdict.requirements.at(-1)).toMatchObject({ id: 'shared-head', status: 'missing' });
    expect(verdict.requirements.at(-1)?.missing).toContain('#2');
    expect(requireSharedHead(passing, [{ number: 3, state: null }]).state).toBe('waiting');
  });

  it('blocks when another PR on the commit is blocked', () => {
    expect(requireSharedHead(passing, [{ number: 2, state: 'blocked' }]).state).toBe('blocked');
  });

  it('passes when every other PR passes on its own, and still names them', () => {
    const verdict = requireSharedHead(passing, [{ number: 2, state: 'not_applicable' }]);
    expect(verdict.state).toBe('satisfied');
    expect(verdict.requirements.at(-1)).toMatchObject({
      status: 'met',
      title: expect.stringContaining('#2'),
    });
  });

  it('never turns a failing verdict into a pass', () => {
    const waiting = { ...passing, state: 'waiting' as const };
    expect(requireSharedHead(waiting, [{ number: 2, state: 'satisfied' }]).state).toBe('waiting');
  });
});
