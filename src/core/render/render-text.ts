import type { ChainRow, Verdict } from '../verdict.js';
import {
  describeAgentInvolvement,
  describeEvidence,
  IGNORE_REASONS,
  listNonApprovers,
  ROLE_WORDS,
  reviewerName,
  STATE_HEADINGS,
} from './describe-verdict.js';
import { sanitizeLine } from './escape-markdown.js';
import { conclusionFor } from './render-check-run.js';

/**
 * The verdict as plain terminal text, in the same words as the check run. Nothing is
 * truncated (a terminal has no limit), but every user-controlled value is one sanitised
 * line, so a commit cannot smuggle ANSI escapes or fake lines into the output.
 */
export function renderText(verdict: Verdict): string {
  const s = (text: string): string => sanitizeLine(text, 2_000);
  const lines = [
    `${s(`${verdict.repo.owner}/${verdict.repo.name}`)}#${verdict.pullNumber} at ${s(verdict.headSha.slice(0, 12))}`,
    `State: ${verdict.state} (check run: ${conclusionFor(verdict.state)}) — ${STATE_HEADINGS[verdict.state] ?? ''}`,
    s(verdict.headline),
    '',
  ];

  const agents = describeAgentInvolvement(verdict);
  lines.push(agents.length === 0 ? 'Agents: none' : 'Agents:');
  for (const { agent, parts } of agents)
    lines.push(`  ${s(agent.name)} [${s(agent.id)}]: ${parts.join(', ')}`);
  if (verdict.automation.length > 0)
    lines.push(`Automation: ${verdict.automation.map((a) => s(a.name)).join(', ')}`);
  if (verdict.handoff) lines.push('Handoff: two or more agents in this chain');

  const nonApprovers = listNonApprovers(verdict);
  if (nonApprovers.length > 0) {
    lines.push('May not approve (they took part):');
    for (const { login, roles } of nonApprovers) {
      lines.push(`  @${s(login)}: ${roles.map((role) => ROLE_WORDS[role]).join(', ')}`);
    }
  }

  lines.push('', 'Requirements:');
  if (verdict.requirements.length === 0) lines.push('  (none)');
  for (const r of verdict.requirements) {
    const box = r.status === 'met' ? '[x]' : r.status === 'violated' ? '[!]' : '[ ]';
    const by =
      r.satisfiedBy.length === 0
        ? ''
        : ` — ${r.status === 'met' ? 'satisfied by' : 'counted so far:'} ${r.satisfiedBy.map((l) => '@' + s(l)).join(', ')}`;
    lines.push(`  ${box} ${s(r.title)}${by}${r.missing === '' ? '' : ` — ${s(r.missing)}`}`);
  }

  lines.push('', 'Approvals:');
  if (verdict.approvals.length === 0) lines.push('  No approvals yet.');
  for (const a of verdict.approvals) {
    const on = a.commitSha === null ? 'on an unknown commit' : `on ${s(a.commitSha.slice(0, 7))}`;
    const status = a.counted
      ? 'counted'
      : `not counted (${a.reason === null ? 'ignored' : IGNORE_REASONS[a.reason]})`;
    lines.push(
      `  ${a.counted ? '+' : '-'} ${s(reviewerName(a))} ${on} — ${status}${a.detail === '' ? '' : `: ${s(a.detail)}`}`,
    );
  }

  if (verdict.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of verdict.notes) lines.push(`  - ${s(note)}`);
  }

  lines.push('', `Custody chain (${verdict.chain.length} ${verdict.chain.length === 1 ? 'row' : 'rows'}):`);
  lines.push(...renderChainTable(verdict.chain, s));

  if (verdict.labels.length > 0) lines.push('', `Labels: ${verdict.labels.map(s).join(', ')}`);
  return lines.join('\n') + '\n';
}

/** Aligned columns; evidence goes on indented lines below its row so long details don't break the table. */
function renderChainTable(chain: readonly ChainRow[], s: (text: string) => string): string[] {
  const rows = chain.map((row) => ({
    cells: [
      row.commitSha === null ? 'PR' : s(row.commitSha.slice(0, 7)),
      row.role,
      s(row.actor),
      row.kind,
      row.agent === null ? '-' : s(row.agent.name),
    ],
    evidence: describeEvidence(row).map(s),
  }));
  const header = ['COMMIT', 'ROLE', 'ACTOR', 'KIND', 'AGENT'];
  const widths = header.map((h, i) =>
    Math.min(40, Math.max(h.length, ...rows.map((r) => r.cells[i]?.length ?? 0))),
  );
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = ['  ' + format(header)];
  for (const row of rows) {
    out.push('  ' + format(row.cells));
    for (const e of row.evidence) out.push('      ' + e);
  }
  return out;
}
