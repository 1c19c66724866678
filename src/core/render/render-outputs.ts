import type { LedgerHead, VerdictOutputs } from '../output.js';
import type { Policy } from '../policy/schema.js';
import type { Verdict } from '../verdict.js';
import { renderCheckRun } from './render-check-run.js';
import { renderComment } from './render-comment.js';
import { renderLabelChanges } from './render-labels.js';

/**
 * Every output of one verdict. Labels and the comment only come from a real decision under a
 * readable policy: after an error they are left as they are rather than act on a guess.
 */
export function renderOutputs(
  verdict: Verdict,
  policy: Pick<Policy, 'labels'> | null,
  currentLabels: readonly string[],
  ledgerHead: LedgerHead | null = null,
): VerdictOutputs {
  const checkRun = renderCheckRun(verdict, ledgerHead);
  if (!policy || verdict.state === 'error') return { checkRun, secondary: null };
  return {
    checkRun,
    secondary: {
      labels: renderLabelChanges(currentLabels, verdict.labels, policy.labels, verdict.agents),
      comment: { wanted: verdict.comment, body: renderComment(verdict) },
    },
  };
}
