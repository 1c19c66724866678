import type { Database } from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import type { ReportFact } from '../core/ledger/index.js';
import { applyFilter, type ExportFilter, readChainHeads, splitByRepository } from './read.js';
import type { LedgerDatabase } from './schema.js';

/** What the report covers: one owner's repositories (or all, or those named), facts that occurred in [since, until). */
export type ReportFilter = Pick<ExportFilter, 'org' | 'repo' | 'repos' | 'since' | 'until'>;

/** Runs a compiled query; each row as its values in select order. */
export type ReadRows = (query: CompiledQuery) => Promise<readonly (readonly unknown[])[]>;

/**
 * Rows as arrays: on SQLite straight from better-sqlite3's raw mode (no object per row),
 * holding Kysely's connection as the append does; elsewhere through Kysely.
 */
export function createReadRows(db: Kysely<LedgerDatabase>, sqlite: Database | undefined): ReadRows {
  if (sqlite === undefined)
    return async (query) => (await db.executeQuery(query)).rows.map((row) => Object.values(row as object));
  return (query) =>
    db.connection().execute(
      async () =>
        sqlite
          .prepare(query.sql)
          .raw(true)
          .all(...query.parameters) as unknown[][],
    );
}

/**
 * What the audit report reads, one repository at a time, each in chain order. The few fields
 * it needs are plain columns (an involvement's agent, a verdict's state and approvers) under one
 * covering index on (repo, kind, occurred_at, …), so no JSON is parsed per row and no period is
 * sorted as a whole; only the rare bypass and override come whole. Memory holds one
 * repository's period at a time.
 */
export async function* readReportFacts(
  db: Kysely<LedgerDatabase>,
  readRows: ReadRows,
  filter: ReportFilter = {},
): AsyncGenerator<{ readonly repo: string; readonly facts: readonly ReportFact[] }> {
  const org = filter.org === undefined ? null : `${filter.org.toLowerCase()}/`;
  const known = new Set(
    (await readChainHeads(db))
      .map((head) => head.repo)
      .filter((repo) => org === null || repo.startsWith(org)),
  );
  const repos = (filter.repos ?? [...known]).filter((repo) => known.has(repo.toLowerCase()));
  // Approver lists repeat (the same reviewers): each distinct text is parsed once.
  const approverLists = new Map<string, readonly string[]>();
  for (const scope of splitByRepository({ ...filter, repos })) {
    const slim = applyFilter(
      db.selectFrom('ledger_entries').select(['seq', 'kind', 'pr', 'occurred_at', 'agent', 'approvers']),
      { ...scope, kinds: ['agent-involvement', 'verdict', 'merge'] },
    )
      // Only a satisfied verdict counts: the others stay in the index.
      .where((eb) => eb.or([eb('kind', '<>', 'verdict'), eb('verdict_state', '=', 'satisfied')]))
      .orderBy('seq');
    const whole = applyFilter(db.selectFrom('ledger_entries').select(['seq', 'fact']), {
      ...scope,
      kinds: ['bypass', 'override'],
    }).orderBy('seq');
    const facts: ReportFact[] = [];
    const incidents = await readRows(whole.compile());
    let next = 0;
    for (const [seq, kind, pr, occurredAt, agent, approvers] of await readRows(slim.compile())) {
      // The rare incidents, merged in chain order.
      for (; next < incidents.length && Number(incidents[next]![0]) < Number(seq); next += 1)
        facts.push(JSON.parse(String(incidents[next]![1])) as ReportFact);
      const at = String(occurredAt);
      const number = pr === null ? null : Number(pr);
      if (kind === 'agent-involvement')
        facts.push({ kind: 'agent-involvement', pr: number, occurredAt: at, agent: String(agent) });
      else if (kind === 'merge') facts.push({ kind: 'merge', pr: number, occurredAt: at });
      else if (approvers === null)
        facts.push({ kind: 'verdict', pr: number, occurredAt: at, state: 'satisfied' });
      else {
        const text = String(approvers);
        let list = approverLists.get(text);
        if (list === undefined) {
          list = JSON.parse(text) as string[];
          approverLists.set(text, list);
        }
        facts.push({ kind: 'verdict', pr: number, occurredAt: at, state: 'satisfied', approvers: list });
      }
    }
    for (; next < incidents.length; next += 1)
      facts.push(JSON.parse(String(incidents[next]![1])) as ReportFact);
    yield { repo: scope.repo!, facts };
  }
}
