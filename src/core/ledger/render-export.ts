import type { StoredEntry } from './chain.js';

/**
 * The rows of a ledger export, shared by `custody audit export` and the report page's
 * downloads: JSON lines `{repo, seq, recordedAt, prevHash, hash, fact}` (what verify
 * recomputes) or CSV with the fact as JSON in its last column.
 */
const CSV_COLUMNS = ['repo', 'seq', 'recorded_at', 'kind', 'pr', 'occurred_at', 'prev_hash', 'hash', 'fact'];
export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\n`;

/**
 * One entry as a JSON line, `{repo, seq, recordedAt, prevHash, hash, fact}`, with the stored
 * canonical fact text spliced in rather than parsed and re-serialised (the same bytes).
 */
export function renderJsonLine(entry: StoredEntry): string {
  return `{"repo":${JSON.stringify(entry.repo)},"seq":${entry.seq},"recordedAt":${JSON.stringify(entry.recordedAt)},"prevHash":${JSON.stringify(entry.prevHash)},"hash":${JSON.stringify(entry.hash)},"fact":${entry.factJson}}\n`;
}

export function renderCsvRow(entry: StoredEntry): string {
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
