import type { ReportIncident, RepositoryReport } from '../core/ledger/summarize-ledger.js';
import { renderDuration } from '../core/render/render-duration.js';
import { type Html, html } from './html.js';
import { renderWeeklyChart } from './render-chart.js';
import { renderLayout } from './render-layout.js';

export interface ReportPage {
  readonly org: string;
  /** The period, as YYYY-MM-DD: facts on or after `since` and before the day after `until`. */
  readonly since: string;
  readonly until: string;
  readonly reports: readonly RepositoryReport[];
  /** Only the repositories the viewer can read are shown (a member who is not an owner). */
  readonly readableOnly: boolean;
  readonly viewer: { readonly login: string; readonly csrfToken: string };
  /** The PR page of `owner/name` #n. */
  readonly pullRequestPath: (repo: string, number: number) => string;
  /** Downloads of the same rows as `custody audit export`, for this period. */
  readonly downloads: { readonly jsonl: string; readonly csv: string };
}

export function renderReportPage(page: ReportPage): string {
  const body = html`<h1>Custody report · ${page.org}</h1>
<form method="get" class="box" aria-label="Period"><label for="since" style="display:inline">From</label>
<input type="date" id="since" name="since" value="${page.since}" required>
<label for="until" style="display:inline">to</label> <input type="date" id="until" name="until" value="${page.until}" required>
<button type="submit">Show</button>
<span class="muted">· Download the ledger entries of this period: <a href="${page.downloads.jsonl}">JSONL</a> · <a href="${page.downloads.csv}">CSV</a></span></form>
${page.readableOnly ? html`<p class="muted">Showing the repositories you can read; the organisation's owners see all of them.</p>` : ''}
${
  page.reports.length === 0
    ? html`<p>No custody facts recorded for ${page.org} in this period${page.readableOnly ? ' in the repositories you can read' : ''}.</p>`
    : page.reports.map((report, i) => renderRepository(page, report, i))
}`;
  return renderLayout({ title: `Report · ${page.org}`, viewer: page.viewer, body });
}

function renderRepository(page: ReportPage, report: RepositoryReport, index: number): Html {
  const share =
    report.agentMergeShare === null
      ? 'n/a (nothing merged)'
      : `${Math.round(report.agentMergeShare * 100)}% (${report.agentMerges} of ${report.merges})`;
  return html`<section aria-labelledby="repo-${index}"><h2 id="repo-${index}">${report.repo}</h2>
<div class="table"><table><tbody>
<tr><th scope="row">Pull requests with agent involvement</th><td>${report.agentPullRequests} (${report.agentMerges} merged)</td></tr>
<tr><th scope="row">By agent</th><td>${
    report.byAgent.length === 0
      ? 'none'
      : report.byAgent.map(
          (a, i) =>
            html`${i > 0 ? ', ' : ''}${a.agent}: ${a.pullRequests} PR${a.pullRequests === 1 ? '' : 's'} (${a.merges} merged)`,
        )
  }</td></tr>
<tr><th scope="row">Merged changes with agent involvement</th><td>${share}</td></tr>
<tr><th scope="row">Independent approvals</th><td>${report.independentApprovals}${
    report.approvers.length > 0
      ? html` by ${report.approvers.map((a, i) => html`${i > 0 ? ', ' : ''}@${a.login} (${a.pullRequests})`)}`
      : ''
  }</td></tr>
<tr><th scope="row">Median time from last agent action to independent approval</th><td>${renderDuration(report.medianApprovalDelayMs)}</td></tr>
</tbody></table></div>
<h3>Bypasses (merged without custody)</h3>${renderIncidents(page, report.repo, report.bypassed, 'No bypass.')}
<h3>Overrides</h3>${renderIncidents(page, report.repo, report.overrides, 'No override.')}
<h3>Agent-involved merges per week</h3>${renderWeeklyChart(report.weekly, `chart-${index}`)}
</section>`;
}

function renderIncidents(
  page: ReportPage,
  repo: string,
  incidents: readonly ReportIncident[],
  none: string,
): Html {
  if (incidents.length === 0) return html`<p class="muted">${none}</p>`;
  return html`<ul>${incidents.map(
    (i) =>
      html`<li>${i.pr === null ? 'a push' : html`<a href="${page.pullRequestPath(repo, i.pr)}">#${i.pr}</a>`} by ${i.by === null ? 'someone' : `@${i.by}`} on ${i.occurredAt.slice(0, 10)} at <code>${i.headSha.slice(0, 7)}</code>: ${i.detail}</li>`,
  )}</ul>`;
}
