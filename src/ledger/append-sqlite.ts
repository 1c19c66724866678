import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { ChainEntry, ChainHead, Fact } from '../core/ledger/index.js';
import { type AppendFn, type FactGroups, linkEntries } from './append.js';
import type { Checkpointer } from './checkpoint-sqlite.js';
import { ENTRY_TABLE_COLUMNS, type LedgerDatabase } from './schema.js';

const COLUMNS = ENTRY_TABLE_COLUMNS.map(([column]) => column);

/**
 * The webhook path's append on SQLite: synchronous `BEGIN IMMEDIATE` transactions through
 * statements prepared once, so an append costs a few SQLite steps and no query compiling.
 * Appends asked for in the same turn of the event loop (deliveries arriving together) share
 * one transaction, each in its own savepoint: one commit, and one write of the pages they
 * share, instead of one per delivery; a delivery that fails rolls back alone. It holds
 * Kysely's connection while it runs, so it never lands inside another transaction (an import
 * or a prune) on the same connection. `BEGIN IMMEDIATE` takes the database's write lock
 * before the chain head is read: processes sharing the file append one at a time.
 */
export function createSqliteAppend(
  db: Kysely<LedgerDatabase>,
  { database, checkpointer }: { database: Database; checkpointer: Checkpointer },
): AppendFn {
  const statements = {
    delivery: database.prepare(
      'insert into deliveries (delivery_id, recorded_at) values (?, ?) on conflict (delivery_id) do nothing',
    ),
    head: database.prepare('select seq, hash from chain_heads where repo = ?'),
    entry: database.prepare(
      `insert into ledger_entries (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
    ),
    moveHead: database.prepare(
      'insert into chain_heads (repo, seq, hash) values (?, ?, ?) on conflict (repo) do update set seq = excluded.seq, hash = excluded.hash',
    ),
  };
  // Nested in `writeAll`, better-sqlite3 runs this one as a savepoint.
  const writeOne = database.transaction((groups: FactGroups, deliveryId: string | null, at: string) => {
    if (deliveryId !== null && statements.delivery.run(deliveryId, at).changes === 0) return [];
    const entries: ChainEntry<Fact>[] = [];
    for (const [repo, facts] of groups) entries.push(...appendToSqliteChain(statements, repo, facts, at));
    return entries;
  });
  const writeAll = database.transaction((batch: readonly Pending[]) =>
    batch.map((pending): Written => {
      try {
        return { entries: writeOne(pending.groups, pending.deliveryId, pending.at) };
      } catch (error) {
        // SQLite ended the whole transaction (a full disk, an I/O error): nothing is written.
        if (!database.inTransaction) throw error;
        return { error };
      }
    }),
  );

  let batch: Pending[] = [];
  const flush = async () => {
    const taken = batch;
    batch = [];
    try {
      const written = await db.connection().execute(async () => writeAll.immediate(taken));
      checkpointer.wrote();
      written.forEach((result, index) => {
        if ('error' in result) taken[index]!.reject(result.error);
        else taken[index]!.resolve(result.entries);
      });
    } catch (error) {
      // The commit itself failed: nothing of the batch was written.
      for (const pending of taken) pending.reject(error);
    }
  };
  return (groups, deliveryId, now) =>
    new Promise((resolve, reject) => {
      if (batch.length === 0) setImmediate(() => void flush());
      batch.push({ groups, deliveryId, at: now().toISOString(), resolve, reject });
    });
}

interface Pending {
  readonly groups: FactGroups;
  readonly deliveryId: string | null;
  readonly at: string;
  readonly resolve: (entries: ChainEntry<Fact>[]) => void;
  readonly reject: (error: unknown) => void;
}

type Written = { readonly entries: ChainEntry<Fact>[] } | { readonly error: unknown };

function appendToSqliteChain(
  statements: { head: Statement; entry: Statement; moveHead: Statement },
  repo: string,
  facts: readonly Fact[],
  recordedAt: string,
): ChainEntry<Fact>[] {
  const row = statements.head.get(repo) as { seq: number; hash: string } | undefined;
  const head: ChainHead | null = row === undefined || row.seq === 0 ? null : { repo, ...row };
  const { entries, rows } = linkEntries(head, repo, facts, recordedAt);
  for (const row of rows) statements.entry.run(...COLUMNS.map((column) => row[column]));
  const tip = entries.at(-1);
  if (tip !== undefined) statements.moveHead.run(repo, tip.seq, tip.hash);
  return entries;
}
