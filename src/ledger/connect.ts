import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { cacheStatements } from './cache-statements.js';
import { BACKSTOP_PAGES, type Checkpointer, startCheckpointer } from './checkpoint-sqlite.js';
import type { Flavour, LedgerDatabase } from './schema.js';

/** Where the embedded ledger lives when no URL is given. */
export const DEFAULT_LEDGER_PATH = './.custody/custody.db';

export interface Connection {
  readonly db: Kysely<LedgerDatabase>;
  readonly flavour: Flavour;
  /** What to show a human: a file path, or the server and database without credentials. */
  readonly label: string;
  /** SQLite: the database handle under Kysely (for the append's prepared statements) and its checkpointer. */
  readonly sqlite?: { readonly database: Database.Database; readonly checkpointer: Checkpointer };
  /** Ends the connection (the pool, or the database file). */
  readonly close: () => Promise<void>;
}

/**
 * `postgres://…` or `postgresql://…` → PostgreSQL through a `pg` pool; `sqlite:path`,
 * `file:path`, a plain path or nothing → SQLite through better-sqlite3 (WAL, its folder made).
 */
export function connectLedger(
  url: string | undefined,
  options: { readonly poolSize?: number } = {},
): Connection {
  const target = url?.trim() || DEFAULT_LEDGER_PATH;
  if (/^postgres(ql)?:\/\//i.test(target)) {
    // A database that stops answering fails a request in seconds, not at the TCP timeout.
    const pool = new pg.Pool({
      connectionString: target,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
    });
    // An idle connection the server ends (a restart, a failover, `pg_terminate_backend`) is
    // reported here; unheard, it would crash the process. The pool replaces it, and a query on
    // a dead connection fails in its caller, which fails closed.
    pool.on('error', () => {});
    const parsed = new URL(target);
    const db = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      flavour: 'postgres',
      label: `postgres://${parsed.host}${parsed.pathname}`,
      close: () => db.destroy(),
    };
  }
  const path = resolve(target.replace(/^(sqlite|file):(\/\/)?/i, ''));
  mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  // WAL with NORMAL is durable across crashes of the process; a power loss may lose the last commits.
  database.pragma('synchronous = NORMAL');
  // Another process holding the write lock: wait for it rather than fail.
  database.pragma('busy_timeout = 5000');
  database.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const checkpointer = startCheckpointer(path);
  const db = new Kysely<LedgerDatabase>({
    dialect: new SqliteDialect({ database: cacheStatements(database) }),
  });
  return {
    db,
    flavour: 'sqlite',
    label: path,
    sqlite: { database, checkpointer },
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}
