import { evaluateMergeGroup, type GroupMember } from '../../core/evaluate/evaluate-merge-group.js';
import type { CheckRunOutput } from '../../core/output.js';
import { renderMergeGroupCheck } from '../../core/render/render-merge-group-check.js';
import { findMergeGroupPullRequests } from '../../github/find-pull-requests.js';
import { publishMergeGroupCheck } from '../../github/publish-merge-group-check.js';
import { type MergeGroupWork, pullRequestWork } from '../queue/work.js';
import { describeFailure } from './describe-failure.js';
import { type EvaluationContext, evaluatePullRequest } from './evaluate-pull-request.js';

/**
 * `merge_group.checks_requested`: re-evaluate every PR the group commit contains, from current
 * state (each PR's own check is refreshed on the way), and post our check on the group's
 * commit, passing only if every one of them passes. Never copied from earlier results
 * (reliability.md §7, fail-open window iv). Any error fails the group's check and is rethrown.
 */
export async function checkMergeGroup(ctx: EvaluationContext, work: MergeGroupWork): Promise<void> {
  const { owner, repo } = work.target;
  const target = { owner, repo, headSha: work.headSha, name: ctx.checkName };
  let output: CheckRunOutput = renderMergeGroupCheck(evaluateMergeGroup(null));
  try {
    const found = await findMergeGroupPullRequests(ctx.octokit, { owner, repo }, work);
    if (found) {
      const members: GroupMember[] = [];
      for (const pr of found) {
        const outcome = await evaluatePullRequest(
          ctx,
          pullRequestWork(work.target, pr.number, pr.headSha, work.trigger),
        );
        members.push({ number: pr.number, verdict: outcome.verdict });
      }
      output = renderMergeGroupCheck(evaluateMergeGroup(members));
    }
  } catch (error) {
    output = renderMergeGroupCheck(evaluateMergeGroup(null, describeFailure(error).reason));
    await publishMergeGroupCheck(ctx.octokit, target, output).catch((publishError: unknown) =>
      ctx.log.warn(
        { err: publishError, repo: `${owner}/${repo}` },
        'custody could not publish the merge group check',
      ),
    );
    throw error;
  }
  await publishMergeGroupCheck(ctx.octokit, target, output);
  ctx.log.info(
    {
      deliveryId: work.trigger.deliveryId,
      repo: `${owner}/${repo}`,
      headSha: work.headSha,
      conclusion: output.conclusion,
      requests: ctx.requests(),
    },
    'custody merge group decision',
  );
}
