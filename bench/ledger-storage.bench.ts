import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import {
  canonicalJson,
  type Fact,
  GENESIS_HASH,
  hashStoredContent,
  renderJsonLine,
  type StoredEntry,
} from '../src/core/ledger/index.js';
import { connectLedger, type Ledger, openLedgerOn } from '../src/ledger/index.js';
import type { LedgerDatabase } from '../src/ledger/schema.js';
import { FactClock } from '../test/builders/facts.js';
import { bob, copilotAgent } from '../test/builders/identities.js';
import { fakeSha } from '../test/builders/snapshot.js';
import { numberFlag, percentile, printTable, selected } from './app/shared.js';
import type { Benchmark } from './benchmark.js';

/**
 * The ledger on its two databases. Append: one webhook's facts (a push and a synchronize) per
 * call with its delivery GUID, one after another, as the webhook path writes them (`--appends=N`,
 * default 5,000); p50 / p99 and how many missed the goal. PostgreSQL also shows what a bare
 * committed insert costs on the same server (every durable append pays it) and the appends with
 * commits that do not wait for the disk.
 * Export and verify: `--entries=N` (default 1,000,000) entries streamed out of SQLite, with RSS
 * and heap before and after to show memory stays flat. PostgreSQL is the server at
 * CUSTODY_BENCH_DATABASE_URL (default postgres://root@127.0.0.1:5432/test) in a scratch schema;
 * skipped with a line when unreachable.
 *
 * `npm run bench -- ledger`; the million-entry part alone: `npm run bench -- "ledger export"`.
 */

const APPEND_SUITE = 'ledger append';
const EXPORT_SUITE = 'ledger export and verify';

function webhookFacts(clock: FactClock, index: number): Fact[] {
  return [
    clock.push(bob.account, fakeSha(index)),
    clock.synchronize(1 + (index % 50), copilotAgent, fakeSha(index)),
  ];
}

interface Latencies {
  readonly p50: number;
  readonly p99: number;
  /** How many took longer than the goal. */
  readonly over: number;
  readonly count: number;
}

function latencies(times: readonly number[], goalMs: number): Latencies {
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    over: times.filter((time) => time > goalMs).length,
    count: times.length,
  };
}

const describeLatencies = ({ p50, p99, over, count }: Latencies) =>
  `${p50.toFixed(2)} / ${p99.toFixed(2)} ms, ${over} of ${count} over the goal`;

/**
 * Wall time per append, and this process's CPU time per append (on SQLite that is the whole
 * append, the database included: it runs in this thread; less sensitive to a busy machine).
 */
async function measureAppends(
  ledger: Ledger,
  appends: number,
  goalMs: number,
): Promise<Latencies & { readonly cpu: Latencies }> {
  const clock = new FactClock();
  for (let index = 0; index < 100; index += 1)
    await ledger.append(webhookFacts(clock, index), { deliveryId: `warm-${index}` });
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let index = 0; index < appends; index += 1) {
    const facts = webhookFacts(clock, index);
    const cpu = process.cpuUsage();
    const start = performance.now();
    await ledger.append(facts, { deliveryId: randomBytes(8).toString('hex') });
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  return { ...latencies(times, goalMs), cpu: latencies(cpuTimes, goalMs) };
}

/** What any durable write costs on this server: a one-row insert committed, one after another. */
async function measureCommitFloor(
  db: Kysely<LedgerDatabase>,
  schema: string,
  count: number,
): Promise<Latencies> {
  const table = sql.table(`${schema}.commit_floor`);
  await sql`create table ${table} (n integer)`.execute(db);
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const start = performance.now();
    await sql`insert into ${table} values (${index})`.execute(db);
    times.push(performance.now() - start);
  }
  return latencies(times, 5);
}

async function benchAppend(): Promise<void> {
  const appends = numberFlag('appends', 5_000);
  const folder = mkdtempSync(join(tmpdir(), 'custody-bench-'));
  const rows: [string, string, string?][] = [[`load average at start`, loadavg()[0]!.toFixed(1)]];
  try {
    const path = join(folder, 'custody.db');
    const sqlite = await openLedgerOn(connectLedger(path));
    const local = await measureAppends(sqlite, appends, 2);
    await sqlite.close();
    const bytes = statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    rows.push(
      ['SQLite append (2 facts, 1 delivery), p50 / p99', describeLatencies(local), 'p99 ≤ 2 ms'],
      ['  CPU time of this process per append, p50 / p99', describeLatencies(local.cpu)],
      [
        'SQLite bytes per fact (file + WAL, indexes included)',
        `${Math.round(bytes / ((appends + 100) * 2))}`,
      ],
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const url = process.env.CUSTODY_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
  const schema = `custody_bench_${randomBytes(4).toString('hex')}`;
  const connection = connectLedger(url);
  try {
    await sql`select 1`.execute(connection.db);
  } catch (error) {
    console.log(`\n${APPEND_SUITE}: PostgreSQL skipped, ${url} unreachable (${(error as Error).message})`);
    await connection.close();
    printTable(`${APPEND_SUITE}: one webhook's facts per append`, rows);
    return;
  }
  const postgres = await openLedgerOn({ ...connection, close: async () => {} }, { schema });
  // The same appends with commits that do not wait for the disk (an operator's choice, in
  // DATABASE_URL: `?options=-c%20synchronous_commit%3Doff`), to show what is Custody's work.
  const asyncUrl = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c synchronous_commit=off')}`;
  const asyncConnection = connectLedger(asyncUrl);
  try {
    const remote = await measureAppends(postgres, appends, 5);
    const size = await sql<{
      bytes: string;
    }>`select pg_total_relation_size(${`${schema}.ledger_entries`}) as bytes`.execute(connection.db);
    const floor = await measureCommitFloor(connection.db, schema, 1_000);
    const asyncLedger = await openLedgerOn({ ...asyncConnection, close: async () => {} }, { schema });
    const notWaiting = await measureAppends(asyncLedger, appends, 5);
    rows.push(
      ['PostgreSQL (loopback) append, p50 / p99', describeLatencies(remote), 'p99 ≤ 5 ms'],
      ['PostgreSQL one-row insert committed (the disk sync floor)', describeLatencies(floor)],
      ['PostgreSQL append, synchronous_commit = off, p50 / p99', describeLatencies(notWaiting)],
      [
        'PostgreSQL bytes per fact (table + indexes)',
        `${Math.round(Number(size.rows[0]?.bytes) / ((appends + 100) * 2))}`,
      ],
    );
  } finally {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(connection.db);
    await asyncConnection.close();
    await connection.close();
  }
  printTable(`${APPEND_SUITE}: one webhook's facts per append`, rows);
}

/**
 * Chained entries over 20 repositories, made as they are imported (never all in memory): one
 * schema-checked push fact per repository, varied per entry, hashed from its canonical text.
 */
async function* syntheticEntries(count: number): AsyncGenerator<StoredEntry> {
  const templates = Array.from({ length: 20 }, (_, index) =>
    new FactClock({ owner: 'acme', name: `repo-${index}`, id: index }).push(bob.account, fakeSha(index)),
  );
  const heads = new Map<string, { seq: number; hash: string }>();
  for (let index = 0; index < count; index += 1) {
    const template = templates[index % templates.length]!;
    const repo = `acme/repo-${index % templates.length}`;
    const at = new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString();
    const factJson = canonicalJson({ ...template, after: fakeSha(index), occurredAt: at });
    const head = heads.get(repo);
    const content = { repo, seq: (head?.seq ?? 0) + 1, recordedAt: at, factJson };
    const entry = { ...content, prevHash: head?.hash ?? GENESIS_HASH, hash: '' };
    const hash = hashStoredContent(entry.prevHash, content);
    heads.set(repo, { seq: content.seq, hash });
    yield { ...entry, hash };
  }
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function memory(): string {
  const { rss, heapUsed } = process.memoryUsage();
  return `RSS ${(rss / 2 ** 20).toFixed(0)} MB, heap ${(heapUsed / 2 ** 20).toFixed(0)} MB`;
}

async function benchExport(): Promise<void> {
  const count = numberFlag('entries', 1_000_000);
  const folder = mkdtempSync(join(tmpdir(), 'custody-bench-'));
  try {
    const path = join(folder, 'custody.db');
    const ledger = await openLedgerOn(connectLedger(path));
    const loadStart = performance.now();
    await ledger.import(syntheticEntries(count));
    const loadMs = performance.now() - loadStart;
    const bytes = statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);

    const beforeExport = memory();
    let exported = 0;
    let exportedBytes = 0;
    let peakHeap = 0;
    const exportCpu = process.cpuUsage();
    const exportStart = performance.now();
    for await (const entry of ledger.exportStored()) {
      exportedBytes += renderJsonLine(entry).length;
      exported += 1;
      if (exported % 50_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
    const exportMs = performance.now() - exportStart;
    const exportCpuMs = cpuMs(exportCpu);
    const afterExport = memory();
    const verifyCpu = process.cpuUsage();
    const verifyStart = performance.now();
    const verified = await ledger.verify();
    const verifyMs = performance.now() - verifyStart;
    const verifyCpuMs = cpuMs(verifyCpu);
    const afterVerify = memory();
    await ledger.close();
    const perSecond = (n: number, ms: number) =>
      `${Math.round((n / ms) * 1000).toLocaleString('en-US')} entries/s`;
    printTable(`${EXPORT_SUITE}: ${count.toLocaleString('en-US')} entries in SQLite`, [
      ['load (import, chained)', perSecond(count, loadMs)],
      ['database size, bytes per entry', `${Math.round(bytes / count)}`],
      [
        'export (JSON lines as `custody audit export` writes them, not written out)',
        perSecond(exported, exportMs),
        '≥ 100,000 entries/s',
      ],
      [
        'export per CPU second (this process; a shared machine slows wall time)',
        perSecond(exported, exportCpuMs),
      ],
      ['export output size', `${(exportedBytes / 2 ** 20).toFixed(0)} MB`],
      ['memory before export', beforeExport],
      ['memory after export', afterExport],
      ['peak heap sampled during export', `${(peakHeap / 2 ** 20).toFixed(0)} MB`],
      [
        `verify (${verified.ok ? 'holds' : 'BROKEN'})`,
        perSecond(verified.checked, verifyMs),
        '≥ 100,000 entries/s',
      ],
      ['verify per CPU second', perSecond(verified.checked, verifyCpuMs)],
      ['memory after verify', afterVerify],
    ]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (selected(APPEND_SUITE)) await benchAppend();
if (selected(EXPORT_SUITE)) await benchExport();

export const benchmarks: Benchmark[] = [];
