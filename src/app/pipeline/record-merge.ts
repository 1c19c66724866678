import {
  BYPASS_LABEL,
  BYPASS_MARKER,
  findRecordedBypass,
  recordMerge,
  renderBypassComment,
} from '../../core/ledger/index.js';
import { publishLabels } from '../../github/publish-labels.js';
import { publishNoteOnce } from '../../github/publish-note.js';
import { recordBypass } from '../metrics.js';
import type { MergedWork } from '../queue/work.js';
import type { EvaluationContext } from './evaluate-pull-request.js';

/**
 * A merged PR: the merge goes into the ledger with the last verdict on the merged head; when
 * agents took part and that verdict was not a pass, a bypass is recorded too, the PR is
 * labelled `custody:bypassed` and gets one comment saying who merged and what was missing.
 * Facts first, then the label and comment: a run that fails after the facts is retried, finds
 * the bypass recorded and finishes what is missing (the label is idempotent, the comment is
 * posted only when no comment of ours carries its marker), never recording the merge twice.
 */
export async function recordMergeOutcome(ctx: EvaluationContext, work: MergedWork): Promise<void> {
  const { ledger } = ctx;
  if (ledger === null) return;
  const { owner, repo } = work.target;
  const facts = (await ledger.readByPullRequest(`${owner}/${repo}`, work.number)).map((entry) => entry.fact);
  const merge = {
    repo: { owner, name: repo, id: null },
    pr: work.number,
    headSha: work.headSha,
    mergeCommitSha: work.mergeCommitSha,
    mergedBy: work.mergedBy,
    occurredAt: work.mergedAt ?? new Date(ctx.now()).toISOString(),
  };
  const { facts: recorded, decision } = recordMerge(facts, merge);
  if (recorded.length > 0) {
    await ledger.append(recorded);
    ctx.log.info(
      { repo: `${owner}/${repo}`, pullNumber: work.number, headSha: work.headSha, bypass: decision.bypass },
      decision.bypass ? 'custody bypassed: merged without custody' : 'custody recorded a merge',
    );
    if (decision.bypass) recordBypass();
  }
  const bypass = decision.bypass ? { merge, decision } : findRecordedBypass(facts);
  if (bypass === null) return;
  const target = { owner, repo, number: work.number };
  await publishLabels(ctx.octokit, target, { add: [BYPASS_LABEL], remove: [] }, ctx.knownLabels);
  await publishNoteOnce(ctx.octokit, target, {
    marker: BYPASS_MARKER,
    body: renderBypassComment(bypass.merge, bypass.decision),
  });
}
