import { describeLag } from '../../core/evaluate/describe-lag.js';
import { requireSharedHead } from '../../core/ledger/index.js';
import { renderOutputs } from '../../core/render/render-outputs.js';
import { isPassing, type Verdict } from '../../core/verdict.js';
import { encodeExternalId } from '../../github/map-external-id.js';
import type { PublishedCheckRun } from '../../github/map-published-state.js';
import type { Octokit } from '../../github/octokit-types.js';
import { isCheckRunUnchanged } from '../../github/publish-check-run.js';
import { type PublishResult, publishVerdict } from '../../github/publish-verdict.js';
import { type PullRequestRead, readOpenPullRequest } from '../../github/read-pull-request.js';
import type { Ledger } from '../../ledger/index.js';
import type { Log } from '../log.js';
import type { PullRequestWork } from '../queue/work.js';
import type { RequestCount } from './count-requests.js';
import { type Decision, describeDecision, logDecision } from './decision-log.js';
import { describeFailure } from './describe-failure.js';
import { judgeRead } from './judge-read.js';
import { readLedgerHistory, readSharedHead, recordPublishedVerdict } from './ledger-history.js';
import { publishFailureCheck } from './publish-failure.js';

export interface EvaluationContext {
  /** An installation Octokit of its own, so `requests()` counts this evaluation only. */
  readonly octokit: Octokit;
  readonly requests: () => RequestCount;
  readonly appId: number | null;
  readonly checkName: string;
  /** CUSTODY_REQUIRE_ORG_POLICY: an unreadable organisation policy fails the check. */
  readonly requireOrgPolicy?: boolean;
  readonly knownLabels: Set<string>;
  readonly log: Pick<Log, 'info' | 'warn' | 'error'>;
  readonly now: () => number;
  /** How long to wait before the read that confirms a pass about to be written (replication lag). */
  readonly confirmPassMs: number;
  readonly wait: (ms: number) => Promise<void>;
  /** History is read from it and verdicts recorded in it; null: no ledger (history stays empty). */
  readonly ledger: Ledger | null;
  /** The custody page of a pull request, the check run's details link; null when pages are off. */
  readonly detailsUrl?: (ref: { owner: string; repo: string; number: number }) => string | null;
}

export interface EvaluationOutcome {
  /** Null for a closed PR (nothing evaluated, nothing written). */
  readonly verdict: Verdict | null;
  /** The event named another head than GitHub's current one (a lagging read, or an old event). */
  readonly staleEvent: boolean;
  /** Other open PRs on the same head commit: they share its check, so they are evaluated again. */
  readonly sharedWith?: readonly number[];
}

/** One read of an open PR and the verdict on it. */
interface Judged {
  readonly read: PullRequestRead;
  readonly verdict: Verdict;
  readonly outputs: ReturnType<typeof renderOutputs>;
  readonly externalId: string | null;
  /** The PR's own state, before the other PRs on its head are taken into account. */
  readonly ownState: Verdict['state'];
  /** Other open PRs on the same head, with their last own verdicts there. */
  readonly sharedWith: Awaited<ReturnType<typeof readSharedHead>>;
}

/** Whether publishing would write a passing check run: a new pass, or a pass whose text changes. */
function writesPass(judged: Judged, existing: PublishedCheckRun | null, force: boolean): boolean {
  if (!isPassing(judged.verdict.state)) return false;
  if (existing === null || force) return true;
  return !isCheckRunUnchanged(existing, judged.outputs.checkRun, judged.externalId);
}

/**
 * One evaluation, in order: read → evaluate → render → (a pass to write: wait, then all of it
 * once more) → publish → log. No policy semantics here.
 * Fails closed: on any error a `failure` check naming the reason and how to retry is published
 * when GitHub accepts writes (never a passing one), then the error is rethrown so the queue retries
 * (unless retrying cannot help: more files than GitHub lists).
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
  /** Reads and judges; null when the PR is not open (nothing is decided, nothing written). */
  const judge = async (): Promise<Judged | null> => {
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
    if (policy === null) return null;
    const own = judgeRead(ref, snapshot, policy, read.proposedPolicyErrors, {
      ...(ctx.requireOrgPolicy !== undefined ? { requireOrgPolicy: ctx.requireOrgPolicy } : {}),
      expected: work.expected,
    });
    const sharedWith = ctx.ledger ? await readSharedHead(ctx.ledger, snapshot) : [];
    const judged = requireSharedHead(own, sharedWith);
    return {
      read: { ...read, policy },
      verdict: judged,
      outputs: renderOutputs(
        judged,
        policy.ok ? policy.policy : null,
        read.published.labels,
        ctx.ledger ? await ctx.ledger.chainHead(`${owner}/${repo}`) : null,
      ),
      externalId: snapshot.pusher ? encodeExternalId(snapshot.pusher.account) : null,
      ownState: own.state,
      sharedWith,
    };
  };
  try {
    let judged = await judge();
    // A read may lag a change made just before it (a dismissal, a tightened policy) whose own
    // event is late or never sent: a pass read then may never have been true while we looked.
    // Writing a pass therefore takes a second read after GitHub's replication lag (reliability.md §5).
    if (judged && writesPass(judged, judged.read.published.checkRun, work.trigger.force)) {
      await ctx.wait(ctx.confirmPassMs);
      judged = await judge();
    }
    if (judged === null) {
      finish('closed', null);
      return { verdict: null, staleEvent: false };
    }
    const { snapshot, policy } = judged.read;
    const { ownState, sharedWith } = judged;
    verdict = judged.verdict;
    const lagging = describeLag(snapshot, work.expected) !== null;
    // Should the create below fail, GitHub may still have applied it (an answer lost to a 502):
    // the failure path must then look our run up instead of creating a second one.
    if (existing === null) existing = undefined;
    writes = await publishVerdict(ctx.octokit, {
      target: { ...ref, headSha: snapshot.pullRequest.headSha },
      checkName: ctx.checkName,
      outputs: judged.outputs,
      externalId: judged.externalId,
      detailsUrl: ctx.detailsUrl?.(ref) ?? null,
      published: judged.read.published,
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
    // A permanent condition is the answer, published once: retrying would only write it again.
    if (failure.permanent === true) return { verdict, staleEvent: false };
    throw error;
  }
}
