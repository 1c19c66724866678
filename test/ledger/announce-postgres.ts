import { describePostgres } from './postgres-under-test.js';

/** Vitest global setup: one line saying which PostgreSQL the ledger tests run against. */
export default function announcePostgres(): void {
  console.log(describePostgres().line);
}
