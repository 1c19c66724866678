import type { StoredEntry } from '../core/ledger/index.js';
import type { ExportFilter, Ledger } from '../ledger/index.js';
import type { CliIo } from './cli-io.js';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CSV_COLUMNS = ['repo', 'seq', 'recorded_at', 'kind', 'pr', 'occurred_at', 'prev_hash', 'hash', 'fact'];
const CHUNK_CHARS = 64 * 1024;

/** Streams entries out a page at a time, waiting for stdout between chunks: memory stays flat. */
export async function exportLedger(
  ledger: Ledger,
  io: CliIo,
  format: ExportFormat,
  filter: ExportFilter,
): Promise<void> {
  let chunk = format === 'csv' ? `${CSV_COLUMNS.join(',')}\n` : '';
  for await (const entry of ledger.exportStored(filter)) {
    chunk += format === 'csv' ? renderCsvRow(entry) : renderJsonLine(entry);
    if (chunk.length >= CHUNK_CHARS) {
      io.stdout(chunk);
      chunk = '';
      await io.drainStdout();
    }
  }
  if (chunk !== '') io.stdout(chunk);
}

/**
 * One entry as a JSON line, `{repo, seq, recordedAt, prevHash, hash, fact}`, with the stored
 * canonical fact text spliced in rather than parsed and re-serialised (the same bytes).
 */
export function renderJsonLine(entry: StoredEntry): string {
  return `{"repo":${JSON.stringify(entry.repo)},"seq":${entry.seq},"recordedAt":${JSON.stringify(entry.recordedAt)},"prevHash":${JSON.stringify(entry.prevHash)},"hash":${JSON.stringify(entry.hash)},"fact":${entry.factJson}}\n`;
}

function renderCsvRow(entry: StoredEntry): string {
  const fact = JSON.parse(entry.factJson) as { kind?: unknown; pr?: unknown; occurredAt?: unknown };
  const cells = [
    entry.repo,
    entry.seq,
    entry.recordedAt,
    fact.kind,
    fact.pr,
    fact.occurredAt,
    entry.prevHash,
    entry.hash,
    entry.factJson,
  ];
  return `${cells.map(escapeCsv).join(',')}\n`;
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
function escapeCsv(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
