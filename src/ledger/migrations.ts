import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Flavour, LedgerDatabase } from './schema.js';

/**
 * Versioned migrations, as code: run at open, in name order, each once (Kysely records them in
 * `kysely_migration` and locks concurrent openers out). Never edit one that has shipped: add
 * the next. Plain types only (text, integer) so one schema serves SQLite and PostgreSQL; a
 * migration that reads stored JSON says it in each database's words.
 */
export const listMigrations = (flavour: Flavour): Record<string, Migration> => ({
  '0001_ledger': {
    async up(db) {
      await db.schema
        .createTable('ledger_entries')
        .addColumn('repo', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('pr', 'integer')
        .addColumn('head_ref', 'text')
        .addColumn('head_sha', 'text')
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('delivery_id', 'text')
        .addColumn('fact', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_entries_pk', ['repo', 'seq'])
        .execute();
      // The evaluation's reads: a PR's facts, and the pushes to its head branch or head commit.
      await db.schema
        .createIndex('ledger_entries_pr')
        .on('ledger_entries')
        .columns(['repo', 'pr', 'seq'])
        .execute();
      await db.schema
        .createIndex('ledger_entries_head_ref')
        .on('ledger_entries')
        .columns(['repo', 'head_ref', 'seq'])
        .execute();
      await db.schema
        .createIndex('ledger_entries_head_sha')
        .on('ledger_entries')
        .columns(['repo', 'head_sha'])
        .execute();
      // Verify reads prune summaries first; the report reads a few kinds.
      await db.schema
        .createIndex('ledger_entries_kind')
        .on('ledger_entries')
        .columns(['kind', 'repo', 'seq'])
        .execute();
      await db.schema
        .createTable('chain_heads')
        .addColumn('repo', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('deliveries')
        .addColumn('delivery_id', 'text', (c) => c.primaryKey())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_report_period': {
    // The audit report and the organisation page read a few kinds over a period: by kind and
    // time, a month's report reads a month's facts, not the whole history of those kinds.
    async up(db) {
      await db.schema
        .createIndex('ledger_entries_kind_time')
        .on('ledger_entries')
        .columns(['kind', 'occurred_at', 'repo', 'seq'])
        .execute();
    },
  },
  '0003_work_queue': {
    async up(db) {
      // The replicated mode's per-PR queue (PostgreSQL); created everywhere so one schema serves both.
      await db.schema
        .createTable('work_queue')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('replica_workers')
        .addColumn('worker_id', 'text', (c) => c.primaryKey())
        .addColumn('replica', 'text', (c) => c.notNull())
        .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '0004_report_columns': {
    // The report read every period's facts as JSON (a parse per row) and sorted the period as a
    // whole. The fields it needs become plain columns, written at append time (`entryRow`) and
    // filled here for the rows already stored, under one index that covers its per-repository
    // read; the period index it replaces goes (one index less to write per fact).
    async up(db) {
      for (const column of ['agent', 'verdict_state', 'approvers'])
        await db.schema.alterTable('ledger_entries').addColumn(column, 'text').execute();
      await backfillReportColumns(db, flavour);
      await db.schema.dropIndex('ledger_entries_kind_time').execute();
      await db.schema
        .createIndex('ledger_entries_report')
        .on('ledger_entries')
        .columns(['repo', 'kind', 'occurred_at', 'seq', 'pr', 'verdict_state', 'agent', 'approvers'])
        .execute();
    },
  },
});

/** The report's columns for rows stored before they existed: what `entryRow` derives, typed as it checks. */
async function backfillReportColumns(db: Kysely<LedgerDatabase>, flavour: Flavour): Promise<void> {
  // Each database's words for "this JSON field, when it has this type".
  const typed = (key: string, type: 'string' | 'array') =>
    flavour === 'sqlite'
      ? sql<string>`case when json_type(fact, ${`$.${key}`}) = ${type === 'string' ? 'text' : 'array'}
          then json_extract(fact, ${`$.${key}`}) end`
      : sql<string>`case when json_typeof(fact::json -> ${key}) = ${type}
          then ${type === 'string' ? sql`fact::json ->> ${key}` : sql`(fact::json -> ${key})::text`} end`;
  await db
    .updateTable('ledger_entries')
    .set({ agent: typed('agent', 'string') })
    .where('kind', '=', 'agent-involvement')
    .execute();
  await db
    .updateTable('ledger_entries')
    .set({ verdict_state: typed('state', 'string'), approvers: typed('approvers', 'array') })
    .where('kind', '=', 'verdict')
    .execute();
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateLedger(
  db: Kysely<LedgerDatabase>,
  flavour: Flavour,
  schema?: string,
): Promise<void> {
  const migrations = listMigrations(flavour);
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({
    db,
    provider,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `ledger migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}
