import type { Kysely, SelectQueryBuilder } from 'kysely';
import {
  type ChainEntry,
  type ChainHead,
  type Fact,
  headRefOf,
  type StoredEntry,
} from '../core/ledger/index.js';
import type { EntryTable, LedgerDatabase } from './schema.js';

export interface ExportFilter {
  /** `owner/name`: one repository's chain. */
  readonly repo?: string;
  /** Every repository of one owner. */
  readonly org?: string;
  /** Facts that occurred at or after this time. */
  readonly since?: Date;
  /** Facts that occurred before this time. */
  readonly until?: Date;
  /** Only these kinds. */
  readonly kinds?: readonly string[];
  /** Only these repositories (`owner/name`): what a reader may see. */
  readonly repos?: readonly string[];
  /** Rows fetched per query (memory stays one page, whatever the ledger's size). */
  readonly pageSize?: number;
}

/** The columns an entry is made of (the others are derived from the fact, for the reads). */
const ENTRY_COLUMNS = ['repo', 'seq', 'recorded_at', 'prev_hash', 'hash', 'fact'] as const;
type EntryRow = Pick<EntryTable, (typeof ENTRY_COLUMNS)[number]>;
type EntrySelect = SelectQueryBuilder<LedgerDatabase, 'ledger_entries', EntryRow>;

/** A stored row as an entry whose fact is still text. */
function rowToStored(row: EntryRow): StoredEntry {
  return {
    repo: row.repo,
    seq: Number(row.seq),
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
    factJson: row.fact,
  };
}

/** The fact parsed as JSON only (no schema): a tampered row still reaches verify, and fails there. */
export function parseStoredEntry({ factJson, ...entry }: StoredEntry): ChainEntry {
  return { ...entry, fact: JSON.parse(factJson) as unknown };
}

const rowToEntry = (row: EntryRow): ChainEntry => parseStoredEntry(rowToStored(row));

const asFacts = (rows: readonly EntryRow[]) => rows.map((row) => rowToEntry(row) as ChainEntry<Fact>);

/** One repository's entries whose indexed column has this value, in chain order. */
export async function readEntriesBy(
  db: Kysely<LedgerDatabase>,
  repo: string,
  column: 'pr' | 'head_ref' | 'head_sha',
  value: string | number,
): Promise<ChainEntry<Fact>[]> {
  return asFacts(
    await db
      .selectFrom('ledger_entries')
      .select(ENTRY_COLUMNS)
      .where('repo', '=', repo)
      .where(column, '=', value)
      .orderBy('seq')
      .execute(),
  );
}

/**
 * What a PR's history is derived from, in chain order: its own facts, and the pushes to every
 * branch it has had as head (the current one, and any its own facts name).
 *
 * Every read here is by an index of (repository, PR or branch): its cost follows the PR, never
 * the repository's whole history. Kinds are picked out here, not in SQL: with a kind in the
 * WHERE clause SQLite's planner took the (kind, repository) index and read every push of the
 * repository.
 */
export async function readHistoryFacts(
  db: Kysely<LedgerDatabase>,
  repo: string,
  pr: number,
  headRef: string,
): Promise<ChainEntry<Fact>[]> {
  const own = await readEntriesBy(db, repo, 'pr', pr);
  const refs = new Set([headRef]);
  for (const entry of own) {
    const ref = headRefOf(entry.fact);
    if (ref !== null) refs.add(ref);
  }
  const pushes = (await readOnBranches(db, repo, [...refs])).filter((entry) => entry.fact.kind === 'push');
  return [...own, ...pushes].sort((a, b) => a.seq - b.seq);
}

/** One repository's entries on these head branches, in chain order (index on repository and branch). */
async function readOnBranches(
  db: Kysely<LedgerDatabase>,
  repo: string,
  refs: readonly string[],
): Promise<ChainEntry<Fact>[]> {
  return asFacts(
    await db
      .selectFrom('ledger_entries')
      .select(ENTRY_COLUMNS)
      .where('repo', '=', repo)
      .where('head_ref', 'in', refs)
      .orderBy('seq')
      .execute(),
  );
}

const OPENINGS = new Set(['pr-opened', 'pr-reopened']);
const LIFECYCLE = new Set(['pr-opened', 'pr-reopened', 'pr-closed', 'merge']);

/** Openings, reopenings, closes and merges of every PR ever opened on this head branch, in chain order. */
export async function readOpenings(
  db: Kysely<LedgerDatabase>,
  repo: string,
  headRef: string,
): Promise<Fact[]> {
  const onBranch = await db
    .selectFrom('ledger_entries')
    .select(['kind', 'pr'])
    .where('repo', '=', repo)
    .where('head_ref', '=', headRef)
    .execute();
  const opened = new Set<number>();
  for (const { kind, pr } of onBranch) if (OPENINGS.has(kind) && pr !== null) opened.add(Number(pr));
  if (opened.size === 0) return [];
  const rows = await db
    .selectFrom('ledger_entries')
    .select(ENTRY_COLUMNS)
    .where('repo', '=', repo)
    .where('pr', 'in', [...opened])
    .orderBy('seq')
    .execute();
  return asFacts(rows)
    .map((entry) => entry.fact)
    .filter((fact) => LIFECYCLE.has(fact.kind));
}

export async function readChainHead(db: Kysely<LedgerDatabase>, repo: string): Promise<ChainHead | null> {
  const row = await db.selectFrom('chain_heads').selectAll().where('repo', '=', repo).executeTakeFirst();
  return row === undefined || Number(row.seq) === 0 ? null : { repo, seq: Number(row.seq), hash: row.hash };
}

export async function readChainHeads(db: Kysely<LedgerDatabase>): Promise<ChainHead[]> {
  const rows = await db.selectFrom('chain_heads').selectAll().where('seq', '>', 0).orderBy('repo').execute();
  return rows.map((row) => ({ repo: row.repo, seq: Number(row.seq), hash: row.hash }));
}

/**
 * Every entry matching the filter, in chain order (repository, then position), one page at a
 * time by keyset: constant memory, and no cursor held open between pages.
 */
export async function* streamEntries(
  db: Kysely<LedgerDatabase>,
  filter: ExportFilter = {},
): AsyncGenerator<StoredEntry> {
  const pageSize = filter.pageSize ?? 2_000;
  for (const scope of splitByRepository(filter)) {
    let after: { repo: string; seq: number } | null = null;
    for (;;) {
      let query: EntrySelect = applyFilter(db.selectFrom('ledger_entries').select(ENTRY_COLUMNS), scope);
      if (after !== null) {
        const { repo, seq } = after;
        query = query.where((eb) => eb(eb.refTuple('repo', 'seq'), '>', eb.tuple(repo, seq)));
      }
      const rows = await query.orderBy('repo').orderBy('seq').limit(pageSize).execute();
      for (const row of rows) yield rowToStored(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < pageSize) break;
      after = { repo: last.repo, seq: Number(last.seq) };
    }
  }
}

/**
 * A filter naming `repos` as one filter per repository, in chain order (no list of names bound
 * into one statement, whatever its length); any other filter as itself.
 */
export function splitByRepository(filter: ExportFilter): ExportFilter[] {
  if (filter.repos === undefined) return [filter];
  const { repos, ...rest } = filter;
  const names = [...new Set(repos.map((repo) => repo.toLowerCase()))].sort();
  return names
    .filter((repo) => rest.repo === undefined || rest.repo.toLowerCase() === repo)
    .map((repo) => ({ ...rest, repo }));
}

/** The filter's conditions (but `repos`: see `splitByRepository`) on a query of entries. */
export function applyFilter<Row>(
  query: SelectQueryBuilder<LedgerDatabase, 'ledger_entries', Row>,
  filter: ExportFilter,
): SelectQueryBuilder<LedgerDatabase, 'ledger_entries', Row> {
  let filtered = query;
  if (filter.repo !== undefined) filtered = filtered.where('repo', '=', filter.repo.toLowerCase());
  // Owner names are letters, digits and hyphens: nothing LIKE would read as a wildcard.
  if (filter.org !== undefined) filtered = filtered.where('repo', 'like', `${filter.org.toLowerCase()}/%`);
  if (filter.since !== undefined) filtered = filtered.where('occurred_at', '>=', filter.since.toISOString());
  if (filter.until !== undefined) filtered = filtered.where('occurred_at', '<', filter.until.toISOString());
  if (filter.kinds !== undefined) filtered = filtered.where('kind', 'in', filter.kinds);
  return filtered;
}
