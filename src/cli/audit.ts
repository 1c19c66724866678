import { parseArgs } from 'node:util';
import type { Ledger } from '../ledger/index.js';
import { EXPORT_FORMATS, type ExportFormat, exportLedger } from './audit-export.js';
import { renderAuditReport } from './audit-report.js';
import { type CliIo, EXIT, UsageError } from './cli-io.js';

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
      until: { type: 'string' },
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
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format takes jsonl or csv, got ${format}`);
  const since = values.since === undefined ? undefined : parseDate(values.since);
  const until = values.until === undefined ? undefined : parseDate(values.until);

  const ledger = await io.openLedger(values.database ?? io.env.DATABASE_URL);
  try {
    if (action === 'verify') return await verifyLedger(ledger, io);
    if (action === 'report') {
      io.stdout(
        renderAuditReport(
          await ledger.report({ ...definedOnly({ org: values.org, repo: values.repo, since, until }) }),
        ),
      );
      return EXIT.ok;
    }
    await exportLedger(ledger, io, format as ExportFormat, {
      ...definedOnly({ repo: values.repo, org: values.org, since, until }),
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

function parseDate(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime()))
    throw new UsageError(`--since wants a date such as 2026-01-31 or 2026-01-31T12:00:00Z, got ${text}`);
  return date;
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as never;
}
