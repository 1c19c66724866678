import type { ProbotOctokit } from 'probot';
import { escapeMarkdown, formatSha, sanitizeLine } from '../core/render/escape-markdown.js';
import type { CheckRunOutput } from '../core/render/render-check-run.js';
import { isPassing, type Verdict } from '../core/verdict.js';
import { publishCheckRun } from './publish-check-run.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** One PR of a merge group and what Custody decided for it (null: closed, or not evaluated). */
export interface GroupMember {
  readonly number: number;
  readonly verdict: Verdict | null;
}

/**
 * The group's check: `success` only when every PR it contains passes on its own current head;
 * anything else (a PR waiting or blocked, a PR that could not be evaluated, an unknown group)
 * is `failure`, which the merge queue treats as a failed group.
 */
export function renderMergeGroupCheck(
  members: readonly GroupMember[] | null,
  problem?: string,
): CheckRunOutput {
  if (!members || members.length === 0 || problem) {
    const reason = problem ?? 'Custody could not tell which pull requests this merge group contains';
    return {
      conclusion: 'failure',
      title: sanitizeLine(reason, 200),
      summary: `${escapeMarkdown(reason, 1_000)}.\n\nRe-run the check, or remove and re-queue the pull requests.`,
    };
  }
  const failing = members.filter((m) => !m.verdict || !isPassing(m.verdict.state));
  const lines = members.map((m) => {
    const mark = m.verdict && isPassing(m.verdict.state) ? '✅' : '⛔';
    const what = m.verdict
      ? `${formatSha(m.verdict.headSha)}: ${escapeMarkdown(m.verdict.headline, 300)}`
      : 'not open, so not cleared';
    return `- ${mark} #${m.number} ${what}`;
  });
  const count = members.length === 1 ? '1 pull request' : `${members.length} pull requests`;
  return failing.length === 0
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

/**
 * Posts our check on the merge group's commit. Group commits are new and short-lived, and the
 * queue asks once per group, so the run is created rather than looked up first.
 */
export async function publishMergeGroupCheck(
  octokit: Octokit,
  target: { readonly owner: string; readonly repo: string; readonly headSha: string; readonly name: string },
  output: CheckRunOutput,
): Promise<void> {
  await publishCheckRun(octokit, target, { output, externalId: null }, { existing: null });
}
