import { describe, expect, it } from 'vitest';
import { MAX_OVERRIDE_REASON_CHARS } from '../../src/core/evaluate/decide-override.js';
import { evaluate } from '../../src/core/evaluate/evaluate.js';
import type { ChainEntry, Fact, RepositoryReport } from '../../src/core/ledger/index.js';
import { GENESIS_HASH } from '../../src/core/ledger/index.js';
import { describeFact } from '../../src/web/describe-fact.js';
import { escapeHtml, html } from '../../src/web/html.js';
import { renderWeeklyChart } from '../../src/web/render-chart.js';
import { renderPendingPage } from '../../src/web/render-pending-page.js';
import { type PullRequestPage, renderPullRequestPage } from '../../src/web/render-pull-request-page.js';
import { renderReportPage } from '../../src/web/render-report-page.js';
import { FactClock } from '../builders/facts.js';
import { alice, copilotAgent, copilotAgentGit, erin } from '../builders/identities.js';
import { aPolicy } from '../builders/policy.js';
import { aSnapshot, fakeSha } from '../builders/snapshot.js';

const EVIL = '<script>alert(1)</script>"\'&';

describe('html', () => {
  it('escapes every interpolated value, nested markup once', () => {
    expect(escapeHtml(EVIL)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    const inner = html`<b>${EVIL}</b>`;
    expect(html`<p title="${EVIL}">${inner}${[EVIL, null, false, undefined, 0]}</p>`.text).toBe(
      `<p title="${escapeHtml(EVIL)}"><b>${escapeHtml(EVIL)}</b>${escapeHtml(EVIL)}0</p>`,
    );
  });
});

function pageOf(overrides: Partial<PullRequestPage> = {}): PullRequestPage {
  const snapshot = aSnapshot()
    .openedBy(copilotAgent)
    .assignedTo(alice.account)
    .withCommit(copilotAgentGit, (c) => c.coAuthoredBy(alice.git))
    .build();
  const clock = new FactClock();
  const fact = clock.fact({ kind: 'agent-involvement', pr: 1, agent: EVIL, evidence: EVIL });
  const entry: ChainEntry<Fact> = {
    repo: 'acme/widgets',
    seq: 1,
    recordedAt: fact.occurredAt,
    prevHash: GENESIS_HASH,
    hash: 'a'.repeat(64),
    fact,
  };
  return {
    owner: 'acme',
    repo: 'widgets',
    number: 1,
    title: EVIL,
    url: 'https://github.com/acme/widgets/pull/1',
    prState: 'OPEN',
    verdict: evaluate(snapshot, aPolicy()),
    policySources: ['Policy: built-in defaults'],
    timeline: [entry],
    viewer: { login: 'carol', csrfToken: 'token-1' },
    paths: { self: '/custody/acme/widgets/pull/1', reevaluate: '/re', override: '/over' },
    override: { allowed: false, flash: null },
    ...overrides,
  };
}

describe('the custody page', () => {
  it('never lets a title, an agent name or evidence write markup', () => {
    const page = renderPullRequestPage(pageOf());
    expect(page).not.toContain('<script>');
    expect(page).toContain(escapeHtml(EVIL));
    expect(page).toMatch(/<span class="state warn">waiting<\/span>/);
  });

  it('carries the session token in every form; only the light pending page refreshes', () => {
    const page = renderPullRequestPage(pageOf({ override: { allowed: true, flash: null } }));
    const forms = page.match(/<form[^>]* method="post"/g)?.length ?? 0;
    const tokens = page.match(/name="csrf" value="token-1"/g)?.length ?? 0;
    expect(forms).toBeGreaterThan(2);
    expect(tokens).toBe(forms);
    expect(page).not.toContain('http-equiv="refresh"');
    const pending = renderPendingPage({
      owner: 'acme',
      repo: 'widgets',
      number: 1,
      waitingFor: 'reevaluate',
      pagePath: '/custody/acme/widgets/pull/1',
      viewer: { login: 'carol', csrfToken: 'token-1' },
    });
    expect(pending).toContain('<meta http-equiv="refresh" content="2">');
    expect(pending).toContain('role="status"');
    expect(pending).toContain('href="/custody/acme/widgets/pull/1"');
  });

  it('caps the override reason at the limit the core accepts', () => {
    const page = renderPullRequestPage(pageOf({ override: { allowed: true, flash: null } }));
    expect(page).toContain(`maxlength="${MAX_OVERRIDE_REASON_CHARS}"`);
    expect(MAX_OVERRIDE_REASON_CHARS).toBe(1_000);
  });

  it('shows the timeline with each entry’s chain position and hash', () => {
    expect(renderPullRequestPage(pageOf())).toContain('#1 aaaaaaaaaaaa');
  });

  it('shows each override with the grounds it was accepted on, or that none were recorded', () => {
    const clock = new FactClock();
    const override = (grounds: { permission: 'admin'; teams: string[] } | null) =>
      clock.fact({
        kind: 'override',
        pr: 1,
        by: erin.account,
        reason: 'Outage',
        headSha: fakeSha(1),
        grounds,
      });
    expect(describeFact(override({ permission: 'admin', teams: ['acme/release'] })).what).toBe(
      `@erin overrode ${fakeSha(1).slice(0, 7)} (admin, acme/release): Outage`,
    );
    expect(describeFact(override(null)).what).toMatch(/\(grounds not recorded\): Outage$/);
  });
});

describe('the report page', () => {
  const report: RepositoryReport = {
    repo: 'acme/widgets',
    agentPullRequests: 2,
    agentMerges: 1,
    merges: 2,
    agentMergeShare: 0.5,
    byAgent: [{ agent: 'GitHub Copilot', pullRequests: 2, merges: 1 }],
    independentApprovals: 1,
    approvers: [{ login: 'bob', pullRequests: 1 }],
    bypasses: 1,
    bypassed: [
      { pr: 2, by: 'erin', headSha: fakeSha(2), occurredAt: '2026-05-04T09:00:00Z', detail: 'waiting' },
    ],
    overrides: [{ pr: 3, by: 'erin', headSha: fakeSha(3), occurredAt: '2026-05-05T09:00:00Z', detail: EVIL }],
    medianApprovalDelayMs: 3_600_000,
    weekly: [
      { week: '2026-04-27', agent: 'GitHub Copilot', merges: 1 },
      { week: '2026-05-11', agent: 'Devin', merges: 2 },
    ],
  };

  it('links each bypass and override to its pull request page, escaping the reason', () => {
    const page = renderReportPage({
      org: 'acme',
      since: '2026-01-01',
      until: '2026-12-31',
      reports: [report],
      readableOnly: false,
      viewer: { login: 'carol', csrfToken: 't' },
      pullRequestPath: (repo, n) => `/custody/${repo}/pull/${n}`,
      downloads: { jsonl: '/j', csv: '/c' },
    });
    expect(page).not.toContain('repositories you can read');
    expect(page).toContain('<a href="/custody/acme/widgets/pull/2">#2</a>');
    expect(page).toContain('<a href="/custody/acme/widgets/pull/3">#3</a>');
    expect(page).not.toContain('<script>');
    expect(page).toContain('50% (1 of 2)');
    expect(page).toContain('@bob (1)');
  });

  it('says when it shows only the repositories the reader can read', () => {
    const page = (reports: RepositoryReport[]) =>
      renderReportPage({
        org: 'acme',
        since: '2026-01-01',
        until: '2026-12-31',
        reports,
        readableOnly: true,
        viewer: { login: 'bob', csrfToken: 't' },
        pullRequestPath: (repo, n) => `/custody/${repo}/pull/${n}`,
        downloads: { jsonl: '/j', csv: '/c' },
      });
    expect(page([report])).toContain(
      "Showing the repositories you can read; the organisation's owners see all of them.",
    );
    expect(page([])).toContain(
      'No custody facts recorded for acme in this period in the repositories you can read.',
    );
  });

  it('draws the weekly chart with a title, a description and every week on its axis', () => {
    const chart = renderWeeklyChart(report.weekly, 'c').text;
    expect(chart).toMatch(/<title id="c-t">Agent-involved merges per week, stacked by agent<\/title>/);
    expect(chart).toContain('<desc id="c-d">3 agent-involved merges over 3 weeks, at most 2 in one week');
    expect(chart.match(/<rect x=/g)?.length).toBe(2);
    expect(chart).toContain('>05-04<');
  });
});
