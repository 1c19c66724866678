import type { VerdictOutputs } from '../core/output.js';
import type { PublishedState } from './map-published-state.js';
import type { Octokit } from './octokit-types.js';
import { type CheckRunWrite, publishCheckRun } from './publish-check-run.js';
import { type CommentWrite, publishComment } from './publish-comment.js';
import { type LabelWrites, publishLabels } from './publish-labels.js';

export interface PublishRequest {
  readonly target: {
    readonly owner: string;
    readonly repo: string;
    readonly number: number;
    readonly headSha: string;
  };
  readonly checkName: string;
  readonly outputs: VerdictOutputs;
  /** The pusher, encoded for our run's `external_id`, so later evaluations of this SHA know it. */
  readonly externalId: string | null;
  /** The custody page of the pull request (the check run's details link), when pages are served. */
  readonly detailsUrl?: string | null;
  readonly published: PublishedState;
  readonly force: boolean;
  readonly knownLabels?: Set<string>;
  readonly warn: (obj: object, msg: string) => void;
}

export interface PublishResult {
  readonly checkRun: CheckRunWrite;
  readonly checkRunId: number;
  readonly labels: LabelWrites | 'skipped' | 'failed';
  readonly comment: CommentWrite | 'skipped' | 'failed';
}

/**
 * Make GitHub show the rendered verdict, writing only what changed. The check run is the primary
 * output and always lands first (its failure propagates: the caller fails closed); labels and the
 * comment are best effort, logged and skipped on error so they never block the gate.
 */
export async function publishVerdict(octokit: Octokit, request: PublishRequest): Promise<PublishResult> {
  const { outputs, published } = request;
  const { headSha, ...target } = request.target;
  const checkRun = await publishCheckRun(
    octokit,
    { owner: target.owner, repo: target.repo, headSha, name: request.checkName },
    { output: outputs.checkRun, externalId: request.externalId, detailsUrl: request.detailsUrl ?? null },
    { existing: published.checkRun, force: request.force },
  );
  const secondary = outputs.secondary;
  if (!secondary)
    return { checkRun: checkRun.write, checkRunId: checkRun.id, labels: 'skipped', comment: 'skipped' };

  let labels: PublishResult['labels'];
  try {
    labels = await publishLabels(octokit, target, secondary.labels, request.knownLabels);
  } catch (error) {
    request.warn({ err: error, ...target }, 'custody could not update labels');
    labels = 'failed';
  }

  let comment: PublishResult['comment'];
  try {
    comment = await publishComment(octokit, target, secondary.comment, published.comment);
  } catch (error) {
    request.warn({ err: error, ...target }, 'custody could not update the reviewer comment');
    comment = 'failed';
  }
  return { checkRun: checkRun.write, checkRunId: checkRun.id, labels, comment };
}
