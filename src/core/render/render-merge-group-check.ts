import type { MergeGroupVerdict } from '../evaluate/evaluate-merge-group.js';
import type { CheckRunOutput } from '../output.js';
import { isPassing } from '../verdict.js';
import { escapeMarkdown, formatSha, sanitizeLine } from './escape-markdown.js';
import { fitCheckRunOutput } from './render-check-run.js';

/** The merge group's check: one line per PR it contains, passing only when the group is cleared. */
export function renderMergeGroupCheck(verdict: MergeGroupVerdict): CheckRunOutput {
  return fitCheckRunOutput(renderUnfitted(verdict));
}

function renderUnfitted(verdict: MergeGroupVerdict): CheckRunOutput {
  if (verdict.state === 'unknown') {
    return {
      conclusion: 'failure',
      title: sanitizeLine(verdict.reason, 200),
      summary: `${escapeMarkdown(verdict.reason, 1_000)}.\n\nRe-run the check, or remove and re-queue the pull requests.`,
    };
  }
  const { members, failing } = verdict;
  const lines = members.map((m) => {
    const mark = m.verdict && isPassing(m.verdict.state) ? '✅' : '⛔';
    const what = m.verdict
      ? `${formatSha(m.verdict.headSha)}: ${escapeMarkdown(m.verdict.headline, 300)}`
      : 'not open, so not cleared';
    return `- ${mark} #${m.number} ${what}`;
  });
  const count = members.length === 1 ? '1 pull request' : `${members.length} pull requests`;
  return verdict.state === 'cleared'
    ? {
        conclusion: 'success',
        title: `Custody cleared all ${count} in this merge group`,
        summary: lines.join('\n'),
      }
    : {
        conclusion: 'failure',
        title: `${failing.length} of ${count} in this merge group ${failing.length === 1 ? 'is' : 'are'} not cleared by Custody`,
        summary: lines.join('\n'),
      };
}
