import { type Expected, NOTHING_EXPECTED } from '../../core/evaluate/describe-lag.js';
import type { EventPusher } from '../../core/evaluate/merge-event-pusher.js';
import type { Account } from '../../core/snapshot.js';
import type { Priority } from './pull-request-queue.js';

/**
 * What a webhook asks for, once translated: units of work the queue runs off the request path.
 * Handlers produce these and nothing else; the runner turns them into GitHub reads and writes.
 */

/** Where the work happens: the installation whose token is used, and the repository. */
export interface RepoTarget {
  readonly installationId: number;
  readonly owner: string;
  readonly repo: string;
}

/** Why: the event (`pull_request.synchronize`, …) and its delivery, for the decision log. */
export interface Trigger {
  readonly event: string;
  readonly deliveryId: string;
  /**
   * Write the check run even when it looks unchanged: after a re-run request GitHub resets the
   * suite and waits for the app to update the run (reliability.md §3.4).
   */
  readonly force: boolean;
}

export interface PullRequestWork {
  readonly kind: 'pull_request';
  readonly target: RepoTarget;
  readonly number: number;
  /** The head SHA the event spoke of; null when the work came from a listing without one. */
  readonly headSha: string | null;
  readonly pusher: EventPusher | null;
  readonly expected: Expected;
  readonly trigger: Trigger;
  /** How many events were merged into this one by the queue (1 = none). */
  readonly events: number;
}

/** One PR to evaluate, as a single event asks (the queue merges further events into it). */
export function pullRequestWork(
  target: RepoTarget,
  number: number,
  headSha: string | null,
  trigger: Trigger,
  extra: { readonly pusher?: EventPusher | null; readonly expected?: Expected } = {},
): PullRequestWork {
  return {
    kind: 'pull_request',
    target,
    number,
    headSha,
    pusher: extra.pusher ?? null,
    expected: extra.expected ?? NOTHING_EXPECTED,
    trigger,
    events: 1,
  };
}

export interface MergeGroupWork {
  readonly kind: 'merge_group';
  readonly target: RepoTarget;
  readonly baseRef: string;
  readonly headSha: string;
  readonly trigger: Trigger;
}

/** Find the open PRs whose head is `headSha` (a re-run on a fork PR, whose payload lists none). */
export interface FindByHeadShaWork {
  readonly kind: 'find_by_head_sha';
  readonly target: RepoTarget;
  readonly headSha: string;
  readonly trigger: Trigger;
}

/** Find the open PRs of a repository (targeting `base` when set) and evaluate each, bounded. */
export interface FindOpenWork {
  readonly kind: 'find_open';
  readonly target: RepoTarget;
  readonly base: string | null;
  /** The base branch's head after the push that asked for this, when one did. */
  readonly baseSha: string | null;
  readonly trigger: Trigger;
}

/**
 * A shared policy changed (the organisation's `.github` file, or a file others may `_extends`):
 * find the open PRs of every repository of the installation, bounded, in the background.
 */
export interface FindGovernedWork {
  readonly kind: 'find_governed';
  /**
   * Only its installation is used: its repositories are listed. `repo` names the repository
   * whose push asked for this, or is `*` for an event that names none (a team membership).
   */
  readonly target: RepoTarget;
  /**
   * `owner/repo` whose PRs another unit of work already covers: a push that changed the
   * repository's own policy re-evaluates its PRs with the base head it expects, which catches a
   * read that lags behind the push; listing them again without it could judge a stale read.
   */
  readonly except: string | null;
  readonly trigger: Trigger;
}

/** A PR was merged: record the merge, and catch a merge that bypassed custody. */
export interface MergedWork {
  readonly kind: 'merged';
  readonly target: RepoTarget;
  readonly number: number;
  readonly headSha: string;
  readonly mergeCommitSha: string | null;
  readonly mergedBy: Account | null;
  /** When GitHub said it merged; null when the payload did not say. */
  readonly mergedAt: string | null;
  readonly trigger: Trigger;
}

export type Work =
  | PullRequestWork
  | MergeGroupWork
  | FindByHeadShaWork
  | FindOpenWork
  | FindGovernedWork
  | MergedWork;

export interface Planned {
  readonly work: Work;
  readonly priority: Priority;
}

/** One key per thing evaluated: events for the same PR coalesce under it. */
export function keyOf(work: Work): string {
  const repo = `${work.target.owner}/${work.target.repo}`.toLowerCase();
  switch (work.kind) {
    case 'pull_request':
      return `${repo}#${work.number}`;
    case 'merge_group':
      return `${repo}@merge-group:${work.headSha}`;
    case 'find_by_head_sha':
      return `${repo}@sha:${work.headSha}`;
    case 'find_open':
      return `${repo}@open:${work.base ?? '*'}`;
    case 'merged':
      return `${repo}#${work.number}@merged`;
    case 'find_governed':
      return `installation:${work.target.installationId}@governed`;
  }
}

/**
 * Coalesces two units of work with the same key into one follow-up of the latest state: the
 * newer event wins, a requested forced write is kept, and the most recent known pusher is kept
 * (it stays bound to its own SHA, so keeping it can never attribute a newer head).
 */
export function mergeWork(older: Work, newer: Work): Work {
  const trigger = { ...newer.trigger, force: older.trigger.force || newer.trigger.force };
  if (older.kind === 'pull_request' && newer.kind === 'pull_request') {
    return {
      ...newer,
      headSha: newer.headSha ?? older.headSha,
      pusher: newer.pusher ?? older.pusher,
      expected: {
        review: newer.expected.review ?? older.expected.review,
        baseSha: newer.expected.baseSha ?? older.expected.baseSha,
      },
      trigger,
      events: older.events + newer.events,
    };
  }
  return { ...newer, trigger } as Work;
}
