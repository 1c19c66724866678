export * from './chain.js';
export { deriveHistory, type HistoryTarget } from './derive-history.js';
export * from './facts.js';
export { LedgerSummarizer, REPORT_KINDS, type RepositoryReport } from './summarize-ledger.js';
