import { MAX_OVERRIDE_REASON_CHARS } from '../core/evaluate/decide-override.js';
import type { ChainEntry } from '../core/ledger/chain.js';
import type { Fact } from '../core/ledger/facts.js';
import {
  describeAgentInvolvement,
  describeEvidence,
  IGNORE_REASONS,
  ROLE_WORDS,
  reviewerName,
  STATE_HEADINGS,
} from '../core/render/describe-verdict.js';
import type { ChainRow, Verdict, VerdictState } from '../core/verdict.js';
import { describeFact } from './describe-fact.js';
import { type Html, html } from './html.js';
import { renderLayout } from './render-layout.js';

export interface PullRequestPage {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly title: string;
  /** The pull request on GitHub. */
  readonly url: string;
  /** OPEN, CLOSED or MERGED. */
  readonly prState: string;
  readonly verdict: Verdict;
  /** The policy files in force and notes about them. */
  readonly policySources: readonly string[];
  /** The PR's facts in the ledger, in chain order. */
  readonly timeline: readonly ChainEntry<Fact>[];
  readonly viewer: { readonly login: string; readonly csrfToken: string };
  /** Where the forms post. */
  readonly paths: { readonly self: string; readonly reevaluate: string; readonly override: string };
  /** The override form when the viewer may override; a message after one. */
  readonly override: { readonly allowed: boolean; readonly flash: string | null };
}

const STATE_CLASS: Readonly<Record<VerdictState, string>> = {
  not_applicable: 'ok',
  satisfied: 'ok',
  waiting: 'warn',
  blocked: 'bad',
  error: 'bad',
  overridden: 'over',
};

const STATUS_WORDS = { met: '✓ met', missing: '○ missing', violated: '✗ violated' } as const;

export function renderPullRequestPage(page: PullRequestPage): string {
  const { verdict } = page;
  const body = html`<nav aria-label="Breadcrumb" class="muted">${page.owner} / ${page.repo} · <a href="${page.url}">pull request #${page.number} on GitHub</a></nav>
<h1>${page.title} <span class="muted">#${page.number}</span></h1>
<p><span class="state ${STATE_CLASS[verdict.state]}">${verdict.state.replace('_', ' ')}</span>
<strong>${STATE_HEADINGS[verdict.state]}</strong> <span class="muted">· head <code>${verdict.headSha.slice(0, 7)}</code> · ${page.prState.toLowerCase()}</span></p>
<p>${verdict.headline}</p>
${
  verdict.override
    ? html`<div class="box"><strong>Overridden</strong> by @${verdict.override.by.login} at ${verdict.override.at}: ${verdict.override.reason} <span class="muted">(it was ${verdict.override.overrode.replace('_', ' ')}; the requirements below still say what was missing)</span></div>`
    : ''
}
${page.override.flash ? html`<div class="box flash" role="status">${page.override.flash}</div>` : ''}
<form method="post" action="${page.paths.reevaluate}"><input type="hidden" name="csrf" value="${page.viewer.csrfToken}">
<button type="submit">Re-evaluate</button></form>
${renderRequirements(verdict)}
${renderAgents(verdict)}
${renderApprovers(verdict)}
${renderChain(verdict.chain)}
<section aria-labelledby="policy"><h2 id="policy">Policy in force</h2><ul>${page.policySources.map((line) => html`<li>${line}</li>`)}</ul>
${renderNotes(verdict.notes.filter((note) => !page.policySources.includes(note)))}</section>
${renderTimeline(page.timeline)}
${page.override.allowed ? renderOverrideForm(page) : ''}`;
  return renderLayout({
    title: `${page.owner}/${page.repo}#${page.number}`,
    viewer: page.viewer,
    body,
  });
}

function renderNotes(notes: readonly string[]): Html {
  if (notes.length === 0) return html``;
  return html`<h3>Notes</h3><ul>${notes.map((note) => html`<li>${note}</li>`)}</ul>`;
}

function renderRequirements(verdict: Verdict): Html {
  if (verdict.requirements.length === 0)
    return html`<section aria-labelledby="req"><h2 id="req">Requirements</h2><p class="muted">None: no agent involvement the policy gates.</p></section>`;
  return html`<section aria-labelledby="req"><h2 id="req">Requirements</h2><ul class="check">${verdict.requirements.map(
    (r) =>
      html`<li><span class="${r.status}">${STATUS_WORDS[r.status]}</span> ${r.title}${
        r.satisfiedBy.length > 0
          ? html` <span class="muted">by ${r.satisfiedBy.map((l) => `@${l}`).join(', ')}</span>`
          : ''
      }${r.missing ? html`<br><span class="muted">${r.missing}</span>` : ''}</li>`,
  )}</ul></section>`;
}

function renderAgents(verdict: Verdict): Html {
  const involvement = describeAgentInvolvement(verdict);
  return html`<section aria-labelledby="agents"><h2 id="agents">Agents and their roles</h2>${
    involvement.length === 0
      ? html`<p class="muted">No agent took part.</p>`
      : html`<ul>${involvement.map((a) => html`<li><strong>${a.agent.name}</strong>: ${a.parts.join(', ')}</li>`)}</ul>`
  }${verdict.handoff ? html`<p>More than one agent worked on this branch (a handoff).</p>` : ''}</section>`;
}

/** Everyone who cannot approve (participants) and every approval, counted or why not. */
function renderApprovers(verdict: Verdict): Html {
  const excluded = new Map<string, Set<string>>();
  for (const row of verdict.chain) {
    if (row.account === null || row.kind !== 'human') continue;
    const roles = excluded.get(row.account.login) ?? new Set<string>();
    roles.add(ROLE_WORDS[row.role]);
    excluded.set(row.account.login, roles);
  }
  const approvals = verdict.approvals;
  return html`<section aria-labelledby="who"><h2 id="who">Who may approve</h2>
<p>Any human with the permission the policy names who took no part below. Agents, automation and bots never count.</p>
${
  excluded.size > 0
    ? html`<h3>Excluded: they took part</h3><ul>${[...excluded].map(
        ([login, roles]) => html`<li>@${login}: ${[...roles].join(', ')}</li>`,
      )}</ul>`
    : ''
}
<h3>Reviews</h3>${
    approvals.length === 0
      ? html`<p class="muted">No approving review yet.</p>`
      : html`<ul>${approvals.map(
          (a) =>
            html`<li>${reviewerName(a)}: ${
              a.counted
                ? html`<span class="met">counted</span>`
                : html`<span class="missing">not counted</span>, ${a.reason ? IGNORE_REASONS[a.reason] : ''}`
            }${a.detail ? html` <span class="muted">(${a.detail})</span>` : ''}</li>`,
        )}</ul>`
  }</section>`;
}

const SHAS_SHOWN = 6;
const EVIDENCE_SHOWN = 3;

/**
 * The chain grouped by actor, role and kind: one row per part someone played, with the commits
 * they played it on and their distinct evidence (strongest first), so a long agent branch
 * stays readable and the page stays light.
 */
function renderChain(chain: readonly ChainRow[]): Html {
  const groups = new Map<string, { row: ChainRow; commits: string[]; evidence: Set<string> }>();
  for (const row of chain) {
    const key = `${row.actor}\n${row.role}\n${row.kind}\n${row.agent?.name ?? ''}`;
    const group = groups.get(key) ?? { row, commits: [], evidence: new Set<string>() };
    groups.set(key, group);
    if (row.commitSha !== null) group.commits.push(row.commitSha.slice(0, 7));
    for (const line of describeEvidence(row)) group.evidence.add(line);
  }
  const more = (n: number) => (n > 0 ? html` <span class="muted">+ ${n} more</span>` : '');
  return html`<section aria-labelledby="chain"><h2 id="chain">Custody chain</h2><div class="table"><table>
<caption class="muted">Each actor in each role, the commits, and the evidence with its strength (account strongest, hint weakest).</caption>
<thead><tr><th scope="col">Actor</th><th scope="col">Role</th><th scope="col">Kind</th><th scope="col">Commits</th><th scope="col">Evidence</th></tr></thead>
<tbody>${[...groups.values()].map(({ row, commits, evidence }) => {
    const lines = [...evidence];
    return html`<tr><td>${row.actor}</td><td>${row.role}</td><td>${row.agent ? `${row.kind}: ${row.agent.name}` : row.kind}</td>
<td class="mono">${commits.length === 0 ? 'PR' : commits.slice(0, SHAS_SHOWN).join(' ')}${more(commits.length - SHAS_SHOWN)}</td>
<td>${lines.slice(0, EVIDENCE_SHOWN).map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)}${more(lines.length - EVIDENCE_SHOWN)}</td></tr>`;
  })}</tbody></table></div></section>`;
}

function renderTimeline(entries: readonly ChainEntry<Fact>[]): Html {
  return html`<section aria-labelledby="timeline"><h2 id="timeline">Timeline from the custody ledger</h2>${
    entries.length === 0
      ? html`<p class="muted">The ledger holds nothing for this pull request yet.</p>`
      : html`<div class="table"><table><thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">What</th><th scope="col">Chain hash</th></tr></thead><tbody>${entries.map(
          (entry) => {
            const { kind, what } = describeFact(entry.fact);
            return html`<tr><td class="mono">${entry.fact.occurredAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}</td><td>${kind}</td><td>${what}</td><td class="mono" title="${entry.hash}">#${entry.seq} ${entry.hash.slice(0, 12)}</td></tr>`;
          },
        )}</tbody></table></div>`
  }</section>`;
}

function renderOverrideForm(page: PullRequestPage): Html {
  return html`<section aria-labelledby="override"><h2 id="override">Break-glass override</h2>
<form method="post" action="${page.paths.override}" class="box">
<p>Passes the check on head <code>${page.verdict.headSha.slice(0, 7)}</code> only, without an independent approval. It is recorded in the ledger, labelled and commented on the pull request.</p>
<input type="hidden" name="csrf" value="${page.viewer.csrfToken}"><input type="hidden" name="headSha" value="${page.verdict.headSha}">
<label for="reason">Reason (required)</label><textarea id="reason" name="reason" required maxlength="${MAX_OVERRIDE_REASON_CHARS}" rows="3"></textarea>
<p><button type="submit" class="danger">Override custody</button></p></form></section>`;
}
