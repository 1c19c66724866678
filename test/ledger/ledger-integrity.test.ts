import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChainEntry, Fact } from '../../src/core/ledger/index.js';
import type { Ledger } from '../../src/ledger/index.js';
import { FactClock } from '../builders/facts.js';
import { alice, bob, copilotAgent } from '../builders/identities.js';
import { fakeSha } from '../builders/snapshot.js';
import { LEDGER_TARGETS } from './ledger-targets.js';

async function exportAll(ledger: Ledger): Promise<ChainEntry[]> {
  const entries: ChainEntry[] = [];
  for await (const entry of ledger.export({ pageSize: 5 })) entries.push(entry);
  return entries;
}

/** A small history over two repositories, appended in batches of the given sizes. */
async function fillLedger(ledger: Ledger, batches: readonly number[]): Promise<void> {
  const clocks = [new FactClock(), new FactClock({ owner: 'acme', name: 'gadgets', id: 9 })];
  let n = 0;
  for (const size of batches) {
    const facts: Fact[] = [];
    for (let index = 0; index < size; index += 1, n += 1) {
      const clock = clocks[n % 2]!;
      facts.push(n % 3 === 0 ? clock.push(bob.account, fakeSha(n)) : clock.verdict(1 + (n % 4), fakeSha(n)));
    }
    await ledger.append(facts);
  }
}

const batchesArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 });

describe.each(LEDGER_TARGETS)('ledger integrity on $name', (target) => {
  it('export then import is the identity (property)', async () => {
    await fc.assert(
      fc.asyncProperty(batchesArb, async (batches) => {
        const { ledger: source } = await target.open();
        const { ledger: copy } = await target.open();
        await fillLedger(source, batches);
        const exported = await exportAll(source);
        expect(await copy.import(exported)).toBe(exported.length);
        expect(await exportAll(copy)).toEqual(exported);
        expect(await copy.verify()).toMatchObject({ ok: true, checked: exported.length });
        expect(await copy.chainHead('acme/widgets')).toEqual(await source.chainHead('acme/widgets'));
        // The fast path (facts kept as their stored text) imports the same ledger.
        const { ledger: fromText } = await target.open();
        await fromText.import(source.exportStored());
        expect(await exportAll(fromText)).toEqual(exported);
        await fromText.close();
        await source.close();
        await copy.close();
      }),
      { numRuns: 5 },
    );
  }, 90_000);

  it('verify names any single changed, removed or reordered entry (property)', async () => {
    const tamper = fc.record({
      kind: fc.constantFrom('change', 'remove', 'swap'),
      at: fc.integer({ min: 1, max: 5 }),
      other: fc.integer({ min: 1, max: 5 }),
    });
    await fc.assert(
      fc.asyncProperty(tamper, async ({ kind, at, other }) => {
        fc.pre(kind !== 'swap' || at !== other);
        const { ledger, db } = await target.open();
        await fillLedger(ledger, [4, 3, 3]);
        const row = (seq: number) =>
          db
            .selectFrom('ledger_entries')
            .selectAll()
            .where('repo', '=', 'acme/widgets')
            .where('seq', '=', seq)
            .executeTakeFirstOrThrow();
        const entries = db.updateTable('ledger_entries').where('repo', '=', 'acme/widgets');
        if (kind === 'change') {
          const fact = JSON.parse((await row(at)).fact) as { pr: number | null };
          await entries
            .set({ fact: JSON.stringify({ ...fact, pr: 99 }) })
            .where('seq', '=', at)
            .execute();
        } else if (kind === 'remove') {
          await db
            .deleteFrom('ledger_entries')
            .where('repo', '=', 'acme/widgets')
            .where('seq', '=', at)
            .execute();
        } else {
          const [a, b] = [await row(at), await row(other)];
          const contents = (r: typeof a) => ({
            fact: r.fact,
            hash: r.hash,
            prev_hash: r.prev_hash,
            recorded_at: r.recorded_at,
          });
          // The positions stay; the contents trade places.
          await entries.set(contents(b)).where('seq', '=', at).execute();
          await entries.set(contents(a)).where('seq', '=', other).execute();
        }
        const result = await ledger.verify();
        expect(result.ok).toBe(false);
        expect(result.problem).toMatchObject({
          repo: 'acme/widgets',
          seq: kind === 'swap' ? Math.min(at, other) : at,
        });
        await ledger.close();
      }),
      { numRuns: 8 },
    );
  }, 90_000);

  it('prunes closed PRs past the retention, leaving a summary the chain verifies through', async () => {
    let now = new Date(Date.UTC(2026, 10, 2));
    const { ledger } = await target.open({ now: () => now });
    const clock = new FactClock();
    const closed = (pr: number) =>
      clock.fact({ kind: 'pr-closed', pr, sender: alice.account, merged: false, headSha: fakeSha(pr) });
    await ledger.append([
      clock.opened(1, copilotAgent, fakeSha(1)),
      clock.opened(2, copilotAgent, fakeSha(2)),
      clock.verdict(1, fakeSha(1)),
      clock.push(bob.account, fakeSha(3)),
      closed(1),
      clock.verdict(2, fakeSha(2)),
      clock.opened(3, copilotAgent, fakeSha(3)),
      closed(3),
    ]);
    expect(await ledger.prune(30)).toEqual({ removed: 0, pullRequests: [] });

    now = new Date(Date.UTC(2027, 0, 15));
    const first = await ledger.prune(30);
    expect(first).toEqual({
      removed: 5,
      pullRequests: [
        { repo: 'acme/widgets', pr: 1 },
        { repo: 'acme/widgets', pr: 3 },
      ],
    });
    const left = await exportAll(ledger);
    expect(left.map((entry) => (entry.fact as Fact).kind)).toEqual([
      'pr-opened',
      'push',
      'verdict',
      'prune-summary',
    ]);
    expect(await ledger.verify()).toMatchObject({ ok: true, checked: 4 });

    // A later prune splits nothing: its runs chain onto the earlier ones.
    await ledger.append([
      clock.fact({
        kind: 'merge',
        pr: 2,
        mergedBy: alice.account,
        mergeCommitSha: fakeSha(8),
        headSha: fakeSha(2),
        lastVerdict: null,
      }),
    ]);
    now = new Date(Date.UTC(2027, 6, 1));
    expect((await ledger.prune(30)).removed).toBe(3);
    expect(await ledger.verify()).toMatchObject({ ok: true, checked: 3 });
  });
});
