import { describeLag } from '../../core/evaluate/describe-lag.js';
import { policyErrorVerdict } from '../../core/evaluate/error-verdict.js';
import { evaluate } from '../../core/evaluate/evaluate.js';
import { requireSharedHead } from '../../core/ledger/index.js';
import { renderOutputs } from '../../core/render/render-outputs.js';
import type { Verdict } from '../../core/verdict.js';
import { encodeExternalId } from '../../github/map-external-id.js';
import type { PublishedCheckRun } from '../../github/map-published-state.js';
import type { Octokit } from '../../github/octokit-types.js';
import { type PublishResult, publishVerdict } from '../../github/publish-verdict.js';
import { readOpenPullRequest } from '../../github/read-pull-request.js';
import type { Ledger } from '../../ledger/index.js';
import type { Log } from '../log.js';
import type { PullRequestWork } from '../queue/work.js';
import type { RequestCount } from './count-requests.js';
import { type Decision, describeDecision, logDecision } from './decision-log.js';
import { describeFailure } from './describe-failure.js';
import { readLedgerHistory, readSharedHead, recordPublishedVerdict } from './ledger-history.js';
import { publishFailureCheck } from './publish-failure.js';

export interface EvaluationContext {
  /** An installation Octokit of its own, so `requests()` counts this evaluation only. */
  readonly octokit: Octokit;
  readonly requests: () => RequestCount;
  readonly appId: number | null;
  readonly checkName: string;
  readonly knownLabels: Set<string>;
  readonly log: Pick<Log, 'info' | 'warn' | 'error'>;
  readonly now: () => number;
  /** History is read from it and verdicts recorded in it; null: no ledger (history stays empty). */
  readonly ledger: Ledger | null;
}

export interface EvaluationOutcome {
  /** Null for a closed PR (nothing evaluated, nothing written). */
  readonly verdict: Verdict | null;
  /** The event named another head than GitHub's current one (a lagging read, or an old event). */
  readonly staleEvent: boolean;
  /** Other open PRs on the same head commit: they share its check, so they are evaluated again. */
  readonly sharedWith?: readonly number[];
}

/**
 * One evaluation, in order: read → evaluate → render → publish → log. No policy semantics here.
 * Fails closed: on any error a `failure` check naming the reason and how to retry is published
 * when GitHub accepts writes (never a passing one), then the error is rethrown so the queue retries.
 */
export async function evaluatePullRequest(
  ctx: EvaluationContext,
  work: PullRequestWork,
): Promise<EvaluationOutcome> {
  const started = ctx.now();
  const { owner, repo } = work.target;
  const ref = { owner, repo, number: work.number };
  let headSha = work.headSha;
  // Undefined until the read tells us: null then means "no run of ours on this head yet".
  let existing: PublishedCheckRun | null | undefined;
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
    const read = await readOpenPullRequest(ctx.octokit, {
      ref,
      checkName: ctx.checkName,
      appId: ctx.appId,
      pusher: work.pusher,
      readers: ctx.ledger ? [readLedgerHistory(ctx.ledger)] : [],
    });
    const { snapshot, policy } = read;
    headSha = snapshot.pullRequest.headSha;
    existing = read.published.checkRun;
    // Null: the PR is not open, so nothing is decided and nothing written.
    if (policy === null) {
      finish('closed', null);
      return { verdict: null, staleEvent: false };
    }
    verdict = policy.ok
      ? evaluate(snapshot, policy.policy, { expected: work.expected })
      : policyErrorVerdict({ repo: { owner, name: repo }, pullNumber: work.number, headSha }, policy.errors);
    const ownState = verdict.state;
    const sharedWith = ctx.ledger ? await readSharedHead(ctx.ledger, snapshot) : [];
    verdict = requireSharedHead(verdict, sharedWith);
    const lagging = describeLag(snapshot, work.expected) !== null;
    // Should the create below fail, GitHub may still have applied it (an answer lost to a 502):
    // the failure path must then look our run up instead of creating a second one.
    if (existing === null) existing = undefined;
    writes = await publishVerdict(ctx.octokit, {
      target: { ...ref, headSha },
      checkName: ctx.checkName,
      outputs: renderOutputs(
        verdict,
        policy.ok ? policy.policy : null,
        read.published.labels,
        ctx.ledger ? await ctx.ledger.chainHead(`${owner}/${repo}`) : null,
      ),
      externalId: snapshot.pusher ? encodeExternalId(snapshot.pusher.account) : null,
      published: read.published,
      force: work.trigger.force,
      knownLabels: ctx.knownLabels,
      warn: (obj, msg) => ctx.log.warn(obj, msg),
    });
    if (ctx.ledger)
      await recordPublishedVerdict(ctx.ledger, {
        snapshot,
        policy: policy.ok ? policy.policy : null,
        verdict,
        ownState,
        checkRunId: writes.checkRunId,
        occurredAt: new Date(ctx.now()).toISOString(),
      });
    finish(verdict.state, null);
    return {
      verdict,
      staleEvent: (work.headSha !== null && work.headSha !== headSha) || lagging,
      sharedWith: sharedWith.map((other) => other.number),
    };
  } catch (error) {
    const failure = describeFailure(error);
    if (headSha) verdict = await publishFailureCheck(ctx, { ...ref, headSha }, failure, existing);
    finish('error', failure.reason);
    throw error;
  }
}
