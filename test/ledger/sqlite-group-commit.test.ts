import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectLedger, openLedgerOn } from '../../src/ledger/index.js';
import { FactClock } from '../builders/facts.js';
import { bob } from '../builders/identities.js';
import { fakeSha } from '../builders/snapshot.js';

/**
 * Deliveries arriving together share one SQLite transaction, each in its own savepoint: what
 * one of them does (fail, repeat a GUID) must never touch the others, and the chain must read
 * as if they had been appended one after another.
 */

const folder = mkdtempSync(join(tmpdir(), 'custody-group-commit-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A ledger whose deliveries table answers `delivery` with `raise(<how>, …)`: a real SQLite failure for that delivery only. */
async function ledgerFailing(file: string, delivery: string, how: 'abort' | 'rollback') {
  const connection = connectLedger(join(folder, file));
  const ledger = await openLedgerOn(connection);
  const database = connection.sqlite!.database;
  database.exec(
    `create trigger refuse before insert on deliveries when new.delivery_id = '${delivery}'
     begin select raise(${how}, 'refused by the test'); end`,
  );
  return { ledger, heal: () => database.exec('drop trigger refuse') };
}

describe('SQLite appends made together', () => {
  it('writes each delivery alone: a refused one rolls back by itself, a repeated GUID adds nothing', async () => {
    // One delivery fails inside the shared transaction.
    const { ledger, heal } = await ledgerFailing('group.db', 'bad', 'abort');
    const clock = new FactClock();
    const push = (n: number) => [clock.push(bob.account, fakeSha(n))];
    const results = await Promise.allSettled([
      ledger.append(push(1), { deliveryId: 'one' }),
      ledger.append(push(2), { deliveryId: 'bad' }),
      ledger.append(push(3), { deliveryId: 'two' }),
      ledger.append(push(4), { deliveryId: 'one' }),
      ledger.append(push(5), { deliveryId: 'three' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/refused by the test/);
    const written = results.map((r) => (r.status === 'fulfilled' ? r.value.map((e) => e.seq) : null));
    expect(written).toEqual([[1], null, [2], [], [3]]);
    expect((await ledger.verify()).ok).toBe(true);

    // Redelivered once the cause is gone, the refused delivery is appended after the others.
    heal();
    expect((await ledger.append(push(2), { deliveryId: 'bad' })).map((e) => e.seq)).toEqual([4]);
    const heads = await ledger.readByHeadRef('acme/widgets', 'feature');
    expect(heads.map((e) => e.fact.deliveryId)).toEqual(['one', 'two', 'three', 'bad']);
    expect((await ledger.verify()).ok).toBe(true);
    await ledger.close();
  });

  it('reports no delivery written that a transaction SQLite itself ended took with it', async () => {
    // RAISE(ROLLBACK) ends the whole transaction, as a full disk or an I/O error does.
    const { ledger } = await ledgerFailing('ended.db', 'fatal', 'rollback');
    const clock = new FactClock();
    const ids = ['first', 'fatal', 'last'];
    const results = await Promise.allSettled(
      ids.map((id, n) => ledger.append([clock.push(bob.account, fakeSha(n + 1))], { deliveryId: id })),
    );
    expect(results[1]!.status).toBe('rejected');
    const stored = (await ledger.readByHeadRef('acme/widgets', 'feature')).map((e) => e.fact.deliveryId);
    const answeredWritten = ids.filter((_, n) => results[n]!.status === 'fulfilled');
    expect(stored).toEqual(answeredWritten);
    expect((await ledger.verify()).ok).toBe(true);
    await ledger.close();
  });
});
