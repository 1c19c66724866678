import { sql } from 'kysely';
import type {
  ChainEntry,
  ChainHead,
  Fact,
  FactInput,
  RepositoryReport,
  StoredEntry,
} from '../core/ledger/index.js';
import { findOpenPullRequests, LedgerSummarizer } from '../core/ledger/index.js';
import { type AppendFn, type AppendOptions, appendFacts, prepareFacts } from './append.js';
import { createPostgresAppend } from './append-postgres.js';
import { createSqliteAppend } from './append-sqlite.js';
import { type Connection, connectLedger } from './connect.js';
import { importEntries } from './import-entries.js';
import { migrateLedger } from './migrations.js';
import { type PruneResult, pruneClosed } from './prune.js';
import {
  type ExportFilter,
  parseStoredEntry,
  readChainHead,
  readEntriesBy,
  readHistoryFacts,
  readOpenings,
  streamEntries,
} from './read.js';
import { createReadRows, type ReportFilter, readReportFacts } from './read-report.js';
import type { Flavour } from './schema.js';
import { type VerifyResult, verifyStoredChains } from './verify.js';
import { createWorkStore, type WorkStore, type WorkStoreSettings } from './work-store.js';

/** The custody ledger: append-only facts in per-repository hash chains. Repositories are `owner/name`. */
export interface Ledger {
  readonly flavour: Flavour;
  /** A file path, or the PostgreSQL server and database (no credentials). */
  readonly label: string;
  /** Atomic; a delivery GUID already recorded adds nothing (returns []). */
  append(facts: readonly FactInput[], options?: AppendOptions): Promise<ChainEntry<Fact>[]>;
  readByPullRequest(repo: string, pr: number): Promise<ChainEntry<Fact>[]>;
  readByHeadRef(repo: string, headRef: string): Promise<ChainEntry<Fact>[]>;
  readByHeadSha(repo: string, headSha: string): Promise<ChainEntry<Fact>[]>;
  /** A PR's own facts and the pushes to every head branch it has had: what `deriveHistory` reads. */
  readHistoryFacts(repo: string, pr: number, headRef: string): Promise<ChainEntry<Fact>[]>;
  /** The open PRs whose head is this branch (more than one: they share a head). */
  findOpenPullRequestsOnHead(repo: string, headRef: string): Promise<number[]>;
  chainHead(repo: string): Promise<ChainHead | null>;
  /** Entries in chain order, streamed page by page (constant memory); facts parsed as JSON, not checked. */
  export(filter?: ExportFilter): AsyncIterable<ChainEntry>;
  /** The same, with each fact as its stored canonical text (what a fast export writes). */
  exportStored(filter?: ExportFilter): AsyncIterable<StoredEntry>;
  /** Stores exported entries verbatim; returns how many. */
  import(
    entries: AsyncIterable<ChainEntry | StoredEntry> | Iterable<ChainEntry | StoredEntry>,
  ): Promise<number>;
  verify(repo?: string): Promise<VerifyResult>;
  report(filter?: ReportFilter): Promise<RepositoryReport[]>;
  prune(retentionDays: number): Promise<PruneResult>;
  /** PostgreSQL only: the durable queue's storage over this ledger's connection (replicated mode). */
  readonly openWorkStore?: (settings: WorkStoreSettings) => WorkStore;
  close(): Promise<void>;
}

export type { ReportFilter };

export interface OpenOptions {
  /** PostgreSQL only: the schema to use (created if missing), e.g. to isolate tests. */
  readonly schema?: string;
  /** The clock, for tests. */
  readonly now?: () => Date;
  /** PostgreSQL only: connections in the pool (default 10). */
  readonly poolSize?: number;
}

/** Opens (and migrates) the ledger at `url`: `postgres://…`, or a SQLite path (default `./.custody/custody.db`). */
export async function openLedger(url: string | undefined, options: OpenOptions = {}): Promise<Ledger> {
  return openLedgerOn(
    connectLedger(url, options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
    options,
  );
}

/**
 * A ledger over a connection already made (tests hand in PGlite this way): in `schema` when
 * given (PostgreSQL; created if missing), migrated before use. Closing it closes the connection.
 */
export async function openLedgerOn(connection: Connection, options: OpenOptions = {}): Promise<Ledger> {
  const { schema } = options;
  const db = schema === undefined ? connection.db : connection.db.withSchema(schema);
  try {
    if (schema !== undefined) {
      if (connection.flavour !== 'postgres') throw new Error('a ledger schema needs PostgreSQL');
      await sql`create schema if not exists ${sql.id(schema)}`.execute(connection.db);
    }
    await migrateLedger(db, connection.flavour, schema);
  } catch (error) {
    await connection.close();
    throw error;
  }
  return createLedger({ ...connection, db }, schema, options.now);
}

function createLedger(
  connection: Connection,
  schema: string | undefined,
  now: () => Date = () => new Date(),
): Ledger {
  const { db, flavour, label, close } = connection;
  const append: AppendFn =
    connection.sqlite !== undefined
      ? createSqliteAppend(db, connection.sqlite)
      : flavour === 'postgres'
        ? createPostgresAppend(db, schema)
        : (groups, deliveryId, clock) => appendFacts(db, groups, deliveryId, clock);
  const readRows = createReadRows(db, connection.sqlite?.database);
  return {
    flavour,
    label,
    append: async (facts, options = {}) => {
      const deliveryId = options.deliveryId ?? null;
      return append(prepareFacts(facts, deliveryId), deliveryId, now);
    },
    readByPullRequest: (repo, pr) => readEntriesBy(db, repo.toLowerCase(), 'pr', pr),
    readByHeadRef: (repo, headRef) => readEntriesBy(db, repo.toLowerCase(), 'head_ref', headRef),
    readByHeadSha: (repo, headSha) => readEntriesBy(db, repo.toLowerCase(), 'head_sha', headSha),
    readHistoryFacts: (repo, pr, headRef) => readHistoryFacts(db, repo.toLowerCase(), pr, headRef),
    findOpenPullRequestsOnHead: async (repo, headRef) =>
      findOpenPullRequests(await readOpenings(db, repo.toLowerCase(), headRef)),
    chainHead: (repo) => readChainHead(db, repo.toLowerCase()),
    export: (filter) => mapAsync(streamEntries(db, filter), parseStoredEntry),
    exportStored: (filter) => streamEntries(db, filter),
    import: (entries) => importEntries(db, entries),
    verify: (repo) => verifyStoredChains(db, repo?.toLowerCase()),
    report: async (filter = {}) => {
      const summarizer = new LedgerSummarizer();
      for await (const { repo, facts } of readReportFacts(db, readRows, filter))
        for (const fact of facts) summarizer.add({ repo, fact });
      return summarizer.reports();
    },
    prune: (retentionDays) => pruneClosed(db, retentionDays, now),
    ...(flavour === 'postgres' ? { openWorkStore: (settings) => createWorkStore(db, settings, now) } : {}),
    close,
  };
}

async function* mapAsync<T, U>(source: AsyncIterable<T>, map: (value: T) => U): AsyncGenerator<U> {
  for await (const value of source) yield map(value);
}
