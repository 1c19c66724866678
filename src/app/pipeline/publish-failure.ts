import { errorVerdict } from '../../core/evaluate/error-verdict.js';
import { renderCheckRun } from '../../core/render/render-check-run.js';
import type { Verdict } from '../../core/verdict.js';
import { findCheckRun } from '../../github/find-check-run.js';
import type { PublishedCheckRun } from '../../github/map-published-state.js';
import { publishCheckRun } from '../../github/publish-check-run.js';
import type { Failure } from './describe-failure.js';
import type { EvaluationContext } from './evaluate-pull-request.js';

/**
 * After any error: a `failure` check on the head naming the reason and how to retry, never a
 * passing one. Best effort (GitHub may be refusing writes too; then the head keeps whatever
 * blocking state it had, or no run, which a required check also treats as blocking). Only the
 * check run is written: labels and the comment are left as they are rather than act on a guess.
 */
export async function publishFailureCheck(
  ctx: EvaluationContext,
  target: {
    readonly owner: string;
    readonly repo: string;
    readonly number: number;
    readonly headSha: string;
  },
  failure: Failure,
  /** Our run as the fetch read it; undefined when the fetch failed before telling us. */
  existing: PublishedCheckRun | null | undefined,
): Promise<Verdict> {
  const { owner, repo, number, headSha } = target;
  const verdict = errorVerdict(
    { repo: { owner, name: repo }, pullNumber: number, headSha },
    failure.reason,
    failure.details,
  );
  const checkRun = { owner, repo, headSha, name: ctx.checkName };
  try {
    // The fetch failed before it could tell us our run: look it up, so the run is updated in place.
    const current = existing !== undefined ? existing : await findCheckRun(ctx.octokit, checkRun, ctx.appId);
    await publishCheckRun(
      ctx.octokit,
      checkRun,
      // No external id: a run already carrying the pusher keeps it.
      { output: renderCheckRun(verdict), externalId: null },
      { existing: current, force: true },
    );
  } catch (error) {
    ctx.log.warn(
      { err: error, repo: `${owner}/${repo}`, pullNumber: number },
      'custody could not publish the failure check',
    );
  }
  return verdict;
}
