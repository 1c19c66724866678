import type { RepositoryReport } from '../core/ledger/index.js';

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
    `  independent approvals: ${report.independentApprovals}`,
    `  bypasses: ${report.bypasses}`,
    `  overrides: ${report.overrides}`,
    `  median time from last agent action to independent approval: ${renderDuration(report.medianApprovalDelayMs)}`,
    '',
  ].join('\n');
}

function renderDuration(ms: number | null): string {
  if (ms === null) return 'n/a';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
