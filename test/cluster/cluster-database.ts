import pg from 'pg';

/**
 * A fresh PostgreSQL database per run of the cluster suite, on the server at
 * CUSTODY_TEST_DATABASE_URL (replicas need a real server: LISTEN/NOTIFY, row locks, several
 * processes). Without the variable the suite says loudly that it did not run; under CI that is
 * a failure, so it can never be skipped silently there.
 */
export function clusterServerUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const url = env.CUSTODY_TEST_DATABASE_URL?.trim() || null;
  if (url === null && env.CI === 'true')
    throw new Error(
      'CI=true but CUSTODY_TEST_DATABASE_URL is not set: the cluster suite needs the real PostgreSQL',
    );
  if (url === null)
    console.warn(
      '!!! CLUSTER SUITE DID NOT RUN: CUSTODY_TEST_DATABASE_URL is not set (replicas need a real PostgreSQL server) !!!',
    );
  return url;
}

export interface ClusterDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates `custody_replicas_<random>` on the server and returns its URL; `drop` removes it. */
export async function createClusterDatabase(serverUrl: string): Promise<ClusterDatabase> {
  const name = `custody_replicas_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
