import type { Database, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

const MAX_STATEMENTS = 256;

/**
 * better-sqlite3 as Kysely's SQLite driver sees it, with each SQL text compiled once: the driver
 * prepares every query afresh, and an evaluation's ledger reads are the same few queries. A
 * cached statement still iterating (a streamed export) is busy and cannot run again meanwhile,
 * so a query then gets a statement of its own.
 */
export function cacheStatements(database: Database): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      const cached = statements.get(sql);
      if (cached !== undefined && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (cached === undefined) {
        // The SQL of `in (…)` lists varies with their length: keep the most recent texts only.
        if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
