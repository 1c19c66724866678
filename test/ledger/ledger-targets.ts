import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterAll } from 'vitest';
import { type Connection, connectLedger, type Ledger, openLedgerOn } from '../../src/ledger/index.js';
import type { LedgerDatabase } from '../../src/ledger/schema.js';
import { describePostgres, TEST_SCHEMA_PREFIX } from './postgres-under-test.js';

/**
 * Every ledger test runs on both databases: SQLite in a temporary folder, and PostgreSQL (the
 * server at CUSTODY_TEST_DATABASE_URL, else PGlite in process). Each opened ledger gets its own
 * file or its own PostgreSQL schema, so tests and test files never see each other's rows; all
 * are removed after the file.
 */
export interface OpenedLedger {
  readonly ledger: Ledger;
  /** The same database under the ledger, for tests that tamper with rows. */
  readonly db: Kysely<LedgerDatabase>;
  /** PostgreSQL: the ledger's own schema (a shared server holds other runs' schemas too). */
  readonly schema?: string;
}

export interface LedgerTarget {
  readonly name: 'sqlite' | 'postgres';
  open(options?: { now?: () => Date }): Promise<OpenedLedger>;
  /**
   * Two ledgers on one database, as two processes have them: SQLite, two connections to one
   * file; PostgreSQL, two pools on one schema (PGlite: two ledgers over its one connection).
   */
  openTwo(): Promise<[Ledger, Ledger]>;
  /** A database no migration has run on yet (`db`, in `schema` when PostgreSQL); `open` opens the ledger over it. */
  bare(): Promise<BareDatabase>;
}

export interface BareDatabase {
  readonly db: Kysely<LedgerDatabase>;
  readonly schema?: string;
  open(): Promise<Ledger>;
}

const opened: Ledger[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const ledger of opened.splice(0)) await ledger.close().catch(() => undefined);
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let folder: string | null = null;
const sqliteTarget: LedgerTarget = {
  name: 'sqlite',
  async open(options = {}) {
    if (folder === null) {
      const made = mkdtempSync(join(tmpdir(), 'custody-ledger-'));
      folder = made;
      cleanups.push(async () => rmSync(made, { recursive: true, force: true }));
    }
    const connection = connectLedger(join(folder, `${randomBytes(6).toString('hex')}.db`));
    const ledger = await openLedgerOn(connection, options);
    opened.push(ledger);
    return { ledger, db: connection.db };
  },
  async openTwo() {
    const { ledger } = await sqliteTarget.open();
    const twin = await openLedgerOn(connectLedger(ledger.label));
    opened.push(twin);
    return [ledger, twin];
  },
  async bare() {
    const { ledger } = await sqliteTarget.open();
    const connection = connectLedger(`${ledger.label}.bare.db`);
    cleanups.unshift(() => connection.close().catch(() => undefined));
    return {
      db: connection.db,
      async open() {
        const bare = await openLedgerOn({ ...connection, close: async () => {} });
        opened.push(bare);
        return bare;
      },
    };
  },
};

let shared: Promise<Connection> | null = null;

/**
 * A schema of this test run (`CUSTODY_TEST_RUN`, set by the global setup). On the real server
 * the run's schemas are dropped once every file is done (`announce-postgres.ts`), never while
 * another file runs: PostgreSQL's catalogue can refuse a migration's introspection in one
 * schema while another is being dropped. PGlite lives in its file: dropped with it.
 */
function testSchemaName(): string {
  return `${TEST_SCHEMA_PREFIX}${process.env.CUSTODY_TEST_RUN ?? 'solo'}_${randomBytes(6).toString('hex')}`;
}

function dropLater(connection: Connection, schema: string): void {
  if (describePostgres().url !== null) return;
  cleanups.push(async () => {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(connection.db);
  });
}
const postgresTarget: LedgerTarget = {
  name: 'postgres',
  async open(options = {}) {
    const schema = testSchemaName();
    shared ??= connectPostgres();
    const connection = await shared;
    // One connection per file; each ledger its own schema, and closing one leaves the others open.
    const ledger = await openLedgerOn({ ...connection, close: async () => {} }, { ...options, schema });
    dropLater(connection, schema);
    opened.push(ledger);
    return { ledger, db: connection.db.withSchema(schema), schema };
  },
  async openTwo() {
    const schema = testSchemaName();
    shared ??= connectPostgres();
    const connection = await shared;
    const { url } = describePostgres();
    const second = url === null ? { ...connection, close: async () => {} } : connectLedger(url);
    const pair = [
      await openLedgerOn({ ...connection, close: async () => {} }, { schema }),
      await openLedgerOn(second, { schema }),
    ] as [Ledger, Ledger];
    dropLater(connection, schema);
    opened.push(...pair);
    return pair;
  },
  async bare() {
    const schema = testSchemaName();
    shared ??= connectPostgres();
    const connection = await shared;
    await sql`create schema ${sql.id(schema)}`.execute(connection.db);
    dropLater(connection, schema);
    return {
      db: connection.db.withSchema(schema),
      schema,
      async open() {
        const bare = await openLedgerOn({ ...connection, close: async () => {} }, { schema });
        opened.push(bare);
        return bare;
      },
    };
  },
};

async function connectPostgres(): Promise<Connection> {
  const { url } = describePostgres();
  let connection: Connection;
  if (url !== null) connection = connectLedger(url);
  else {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGliteDialect } = await import('kysely-pglite-dialect');
    const db = new Kysely<LedgerDatabase>({ dialect: new PGliteDialect(await PGlite.create()) });
    connection = { db, flavour: 'postgres', label: 'pglite', close: () => db.destroy() };
  }
  cleanups.unshift(() => connection.close());
  return connection;
}

export const LEDGER_TARGETS: readonly LedgerTarget[] = [sqliteTarget, postgresTarget];
