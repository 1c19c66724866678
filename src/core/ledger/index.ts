export * from './chain.js';
export { deriveHistory, type HistoryTarget, type ReadRequesters } from './derive-history.js';
export * from './facts.js';
export { findOpenPullRequests } from './open-pull-requests.js';
export { readBodyRequesters } from './read-body-requesters.js';
export { digestOf, type PublishedEvaluation, recordEvaluation } from './record-evaluation.js';
export * from './record-events.js';
export { LedgerSummarizer, REPORT_KINDS, type RepositoryReport } from './summarize-ledger.js';
