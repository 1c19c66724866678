import { COMMENT_MARKER } from '../output.js';
import type { Verdict } from '../verdict.js';
import { listNonApprovers, plural, ROLE_WORDS, STATE_HEADINGS, STATE_ICONS } from './describe-verdict.js';
import { escapeMarkdown, formatSha } from './escape-markdown.js';
import { clampField, renderAgentsInvolved } from './render-check-run.js';

// User text can never produce the marker: escaping turns every `<` into `&lt;`.
export { COMMENT_MARKER };

/** Lists in the comment stay short; the check run and `custody explain` have the rest. */
const MAX_LISTED = 10;

/**
 * The sticky comment for reviewers: which agents took part, who may not approve and why,
 * and what the policy requires. Short on purpose. It depends only on the chain and the
 * policy, never on who has approved so far: reviews change the check run alone, so an
 * approval costs one write, not two (the check run shows who counted and what is missing).
 * When involvement disappears (a force-push dropped the agent's commits) it says so,
 * because the publisher edits rather than deletes.
 */
export function renderComment(verdict: Verdict): string {
  const body =
    verdict.state === 'error'
      ? renderError(verdict)
      : verdict.agents.length === 0
        ? renderNoInvolvement(verdict)
        : renderInvolvement(verdict);
  return clampField([COMMENT_MARKER, ...body, '', footer()].join('\n'));
}

/** The evaluation failed (invalid policy, incomplete data): say what, and that the check fails until it is fixed. */
function renderError(verdict: Verdict): string[] {
  return [
    `### ${STATE_ICONS.error} ${STATE_HEADINGS.error}`,
    '',
    `${escapeMarkdown(verdict.headline, 1_000)}. The check fails until this is fixed; its summary has the details.`,
  ];
}

function renderNoInvolvement(verdict: Verdict): string[] {
  const lines = [
    '### Custody: no agent involvement on the current head',
    '',
    `No agent involvement on the current head (${formatSha(verdict.headSha)}), so Custody asks for no extra approval.`,
  ];
  // With `applies_to: all` a PR is gated even without agents: say what it needs.
  if (verdict.requirements.length > 0)
    lines.push('', `**Required before merge:** ${renderRequired(verdict)}`);
  return lines;
}

function renderInvolvement(verdict: Verdict): string[] {
  const lines = ['### Custody: agents took part in this pull request', ''];
  const agents = renderAgentsInvolved(verdict);
  if (agents.length > 0) lines.push(`**Agents involved:** ${listShort(agents)}`);
  if (verdict.handoff) {
    lines.push(
      '**Handoff:** more than one agent worked on this chain; approval must come after the last agent action.',
    );
  }
  const nonApprovers = listNonApprovers(verdict).map(
    ({ login, roles }) =>
      `${escapeMarkdown('@' + login)} (${roles.map((role) => ROLE_WORDS[role]).join(', ')})`,
  );
  lines.push(
    nonApprovers.length > 0
      ? `**May not approve:** ${listShort(nonApprovers)}, because they took part. Agents, automation and bots never count either.`
      : '**May not approve:** agents, automation and bots never count.',
  );
  lines.push(`**Required before merge:** ${renderRequired(verdict)}`);
  // Violations are facts of the commits (an unsigned agent commit, a blocked handoff), so
  // they change with pushes, not with reviews.
  const violated = verdict.requirements.filter((r) => r.status === 'violated');
  if (violated.length > 0) {
    lines.push(
      `**Approval cannot fix:** ${listShort(
        violated.map((r) => escapeMarkdown(r.missing === '' ? r.title : r.missing, 500)),
        '; ',
      )}`,
    );
  }
  return lines.map((line, index) => (index > 1 && line !== '' ? line + '  ' : line));
}

function renderRequired(verdict: Verdict): string {
  if (verdict.requirements.length === 0) return 'nothing beyond the usual review.';
  return listShort(
    verdict.requirements.map((r) => escapeMarkdown(r.title, 500)),
    '; ',
  );
}

function listShort(items: readonly string[], separator = ', '): string {
  if (items.length <= MAX_LISTED) return items.join(separator);
  return (
    items.slice(0, MAX_LISTED).join(separator) +
    `${separator}and ${plural(items.length - MAX_LISTED, 'more', 'more')}`
  );
}

function footer(): string {
  return '<sub>Custody updates this comment when the chain changes. Its check run shows who has approved, what is still missing and the whole chain of custody.</sub>';
}
