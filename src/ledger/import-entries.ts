import type { Kysely } from 'kysely';
import type { ChainEntry, StoredEntry } from '../core/ledger/index.js';
import { entryRow, insertEntries } from './append.js';
import type { LedgerDatabase } from './schema.js';

/**
 * Stores exported entries verbatim (hashes and all) into chains that do not hold them yet, and
 * moves each chain's head to the last one: `import(export(ledger))` is the same ledger. Nothing
 * is re-hashed: run verify afterwards to check what was imported.
 */
export async function importEntries(
  db: Kysely<LedgerDatabase>,
  entries: AsyncIterable<ChainEntry | StoredEntry> | Iterable<ChainEntry | StoredEntry>,
  batchSize = 1_000,
): Promise<number> {
  let batch: (ChainEntry | StoredEntry)[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch.map((entry) => entryRow(entry));
    const heads = new Map<string, { seq: number; hash: string }>();
    for (const entry of batch) {
      const head = heads.get(entry.repo);
      if (head === undefined || entry.seq > head.seq)
        heads.set(entry.repo, { seq: entry.seq, hash: entry.hash });
    }
    await db.transaction().execute(async (trx) => {
      await insertEntries(trx, rows);
      for (const [repo, head] of heads)
        await trx
          .insertInto('chain_heads')
          .values({ repo, ...head })
          .onConflict((conflict) =>
            conflict.column('repo').doUpdateSet(head).where('chain_heads.seq', '<', head.seq),
          )
          .execute();
    });
    count += batch.length;
    batch = [];
  };
  for await (const entry of entries) {
    batch.push(entry);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return count;
}
