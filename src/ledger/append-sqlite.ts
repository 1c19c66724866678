import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { ChainEntry, ChainHead, Fact } from '../core/ledger/index.js';
import { type AppendFn, type FactGroups, linkEntries } from './append.js';
import type { Checkpointer } from './checkpoint-sqlite.js';
import { ENTRY_TABLE_COLUMNS, type LedgerDatabase } from './schema.js';

const COLUMNS = ENTRY_TABLE_COLUMNS.map(([column]) => column);

/**
 * The webhook path's append on SQLite: one synchronous `BEGIN IMMEDIATE` transaction through
 * statements prepared once, so an append costs a few SQLite steps and no query compiling.
 * It holds Kysely's connection while it runs, so it never lands inside another transaction
 * (an import or a prune) on the same connection. `BEGIN IMMEDIATE` takes the database's write
 * lock before the chain head is read: processes sharing the file append one at a time.
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
  const write = database.transaction((groups: FactGroups, deliveryId: string | null, at: string) => {
    if (deliveryId !== null && statements.delivery.run(deliveryId, at).changes === 0) return [];
    const entries: ChainEntry<Fact>[] = [];
    for (const [repo, facts] of groups) entries.push(...appendToSqliteChain(statements, repo, facts, at));
    return entries;
  });
  return (groups, deliveryId, now) =>
    db.connection().execute(async () => {
      const entries = write.immediate(groups, deliveryId, now().toISOString());
      checkpointer.wrote();
      return entries;
    });
}

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
