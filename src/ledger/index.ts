export type { AppendOptions } from './append.js';
export { type Connection, connectLedger, DEFAULT_LEDGER_PATH } from './connect.js';
export { type Ledger, type OpenOptions, openLedger, openLedgerOn, type ReportFilter } from './ledger.js';
export type { PruneResult } from './prune.js';
export type { ExportFilter } from './read.js';
export { readSharedHead, readSnapshotHistory } from './read-snapshot-history.js';
export type { VerifyResult } from './verify.js';
export type { TakenWork, WorkItem, WorkStore, WorkStoreSettings } from './work-store.js';
