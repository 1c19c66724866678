import { CSV_HEADER, renderCsvRow, renderJsonLine } from '../core/ledger/index.js';
import type { ExportFilter, Ledger } from '../ledger/index.js';
import type { CliIo } from './cli-io.js';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CHUNK_CHARS = 64 * 1024;

/** Streams entries out a page at a time, waiting for stdout between chunks: memory stays flat. */
export async function exportLedger(
  ledger: Ledger,
  io: CliIo,
  format: ExportFormat,
  filter: ExportFilter,
): Promise<void> {
  let chunk = format === 'csv' ? CSV_HEADER : '';
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
