import {
  type CheckRunConclusion,
  type CheckRunOutput,
  LEDGER_HEAD_MARKER,
  type LedgerHead,
} from '../output.js';
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
import { escapeMarkdown, formatSha, sanitizeLine } from './escape-markdown.js';
import { clipBytes, fitBytes, utf8Length, utf8LinesLength } from './fit-bytes.js';

export type { CheckRunConclusion, CheckRunOutput };

/**
 * GitHub refuses an `output.summary` over 65,535 UTF-8 bytes (422 "summary exceeds a maximum
 * bytesize of 65535") and silently cuts `output.text` there; both also refuse 65,535 UTF-16
 * units, which a text within the byte limit never exceeds.
 */
export const CHECK_RUN_FIELD_LIMIT = 65_535;
/**
 * GitHub documents no limit on `output.title` and stores a bounded field, cutting longer ones
 * without a word; the merge box shows one line of it. 255 bytes (the documented bound of an
 * annotation's title) keeps every title whole and far from any storage limit, and still fits
 * our longest headline (a failure reason is about 300 characters; its whole text is in the summary).
 */
export const CHECK_RUN_TITLE_LIMIT = 255;
/** Ends every field that had to be cut, so a reader knows and knows where the rest is. */
export const TRUNCATION_NOTE = '\n\n… output truncated to fit GitHub’s size limit (see `custody explain`).';

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
    case 'overridden':
      return 'success';
    case 'waiting':
      return 'action_required';
    default:
      return 'failure';
  }
}

export function renderCheckRun(verdict: Verdict, ledgerHead: LedgerHead | null = null): CheckRunOutput {
  return fitCheckRunOutput({
    conclusion: conclusionFor(verdict.state),
    title: renderTitle(verdict),
    summary: renderSummary(verdict, ledgerHead),
  });
}

/**
 * Every check run's output within GitHub's limits (each renderer of a check run ends here, since
 * `src/github` writes what it is given): the title to
 * `CHECK_RUN_TITLE_LIMIT` bytes on one line, summary and text to `CHECK_RUN_FIELD_LIMIT` bytes
 * ending with the truncation note.
 */
export function fitCheckRunOutput(output: CheckRunOutput): CheckRunOutput {
  const title = clipBytes(sanitizeLine(output.title, Number.POSITIVE_INFINITY).trim(), CHECK_RUN_TITLE_LIMIT);
  return {
    ...output,
    title,
    summary: clampField(output.summary),
    ...(output.text !== undefined ? { text: clampField(output.text) } : {}),
  };
}

/** Check-run titles are plain text: one line, no controls, bounded. */
function renderTitle(verdict: Verdict): string {
  const headline = clipBytes(
    sanitizeLine(verdict.headline, Number.POSITIVE_INFINITY).trim(),
    CHECK_RUN_TITLE_LIMIT,
  );
  return headline === '' ? STATE_HEADINGS[verdict.state] : headline;
}

function renderSummary(verdict: Verdict, ledgerHead: LedgerHead | null): string {
  const footer = [
    '',
    '---',
    `<sub>Custody re-evaluates on every push and review. For the whole chain run \`custody explain ${explainTarget(verdict)}\`.</sub>`,
    ...(ledgerHead === null
      ? []
      : [
          '',
          `${LEDGER_HEAD_MARKER}: entry ${ledgerHead.seq}, hash \`${ledgerHead.hash.slice(0, 16)}\` (\`custody audit verify\` proves it).</sub>`,
        ]),
  ];
  const head = [
    `## ${STATE_ICONS[verdict.state]} ${STATE_HEADINGS[verdict.state] ?? 'Unknown state'}`,
    '',
    escapeMarkdown(verdict.headline, 1_000),
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
  const used = utf8LinesLength(head) + utf8LinesLength(middle) + utf8LinesLength(footer);
  const room = CHECK_RUN_FIELD_LIMIT - used - utf8Length(TRUNCATION_NOTE) - 200;
  const chain = failedEarly(verdict) ? { lines: [], complete: true } : renderChain(verdict.chain, room);
  const summary = [...head, ...middle, ...chain.lines, ...footer].join('\n');
  // A cut chain ends the summary with the same note as any other cut, after the footer.
  return clampField(chain.complete ? summary : summary + TRUNCATION_NOTE);
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

/** The chain as a table, as many rows as fit in `budget` bytes, then a note saying how many were left out. */
function renderChain(
  chain: readonly ChainRow[],
  budget: number,
): { readonly lines: string[]; readonly complete: boolean } {
  const lines = ['', '### Custody chain', ''];
  if (chain.length === 0) return { lines: [...lines, 'No actors recorded.'], complete: true };
  lines.push('| Commit | Role | Actor | Kind | Agent | Evidence |', '| --- | --- | --- | --- | --- | --- |');
  let used = utf8LinesLength(lines);
  let shown = 0;
  for (const row of chain) {
    const line = renderChainRow(row);
    const size = utf8Length(line) + 1;
    // Keep room for the rows-left-out note itself.
    if (used + size > budget - 120) break;
    lines.push(line);
    used += size;
    shown += 1;
  }
  if (shown < chain.length) {
    lines.push(
      '',
      `… and ${plural(chain.length - shown, 'more row', 'more rows')} (see \`custody explain\`).`,
    );
  }
  return { lines, complete: shown === chain.length };
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

/** A titled section whose lines stop at `budget` bytes with a note saying how many were left out. */
function renderSection(title: string, lines: readonly string[], budget: number, noun: string): string[] {
  if (lines.length === 0) return [];
  const out = ['', `### ${title}`, ''];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const size = utf8Length(line) + 1;
    if (used + size > budget) {
      out.push(
        `- … and ${plural(lines.length - index, `more ${noun.replace(/s$/, '')}`, `more ${noun}`)} (see \`custody explain\`)`,
      );
      break;
    }
    out.push(line);
    used += size;
  }
  return out;
}

/** Last line of defence: whatever happened above, the field GitHub receives is within its byte limit. */
export function clampField(text: string, limit = CHECK_RUN_FIELD_LIMIT): string {
  return fitBytes(text, limit, TRUNCATION_NOTE);
}

function failedEarly(verdict: Verdict): boolean {
  return verdict.state === 'error' && verdict.chain.length === 0 && verdict.approvals.length === 0;
}

function explainTarget(verdict: Verdict): string {
  const target = `${verdict.repo.owner}/${verdict.repo.name}#${verdict.pullNumber}`;
  // Inside a code span nothing renders, but a backtick would end the span early.
  return /^[\w.-]+\/[\w.-]+#\d+$/.test(target) ? target : 'owner/repo#number';
}
