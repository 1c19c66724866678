import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChainEntry,
  type ChainHead,
  canonicalJson,
  chainEntry,
  GENESIS_HASH,
  hashEntryContent,
  hashStoredContent,
  verifyChain,
} from '../../../src/core/ledger/index.js';
import { FactClock } from '../../builders/facts.js';
import { alice, bob, copilotAgent } from '../../builders/identities.js';
import { fakeSha } from '../../builders/snapshot.js';

function buildChain(count: number, repos = ['acme/widgets']): { entries: ChainEntry[]; heads: ChainHead[] } {
  const clock = new FactClock();
  const heads = new Map<string, ChainHead>();
  const entries: ChainEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    const repo = repos[index % repos.length]!;
    const fact = index % 2 === 0 ? clock.push(bob.account, fakeSha(index)) : clock.verdict(1, fakeSha(index));
    const entry = chainEntry(
      heads.get(repo) ?? null,
      repo,
      `2026-11-01T10:00:${String(index % 60).padStart(2, '0')}.000Z`,
      fact,
    );
    heads.set(repo, entry);
    entries.push(entry);
  }
  return { entries, heads: [...heads.values()].map(({ repo, seq, hash }) => ({ repo, seq, hash })) };
}

describe('canonical JSON', () => {
  it('sorts keys and writes numbers as RFC 8785 does', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.5, 'é'], c: { z: null, y: true } })).toBe(
      '{"a":[1e+21,0.5,"é"],"b":1,"c":{"y":true,"z":null}}',
    );
  });
});

describe('hashing from the stored text', () => {
  it('is sha256 over the previous hash then the canonical content: ledgers already written keep verifying', () => {
    const content = { repo: 'acme/widgets', seq: 1, recordedAt: '2026-11-01T10:00:00.000Z' };
    expect(hashEntryContent(GENESIS_HASH, { ...content, fact: { n: 1, kind: 'push' } })).toBe(
      'ad6f25c1e7a5568e0b1cf3ad8ff4b207a91901d675e9758cb7271e64dff4af82',
    );
  });

  it('gives the canonical hash for any fact text in canonical form (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), fc.string(), fc.nat(), (fact, repo, recordedAt, seq) => {
        const content = { repo, seq, recordedAt, fact };
        expect(hashStoredContent(GENESIS_HASH, { ...content, factJson: canonicalJson(fact) })).toBe(
          hashEntryContent(GENESIS_HASH, content),
        );
      }),
    );
  });
});

describe('the hash chain', () => {
  it('starts at the genesis hash and links each entry to the one before', () => {
    const { entries } = buildChain(3);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(verifyChain(entries)).toBeNull();
  });

  it('names the first entry whose content changed', () => {
    const { entries } = buildChain(5);
    const tampered = entries.map((entry) =>
      entry.seq === 3 ? { ...entry, fact: { ...(entry.fact as object), pusher: alice.account } } : entry,
    );
    expect(verifyChain(tampered)).toEqual({
      repo: 'acme/widgets',
      seq: 3,
      reason: 'its content does not match its hash (changed after it was written)',
    });
  });

  it('names a missing entry, and a truncated tail against the known head', () => {
    const { entries, heads } = buildChain(5);
    expect(verifyChain(entries.filter((entry) => entry.seq !== 2))?.seq).toBe(2);
    expect(verifyChain(entries.slice(0, 4), heads)?.reason).toMatch(
      /ends at entry 4 but its head is entry 5/,
    );
  });

  it('keeps one chain per repository', () => {
    const { entries, heads } = buildChain(6, ['acme/widgets', 'acme/gadgets']);
    expect(entries.filter((entry) => entry.repo === 'acme/gadgets').map((entry) => entry.seq)).toEqual([
      1, 2, 3,
    ]);
    expect(verifyChain(entries, heads)).toBeNull();
  });

  it('crosses a pruned run that a prune summary accounts for, and nothing else', () => {
    const { entries } = buildChain(6);
    const clock = new FactClock();
    const removed = entries.slice(1, 3);
    const summary = clock.fact({
      kind: 'prune-summary',
      retentionDays: 30,
      prs: [1],
      removed: 2,
      runs: [{ fromSeq: 2, toSeq: 3, prevHash: removed[0]!.prevHash, lastHash: removed[1]!.hash }],
    });
    const tail = chainEntry(entries[5]!, 'acme/widgets', '2026-11-02T00:00:00.000Z', summary);
    const pruned = [entries[0]!, ...entries.slice(3), tail];
    expect(verifyChain(pruned)).toBeNull();
    expect(verifyChain(pruned.filter((entry) => entry.seq !== 5))?.seq).toBe(5);
  });

  it('detects any single changed, removed or reordered entry (property)', () => {
    const { entries, heads } = buildChain(12, ['acme/widgets', 'acme/gadgets']);
    const tamper = fc.oneof(
      fc.record({ kind: fc.constant('change' as const), at: fc.nat(11), copilot: fc.boolean() }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat(11) }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat(11), other: fc.nat(11) }),
    );
    fc.assert(
      fc.property(tamper, (move) => {
        const copy = entries.slice();
        if (move.kind === 'change') {
          const entry = copy[move.at]!;
          copy[move.at] = {
            ...entry,
            recordedAt: move.copilot ? entry.recordedAt : '2030-01-01T00:00:00.000Z',
            fact: move.copilot ? { ...(entry.fact as object), pr: 99, pusher: copilotAgent } : entry.fact,
          };
        } else if (move.kind === 'remove') copy.splice(move.at, 1);
        else {
          fc.pre(copy[move.at]!.repo === copy[move.other]!.repo && move.at !== move.other);
          // A reorder as storage sees it: the positions stay, the contents trade places.
          const a = copy[move.at]!;
          const b = copy[move.other]!;
          copy[move.at] = { ...b, seq: a.seq };
          copy[move.other] = { ...a, seq: b.seq };
        }
        expect(verifyChain(copy, heads)).not.toBeNull();
      }),
    );
  });
});
