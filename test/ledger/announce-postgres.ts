import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describePostgres, TEST_SCHEMA_PREFIX } from './postgres-under-test.js';

/**
 * Vitest global setup: one line saying which PostgreSQL the ledger tests run against, a name
 * for this run's schemas, and, once every file is done, those schemas dropped (dropped while
 * other files migrate, they made PostgreSQL refuse those migrations now and then).
 */
export default function announcePostgres(): () => Promise<void> {
  const { url, line } = describePostgres();
  console.log(line);
  const run = randomBytes(4).toString('hex');
  process.env.CUSTODY_TEST_RUN = run;
  return async () => {
    if (url === null) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        "select nspname as name from pg_namespace where nspname like $1 escape '!'",
        [`${TEST_SCHEMA_PREFIX.replaceAll('_', '!_')}${run}!_%`],
      );
      for (const { name } of rows) await client.query(`drop schema if exists "${name}" cascade`);
    } finally {
      await client.end();
    }
  };
}
