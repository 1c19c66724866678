import type { CheckRunConclusion, CheckRunOutput } from '../output.js';
import type { ChainRow, Requirement, Verdict, VerdictState } from '../verdict.js';
import {
  describeAgentInvolvement,
  describeEvidence,
  IGNORE_REASONS,
  plural,
  reviewerName,
  STATE_HEADINGS,
  STATE_ICONS,
} from './describe-verdict.js';
import { clip, escapeMarkdown, formatSha, sanitizeLine } from './escape-markdown.js';

export type { CheckRunConclusion, CheckRunOutput };

/** GitHub rejects `output.summary` and `output.text` longer than this (reliability.md §3.3). */
export const CHECK_RUN_FIELD_LIMIT = 65_535;
/** GitHub documents no title limit; the title is one line, so we keep it readable. */
export const CHECK_RUN_TITLE_LIMIT = 1_000;

/** Budgets that keep one section from crowding out the others on huge PRs. */
const SECTION_BUDGETS = { requirements: 12_000, approvals: 12_000, notes: 6_000 };
const MAX_EVIDENCE_PER_ROW = 4;
const EVIDENCE_CHARS = 200;

/**
 * `neutral` and `skipped` satisfy a required check (reliability.md §3.2), so anything that
 * is not a pass is `action_required` or `failure`, and an unknown state fails closed.
 */
export function conclusionFor(state: VerdictState): CheckRunConclusion {
  switch (state) {
    case 'satisfied':
    case 'not_applicable':
      return 'success';
    case 'waiting':
      return 'action_required';
    default:
      return 'failure';
  }
}

export function renderCheckRun(verdict: Verdict): CheckRunOutput {
  return {
    conclusion: conclusionFor(verdict.state),
    title: renderTitle(verdict),
    summary: renderSummary(verdict),
  };
}

/** Check-run titles are plain text: one line, no controls, bounded. */
function renderTitle(verdict: Verdict): string {
  const headline = sanitizeLine(verdict.headline, CHECK_RUN_TITLE_LIMIT).trim();
  return headline === '' ? STATE_HEADINGS[verdict.state] : headline;
}

function renderSummary(verdict: Verdict): string {
  const footer = [
    '',
    '---',
    `<sub>Custody re-evaluates on every push and review. For the whole chain run \`custody explain ${explainTarget(verdict)}\`.</sub>`,
  ];
  const head = [
    `## ${STATE_ICONS[verdict.state]} ${STATE_HEADINGS[verdict.state] ?? 'Unknown state'}`,
    '',
    escapeMarkdown(verdict.headline, CHECK_RUN_TITLE_LIMIT),
    '',
    renderFacts(verdict),
  ];
  const middle = [
    ...renderSection(
      'Requirements',
      verdict.requirements.map(renderRequirement),
      SECTION_BUDGETS.requirements,
      'requirements',
    ),
    // An evaluation that failed before reading the PR has no reviews or chain to show.
    ...(failedEarly(verdict)
      ? []
      : renderSection('Approvals', renderApprovals(verdict), SECTION_BUDGETS.approvals, 'reviews')),
    ...renderSection(
      'Notes',
      verdict.notes.map((note) => '- ' + escapeMarkdown(note, 1_000)),
      SECTION_BUDGETS.notes,
      'notes',
    ),
  ];
  const used = length(head) + length(middle) + length(footer);
  const chain = failedEarly(verdict) ? [] : renderChain(verdict.chain, CHECK_RUN_FIELD_LIMIT - used - 200);
  return clampField([...head, ...middle, ...chain, ...footer].join('\n'));
}

function renderFacts(verdict: Verdict): string {
  const agents = renderAgentsInvolved(verdict);
  const automation = verdict.automation.map((a) => escapeMarkdown(a.name));
  const facts = [
    `**Pull request:** ${escapeMarkdown(`${verdict.repo.owner}/${verdict.repo.name}`)}#${verdict.pullNumber} at ${formatSha(verdict.headSha)}`,
    `**Agents:** ${agents.length > 0 ? agents.join('; ') : 'none'}`,
  ];
  if (automation.length > 0) facts.push(`**Automation:** ${automation.join(', ')}`);
  if (verdict.handoff) facts.push('**Handoff:** two or more agents in this chain');
  return facts.join('  \n');
}

/** Each agent with what it did, e.g. `Claude Code (co-authored 3 commits)`, as markdown. */
export function renderAgentsInvolved(verdict: Verdict): string[] {
  return describeAgentInvolvement(verdict).map(
    ({ agent, parts }) =>
      escapeMarkdown(agent.name) +
      (parts.length > 0 ? ` (${parts.map((p) => escapeMarkdown(p)).join(', ')})` : ''),
  );
}

function renderRequirement(requirement: Requirement): string {
  const box = requirement.status === 'met' ? '[x]' : '[ ]';
  const mark = requirement.status === 'violated' ? '⛔ ' : '';
  const by =
    requirement.satisfiedBy.length > 0
      ? ` — ${requirement.status === 'met' ? 'satisfied by' : 'counted so far:'} ${requirement.satisfiedBy.map((login) => escapeMarkdown('@' + login)).join(', ')}`
      : '';
  const missing = requirement.missing === '' ? '' : ` — ${escapeMarkdown(requirement.missing, 1_000)}`;
  return `- ${box} ${mark}**${escapeMarkdown(requirement.title, 500)}**${by}${missing}`;
}

function renderApprovals(verdict: Verdict): string[] {
  if (verdict.approvals.length === 0) return ['No approvals yet.'];
  return verdict.approvals.map((outcome) => {
    const who = escapeMarkdown(reviewerName(outcome));
    const on = outcome.commitSha === null ? 'on an unknown commit' : `on ${formatSha(outcome.commitSha)}`;
    const detail = outcome.detail === '' ? '' : `: ${escapeMarkdown(outcome.detail, 500)}`;
    if (outcome.counted) return `- ✅ ${who} ${on} — counted${detail}`;
    const reason = outcome.reason === null ? 'ignored' : IGNORE_REASONS[outcome.reason];
    return `- ❌ ${who} ${on} — not counted (${escapeMarkdown(reason)})${detail}`;
  });
}

/** The chain as a table, as many rows as fit in `budget` characters, then a note saying how many were left out. */
function renderChain(chain: readonly ChainRow[], budget: number): string[] {
  const lines = ['', '### Custody chain', ''];
  if (chain.length === 0) return [...lines, 'No actors recorded.'];
  lines.push('| Commit | Role | Actor | Kind | Agent | Evidence |', '| --- | --- | --- | --- | --- | --- |');
  let used = length(lines);
  let shown = 0;
  for (const row of chain) {
    const line = renderChainRow(row);
    // Keep room for the truncation note itself.
    if (used + line.length + 1 > budget - 120) break;
    lines.push(line);
    used += line.length + 1;
    shown += 1;
  }
  if (shown < chain.length) {
    lines.push(
      '',
      `… and ${plural(chain.length - shown, 'more row', 'more rows')} (see \`custody explain\`).`,
    );
  }
  return lines;
}

function renderChainRow(row: ChainRow): string {
  const evidence = describeEvidence(row);
  const cells = evidence.slice(0, MAX_EVIDENCE_PER_ROW).map((e) => escapeMarkdown(e, EVIDENCE_CHARS));
  if (evidence.length > MAX_EVIDENCE_PER_ROW) cells.push(`+${evidence.length - MAX_EVIDENCE_PER_ROW} more`);
  return [
    '',
    row.commitSha === null ? 'PR' : formatSha(row.commitSha),
    row.role,
    escapeMarkdown(row.actor, 200),
    row.kind,
    row.agent === null ? '' : escapeMarkdown(row.agent.name, 100),
    cells.length > 0 ? cells.join('<br>') : '—',
    '',
  ]
    .join(' | ')
    .trim();
}

/** A titled section whose lines stop at `budget` characters with a note saying how many were left out. */
function renderSection(title: string, lines: readonly string[], budget: number, noun: string): string[] {
  if (lines.length === 0) return [];
  const out = ['', `### ${title}`, ''];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    if (used + line.length + 1 > budget) {
      out.push(
        `- … and ${plural(lines.length - index, `more ${noun.replace(/s$/, '')}`, `more ${noun}`)} (see \`custody explain\`)`,
      );
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out;
}

/** Last line of defence: whatever happened above, the field GitHub receives is within its limit. */
export function clampField(text: string, limit = CHECK_RUN_FIELD_LIMIT): string {
  if (text.length <= limit) return text;
  const note = '\n\n… output truncated to fit GitHub’s 65,535-character limit (see `custody explain`).';
  const cut = clip(text, limit - note.length);
  const lineEnd = cut.lastIndexOf('\n');
  return (lineEnd > 0 ? cut.slice(0, lineEnd) : cut) + note;
}

function failedEarly(verdict: Verdict): boolean {
  return verdict.state === 'error' && verdict.chain.length === 0 && verdict.approvals.length === 0;
}

function explainTarget(verdict: Verdict): string {
  const target = `${verdict.repo.owner}/${verdict.repo.name}#${verdict.pullNumber}`;
  // Inside a code span nothing renders, but a backtick would end the span early.
  return /^[\w.-]+\/[\w.-]+#\d+$/.test(target) ? target : 'owner/repo#number';
}

function length(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0);
}
