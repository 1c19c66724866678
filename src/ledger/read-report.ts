import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { REPORT_KINDS, type ReportFact } from '../core/ledger/index.js';
import type { ExportFilter } from './read.js';
import type { Flavour, LedgerDatabase } from './schema.js';

/**
 * What the audit report reads, in chain order, as small rows: the database extracts the few
 * fields the report needs (an involvement's agent, a satisfied verdict's approvers) so neither
 * whole facts nor verdicts that are not satisfied leave it; only the rare bypass and override
 * come whole. Keyset pages on (repo, seq), as the export streams.
 */
export async function* streamReportFacts(
  db: Kysely<LedgerDatabase>,
  flavour: Flavour,
  filter: Pick<ExportFilter, 'org' | 'repo' | 'since' | 'until'> = {},
  pageSize = 20_000,
): AsyncGenerator<{ readonly repo: string; readonly fact: ReportFact }> {
  const text = (path: string): Expression<string | null> =>
    flavour === 'sqlite' ? sql`json_extract(fact, ${`$.${path}`})` : sql`(fact::jsonb ->> ${path})`;
  const json = (path: string): Expression<string | null> =>
    flavour === 'sqlite' ? sql`json_extract(fact, ${`$.${path}`})` : sql`(fact::jsonb -> ${path})::text`;
  let after: { repo: string; seq: number } | null = null;
  for (;;) {
    let query = db
      .selectFrom('ledger_entries')
      .select(['repo', 'seq', 'kind', 'pr', 'occurred_at'])
      .select((eb) => [
        eb.case().when('kind', '=', 'agent-involvement').then(text('agent')).end().as('agent'),
        eb.case().when('kind', '=', 'verdict').then(json('approvers')).end().as('approvers'),
        eb.case().when('kind', 'in', ['bypass', 'override']).then(eb.ref('fact')).end().as('whole'),
      ])
      .where('kind', 'in', [...REPORT_KINDS])
      .where((eb) =>
        eb.or([
          eb('kind', '<>', 'verdict'),
          eb(text('state') as Expression<string>, '=', 'satisfied') as Expression<SqlBool>,
        ]),
      );
    if (filter.repo !== undefined) query = query.where('repo', '=', filter.repo.toLowerCase());
    if (filter.org !== undefined) query = query.where('repo', 'like', `${filter.org.toLowerCase()}/%`);
    if (filter.since !== undefined) query = query.where('occurred_at', '>=', filter.since.toISOString());
    if (filter.until !== undefined) query = query.where('occurred_at', '<', filter.until.toISOString());
    if (after !== null) {
      const { repo, seq } = after;
      query = query.where((eb) => eb(eb.refTuple('repo', 'seq'), '>', eb.tuple(repo, seq)));
    }
    const ordered = query.orderBy('repo').orderBy('seq');
    // SQLite streams one sorted pass (a page that re-sorts what is left would cost a pass per
    // page); PostgreSQL, with no cursor here, reads keyset pages.
    if (flavour === 'sqlite') {
      for await (const row of ordered.stream()) yield toReportFact(row);
      return;
    }
    const rows = await ordered.limit(pageSize).execute();
    for (const row of rows) yield toReportFact(row);
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return;
    after = { repo: last.repo, seq: Number(last.seq) };
  }
}

interface ReportRow {
  readonly repo: string;
  readonly kind: string;
  readonly pr: number | null;
  readonly occurred_at: string;
  readonly agent: string | null;
  readonly approvers: string | null;
  readonly whole: string | null;
}

function toReportFact(row: ReportRow): { readonly repo: string; readonly fact: ReportFact } {
  const base = { pr: row.pr === null ? null : Number(row.pr), occurredAt: row.occurred_at };
  let fact: ReportFact;
  if (row.whole !== null && row.whole !== undefined) fact = JSON.parse(row.whole) as ReportFact;
  else if (row.kind === 'agent-involvement')
    fact = { ...base, kind: 'agent-involvement', agent: String(row.agent) };
  else if (row.kind === 'verdict')
    fact = {
      ...base,
      kind: 'verdict',
      state: 'satisfied',
      ...(row.approvers ? { approvers: JSON.parse(row.approvers) as string[] } : {}),
    };
  else fact = { ...base, kind: 'merge' };
  return { repo: row.repo, fact };
}
