/**
 * Which PostgreSQL the ledger tests use: the server at CUSTODY_TEST_DATABASE_URL, else PGlite
 * (PostgreSQL compiled to WebAssembly, in process) so a fresh machine still tests the dialect.
 * Under CI the variable must be set: the real server is never silently replaced.
 */
export function describePostgres(env: NodeJS.ProcessEnv = process.env): { url: string | null; line: string } {
  const url = env.CUSTODY_TEST_DATABASE_URL?.trim() || null;
  if (url === null && env.CI === 'true')
    throw new Error(
      'CI=true but CUSTODY_TEST_DATABASE_URL is not set: the PostgreSQL ledger tests must use the real server',
    );
  if (url === null)
    return { url, line: 'ledger tests: PostgreSQL = PGlite in process (CUSTODY_TEST_DATABASE_URL not set)' };
  const parsed = new URL(url);
  return { url, line: `ledger tests: PostgreSQL = server at ${parsed.host}${parsed.pathname}` };
}

/** The prefix of the schemas the ledger tests make on a shared server. */
export const TEST_SCHEMA_PREFIX = 'custody_test_';
