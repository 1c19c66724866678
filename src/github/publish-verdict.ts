import type { ProbotOctokit } from 'probot';
import type { Policy } from '../core/policy/schema.js';
import { renderCheckRun } from '../core/render/render-check-run.js';
import { renderComment } from '../core/render/render-comment.js';
import type { Verdict } from '../core/verdict.js';
import { type CheckRunWrite, type ExistingCheckRun, publishCheckRun } from './publish-check-run.js';
import { type CommentWrite, publishComment } from './publish-comment.js';
import { type LabelWrites, publishLabels } from './publish-labels.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

/** What is on GitHub now, as the fetch read it: the baseline every write is diffed against. */
export interface Published {
  readonly checkRun: ExistingCheckRun | null;
  readonly comment: { readonly id: number; readonly body: string } | null;
  readonly labels: readonly string[];
}

export interface PublishRequest {
  readonly checkName: string;
  readonly verdict: Verdict;
  /** The pusher, encoded for our run's `external_id`, so later evaluations of this SHA know it. */
  readonly externalId: string | null;
  readonly published: Published;
  /** Null when the policy could not be read: then only the check run is written. */
  readonly policy: Pick<Policy, 'labels'> | null;
  readonly force: boolean;
  readonly knownLabels?: Set<string>;
  readonly warn: (obj: object, msg: string) => void;
}

export interface PublishResult {
  readonly checkRun: CheckRunWrite;
  readonly labels: LabelWrites | 'skipped' | 'failed';
  readonly comment: CommentWrite | 'skipped' | 'failed';
}

/**
 * Make GitHub show the verdict, writing only what changed. The check run is the primary output
 * and always lands first (its failure propagates: the caller fails closed); labels and the
 * comment are best effort, logged and skipped on error so they never block the gate.
 */
export async function publishVerdict(octokit: Octokit, request: PublishRequest): Promise<PublishResult> {
  const { verdict, published } = request;
  const target = { owner: verdict.repo.owner, repo: verdict.repo.name, number: verdict.pullNumber };
  const checkRun = await publishCheckRun(
    octokit,
    { owner: target.owner, repo: target.repo, headSha: verdict.headSha, name: request.checkName },
    { output: renderCheckRun(verdict), externalId: request.externalId },
    { existing: published.checkRun, force: request.force },
  );
  if (!request.policy || verdict.state === 'error')
    return { checkRun: checkRun.write, labels: 'skipped', comment: 'skipped' };

  let labels: PublishResult['labels'];
  try {
    labels = await publishLabels(
      octokit,
      target,
      { current: published.labels, wanted: verdict.labels },
      {
        labels: request.policy.labels,
        agents: verdict.agents,
        ...(request.knownLabels ? { knownLabels: request.knownLabels } : {}),
      },
    );
  } catch (error) {
    request.warn({ err: error, ...target }, 'custody could not update labels');
    labels = 'failed';
  }

  let comment: PublishResult['comment'];
  try {
    comment = await publishComment(
      octokit,
      target,
      { wanted: verdict.comment, body: renderComment(verdict) },
      published.comment,
    );
  } catch (error) {
    request.warn({ err: error, ...target }, 'custody could not update the reviewer comment');
    comment = 'failed';
  }
  return { checkRun: checkRun.write, labels, comment };
}
