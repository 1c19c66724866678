import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../src/ledger/index.js';
import { type ClusterDatabase, clusterServerUrl, createClusterDatabase } from './cluster-database.js';

/**
 * The server ending the ledger's idle connections (a restart, a failover, an operator's
 * `pg_terminate_backend`) must not crash the app: the pool reports it, replaces the
 * connection, and the next read works.
 */

const serverUrl = clusterServerUrl();

describe.runIf(serverUrl !== null)('the ledger on PostgreSQL when the server ends its connections', () => {
  let database: ClusterDatabase;
  beforeAll(async () => {
    database = await createClusterDatabase(serverUrl!);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('survives its idle connections being terminated, and reads again', async () => {
    const ledger = await openLedger(database.url, { poolSize: 3 });
    try {
      await Promise.all([ledger.chainHead('acme/a'), ledger.chainHead('acme/b'), ledger.chainHead('acme/c')]);
      const admin = new pg.Client({ connectionString: serverUrl! });
      await admin.connect();
      try {
        const { rows } = await admin.query(
          'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [new URL(database.url).pathname.slice(1)],
        );
        expect(rows.length).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      // The idle connections hear of it; unheard, that error would end this process.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(ledger.chainHead('acme/a')).resolves.toBeNull();
    } finally {
      await ledger.close();
    }
  });
});
