export * from './chain.js';
export * from './decide-bypass.js';
export { decideReportRepositories, type ReportViewer } from './decide-report-scope.js';
export { deriveHistory, type HistoryTarget, type ReadRequesters } from './derive-history.js';
export * from './facts.js';
export { findSharedHead, type SharedHeadPullRequest } from './find-shared-head.js';
export { findOpenPullRequests } from './open-pull-requests.js';
export { readBodyRequesters } from './read-body-requesters.js';
export { digestOf, type PublishedEvaluation, recordEvaluation } from './record-evaluation.js';
export * from './record-events.js';
export { addOverride, type OverrideRecord, recordOverride } from './record-override.js';
export { CSV_HEADER, renderCsvRow, renderJsonLine } from './render-export.js';
export { requireSharedHead } from './require-shared-head.js';
export {
  LedgerSummarizer,
  type ReportFact,
  type ReportIncident,
  type RepositoryReport,
  weekOf,
} from './summarize-ledger.js';
