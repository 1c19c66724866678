import { type Planned, pullRequestWork, type RepoTarget, type Trigger } from '../queue/work.js';
import { type EventBase, type HandlerSettings, targetOf, triggerOf } from './event.js';

interface PullRequestLink {
  readonly number: number;
  readonly base: { readonly repo: { readonly id: number } };
}

interface RerequestedSubject {
  readonly head_sha: string;
  readonly head_branch?: string | null;
  readonly app: { readonly id: number | null } | null;
  readonly pull_requests: readonly PullRequestLink[];
}

export interface CheckRunPayload extends EventBase {
  readonly action: string;
  readonly repository: EventBase['repository'] & { readonly id: number };
  readonly check_run: RerequestedSubject & {
    readonly name: string;
    readonly check_suite?: { readonly head_branch?: string | null };
  };
}

export interface CheckSuitePayload extends EventBase {
  readonly action: string;
  readonly repository: EventBase['repository'] & { readonly id: number };
  readonly check_suite: RerequestedSubject;
}

/** GitHub's merge queue builds each group on `gh-readonly-queue/<base>/pr-<n>-<base sha>`. */
const MERGE_QUEUE_BRANCH = /^gh-readonly-queue\/(.+)\/pr-\d+-[0-9a-f]{40}$/;

/** Our app and (for runs) our check name; another app's runs are ignored with zero API calls. */
function isOurs(appId: number | null, settings: HandlerSettings, name: string | null): boolean {
  if (settings.appId !== null && appId !== settings.appId) return false;
  return name === null || name === settings.checkName;
}

/**
 * "Re-run" on our check → re-evaluate whatever it was posted for. Same-repo PRs are listed in
 * the payload; fork PRs are not ("Pushes to a branch in a forked repository … return an empty
 * `pull_requests` array", reliability.md §3.4), so those are found by head SHA; a merge-queue
 * branch means our merge-group check. PRs into another repository are skipped (policy-bot does
 * the same): their base is not this repository.
 */
function planRerequest(
  target: RepoTarget,
  repositoryId: number,
  subject: RerequestedSubject,
  headBranch: string | null,
  trigger: Trigger,
): Planned[] {
  const headSha = subject.head_sha;
  const pulls = subject.pull_requests.filter((pr) => pr.base.repo.id === repositoryId);
  if (pulls.length > 0) {
    return pulls.map((pr) => ({
      priority: 'live',
      work: pullRequestWork(target, pr.number, headSha, trigger),
    }));
  }
  const queued = headBranch ? MERGE_QUEUE_BRANCH.exec(headBranch) : null;
  if (queued) {
    return [
      { priority: 'live', work: { kind: 'merge_group', target, baseRef: queued[1]!, headSha, trigger } },
    ];
  }
  return [{ priority: 'live', work: { kind: 'find_by_head_sha', target, headSha, trigger } }];
}

export function planCheckRunRerequested(
  payload: CheckRunPayload,
  deliveryId: string,
  settings: HandlerSettings,
): Planned[] {
  const target = targetOf(payload);
  const run = payload.check_run;
  if (!target || payload.action !== 'rerequested') return [];
  if (!isOurs(run.app?.id ?? null, settings, run.name)) return [];
  const branch = run.check_suite?.head_branch ?? run.head_branch ?? null;
  const trigger = triggerOf('check_run.rerequested', deliveryId, true);
  return planRerequest(target, payload.repository.id, run, branch, trigger);
}

export function planCheckSuiteRerequested(
  payload: CheckSuitePayload,
  deliveryId: string,
  settings: HandlerSettings,
): Planned[] {
  const target = targetOf(payload);
  const suite = payload.check_suite;
  if (!target || payload.action !== 'rerequested') return [];
  if (!isOurs(suite.app?.id ?? null, settings, null)) return [];
  const trigger = triggerOf('check_suite.rerequested', deliveryId, true);
  return planRerequest(target, payload.repository.id, suite, suite.head_branch ?? null, trigger);
}
