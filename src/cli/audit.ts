import { parseArgs } from 'node:util';
import type { ChainEntry } from '../core/ledger/index.js';
import type { Ledger } from '../ledger/index.js';
import { renderAuditReport } from './audit-report.js';
import { type CliIo, EXIT, UsageError } from './cli-io.js';

const FORMATS = ['jsonl', 'csv'] as const;

/**
 * `custody audit export|verify|report [--database URL]`: the custody ledger from the command
 * line. The database is `--database`, else DATABASE_URL, else the embedded file.
 */
export async function runAudit(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      database: { type: 'string' },
      repo: { type: 'string' },
      org: { type: 'string' },
      since: { type: 'string' },
      format: { type: 'string' },
    },
  });
  const [action, ...extra] = positionals;
  if (action === undefined || !['export', 'verify', 'report'].includes(action) || extra.length > 0)
    throw new UsageError('audit takes one of: export, verify, report');
  if (values.repo !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(values.repo))
    throw new UsageError(`--repo wants owner/name, got ${values.repo}`);
  if (values.repo !== undefined && values.org !== undefined)
    throw new UsageError('give --repo or --org, not both');
  const format = values.format ?? 'jsonl';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format takes jsonl or csv, got ${format}`);
  const since = values.since === undefined ? undefined : parseDate(values.since);

  const ledger = await io.openLedger(values.database ?? io.env.DATABASE_URL);
  try {
    if (action === 'verify') return await verifyLedger(ledger, io);
    if (action === 'report') {
      io.stdout(renderAuditReport(await ledger.report({ ...definedOnly({ org: values.org, since }) })));
      return EXIT.ok;
    }
    await exportLedger(ledger, io, format as (typeof FORMATS)[number], {
      ...definedOnly({ repo: values.repo, org: values.org, since }),
    });
    return EXIT.ok;
  } finally {
    await ledger.close();
  }
}

async function verifyLedger(ledger: Ledger, io: CliIo): Promise<number> {
  const result = await ledger.verify();
  if (result.problem === null) {
    io.stdout(
      `custody ledger verified: ${result.checked.toLocaleString('en-US')} entries, every chain holds (${ledger.label})\n`,
    );
    return EXIT.ok;
  }
  const { repo, seq, reason } = result.problem;
  io.stdout(`custody ledger BROKEN at ${repo} entry ${seq}: ${reason} (${ledger.label})\n`);
  return EXIT.notPassing;
}

const CSV_COLUMNS = ['repo', 'seq', 'recorded_at', 'kind', 'pr', 'occurred_at', 'prev_hash', 'hash', 'fact'];

/** Streams entries out a page at a time, waiting for stdout between chunks: memory stays flat. */
async function exportLedger(
  ledger: Ledger,
  io: CliIo,
  format: (typeof FORMATS)[number],
  filter: Parameters<Ledger['export']>[0],
): Promise<void> {
  let chunk = format === 'csv' ? `${CSV_COLUMNS.join(',')}\n` : '';
  for await (const entry of ledger.export(filter)) {
    chunk += format === 'csv' ? renderCsvRow(entry) : `${JSON.stringify(entry)}\n`;
    if (chunk.length >= 64 * 1024) {
      io.stdout(chunk);
      chunk = '';
      await io.drainStdout();
    }
  }
  if (chunk !== '') io.stdout(chunk);
}

function renderCsvRow(entry: ChainEntry): string {
  const fact = entry.fact as { kind?: unknown; pr?: unknown; occurredAt?: unknown };
  const cells = [
    entry.repo,
    entry.seq,
    entry.recordedAt,
    fact.kind,
    fact.pr,
    fact.occurredAt,
    entry.prevHash,
    entry.hash,
    JSON.stringify(entry.fact),
  ];
  return `${cells.map(escapeCsv).join(',')}\n`;
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
function escapeCsv(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function parseDate(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime()))
    throw new UsageError(`--since wants a date such as 2026-01-31 or 2026-01-31T12:00:00Z, got ${text}`);
  return date;
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as never;
}
