export * from './chain.js';
export { deriveHistory, type HistoryTarget } from './derive-history.js';
export * from './facts.js';
export { findOpenPullRequests } from './open-pull-requests.js';
export { LedgerSummarizer, REPORT_KINDS, type RepositoryReport } from './summarize-ledger.js';
