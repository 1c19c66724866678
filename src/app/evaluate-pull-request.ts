import type { ProbotOctokit } from 'probot';
import { errorVerdict } from '../core/evaluate/error-verdict.js';
import { evaluate } from '../core/evaluate/evaluate.js';
import {
  describePolicyOrigin,
  describeProposedPolicy,
  describeRequiredOrgPolicy,
  withNotes,
} from '../core/policy/describe-policy-origin.js';
import { formatPolicyError } from '../core/policy/format-policy-errors.js';
import { isPassing, type Verdict } from '../core/verdict.js';
import { fetchPullRequest } from '../github/fetch-pull-request.js';
import { fetchReviewerAccess } from '../github/fetch-reviewer-access.js';
import { loadPolicy, validateProposedPolicy } from '../github/load-policy.js';
import { encodeExternalId } from '../github/map-external-id.js';
import type { ExistingCheckRun } from '../github/publish-check-run.js';
import { type PublishResult, publishVerdict } from '../github/publish-verdict.js';
import type { RequestCount } from './count-requests.js';
import { type Decision, describeDecision, logDecision } from './decision-log.js';
import { describeFailure } from './describe-failure.js';
import { describeLag } from './describe-lag.js';
import { publishFailureCheck } from './publish-failure.js';
import type { PullRequestWork } from './work.js';

export interface EvaluationContext {
  /** An installation Octokit of its own, so `requests()` counts this evaluation only. */
  readonly octokit: InstanceType<typeof ProbotOctokit>;
  readonly requests: () => RequestCount;
  readonly appId: number | null;
  readonly checkName: string;
  /** CUSTODY_REQUIRE_ORG_POLICY: an unreadable organisation policy fails the check. */
  readonly requireOrgPolicy?: boolean;
  readonly knownLabels: Set<string>;
  readonly log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
  readonly now: () => number;
}

export interface EvaluationOutcome {
  /** Null for a closed PR (nothing evaluated, nothing written). */
  readonly verdict: Verdict | null;
  /** The event named another head than GitHub's current one (a lagging read, or an old event). */
  readonly staleEvent: boolean;
}

/**
 * One evaluation, in order: fetch → policy → reviewer access → evaluate → publish → log. No
 * policy semantics here. Fails closed: on any error a `failure` check naming the reason and how
 * to retry is published when GitHub accepts writes (never a passing one), then the error is
 * rethrown so the queue retries.
 */
export async function evaluatePullRequest(
  ctx: EvaluationContext,
  work: PullRequestWork,
): Promise<EvaluationOutcome> {
  const started = ctx.now();
  const { owner, repo } = work.target;
  const ref = { owner, repo, number: work.number };
  let headSha = work.headSha;
  // Undefined until the fetch tells us: null then means "no run of ours on this head yet".
  let existing: ExistingCheckRun | null | undefined;
  let verdict: Verdict | null = null;
  let writes: PublishResult | null = null;
  const finish = (state: Decision['state'], error: string | null) =>
    logDecision(
      ctx.log,
      describeDecision(work, {
        headSha,
        state,
        verdict,
        writes,
        error,
        requests: ctx.requests(),
        durationMs: ctx.now() - started,
      }),
    );
  try {
    const fetched = await fetchPullRequest(ctx.octokit, ref, {
      checkName: ctx.checkName,
      ...(ctx.appId !== null ? { appId: ctx.appId } : {}),
    });
    headSha = fetched.snapshot.pullRequest.headSha;
    existing = fetched.published.checkRun;
    if (fetched.snapshot.pullRequest.state !== 'OPEN') {
      finish('closed', null);
      return { verdict: null, staleEvent: false };
    }
    // The event's sender pushed the event's head only: a newer head keeps what our run recorded.
    const snapshot =
      work.pusher && work.pusher.headSha === headSha
        ? { ...fetched.snapshot, pusher: { account: work.pusher.account, source: 'event' as const } }
        : fetched.snapshot;
    const target = { repo: { owner, name: repo }, pullNumber: work.number, headSha };
    const policy = await loadPolicy(ctx.octokit, { owner, repo }, fetched.policyTexts);
    const orgRequired = policy.ok && ctx.requireOrgPolicy ? describeRequiredOrgPolicy(policy.origin) : null;
    if (orgRequired !== null) {
      verdict = errorVerdict(target, orgRequired);
    } else if (policy.ok) {
      const complete = await fetchReviewerAccess(ctx.octokit, snapshot, policy.policy);
      const proposed = await validateProposedPolicy(
        ctx.octokit,
        { owner, repo },
        { headSha, files: snapshot.files },
      );
      verdict = withNotes(evaluate(complete, policy.policy), [
        ...describePolicyOrigin(policy.origin),
        ...describeProposedPolicy(proposed),
      ]);
    } else {
      const errors = policy.errors.map(formatPolicyError);
      verdict = errorVerdict(target, `invalid policy: ${errors[0] ?? 'unreadable'}`, errors);
    }
    // A read older than its event may miss the very change (a dismissal, a tightened policy)
    // that revokes a pass: never publish a pass from it. The queue reads again shortly.
    const lag = describeLag(snapshot, work.expected);
    if (lag !== null && isPassing(verdict.state)) {
      verdict = errorVerdict(target, lag, [
        'Custody reads the pull request again shortly; re-run the check to do it now.',
      ]);
    }
    // Should the create below fail, GitHub may still have applied it (an answer lost to a 502):
    // the failure path must then look our run up instead of creating a second one.
    if (existing === null) existing = undefined;
    writes = await publishVerdict(ctx.octokit, {
      checkName: ctx.checkName,
      verdict,
      externalId: snapshot.pusher ? encodeExternalId(snapshot.pusher.account) : null,
      published: fetched.published,
      policy: policy.ok ? policy.policy : null,
      force: work.trigger.force,
      knownLabels: ctx.knownLabels,
      warn: (obj, msg) => ctx.log.warn(obj, msg),
    });
    finish(verdict.state, null);
    return { verdict, staleEvent: (work.headSha !== null && work.headSha !== headSha) || lag !== null };
  } catch (error) {
    const failure = describeFailure(error);
    if (headSha) verdict = await publishFailureCheck(ctx, { ...ref, headSha }, failure, existing);
    finish('error', failure.reason);
    throw error;
  }
}
