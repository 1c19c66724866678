import type { RepositoryReport } from '../core/ledger/index.js';
import { renderDuration } from '../core/render/render-duration.js';

/** The audit report as text: one block per repository. */
export function renderAuditReport(reports: readonly RepositoryReport[]): string {
  if (reports.length === 0) return 'No custody facts recorded for this selection.\n';
  return reports.map(renderRepository).join('\n');
}

function renderRepository(report: RepositoryReport): string {
  const agents = report.byAgent
    .map(
      (agent) =>
        `${agent.agent} ${agent.pullRequests} PR${agent.pullRequests === 1 ? '' : 's'} (${agent.merges} merged)`,
    )
    .join('; ');
  return [
    report.repo,
    `  agent-involved pull requests: ${report.agentPullRequests} (${report.agentMerges} merged)`,
    `  by agent: ${agents === '' ? 'none' : agents}`,
    `  merged changes with agent involvement: ${renderShare(report)}`,
    `  independent approvals: ${report.independentApprovals}${renderApprovers(report)}`,
    `  bypasses: ${report.bypasses}${renderIncidents(report.bypassed)}`,
    `  overrides: ${report.overrides.length}${renderIncidents(report.overrides)}`,
    `  median time from last agent action to independent approval: ${renderDuration(report.medianApprovalDelayMs)}`,
    '',
  ].join('\n');
}

function renderShare(report: RepositoryReport): string {
  if (report.agentMergeShare === null) return 'n/a (nothing merged)';
  return `${Math.round(report.agentMergeShare * 100)}% (${report.agentMerges} of ${report.merges})`;
}

function renderApprovers(report: RepositoryReport): string {
  if (report.approvers.length === 0) return '';
  return ` (by ${report.approvers.map((a) => `@${a.login} ${a.pullRequests}`).join(', ')})`;
}

function renderIncidents(incidents: RepositoryReport['bypassed']): string {
  if (incidents.length === 0) return '';
  return ` (${incidents.map((i) => `#${i.pr ?? '?'} by ${i.by === null ? 'someone' : `@${i.by}`}`).join(', ')})`;
}
