import { restUser } from '../rest/represent.js';
import type { Sim } from '../sim.js';
import type { CommitStatus, PullRequest } from '../state/types.js';
import { pullRequestPayload } from '../webhooks/payloads.js';
import type { ActionResult } from './deliver.js';
import { targetOf } from './deliver.js';

/** Add or remove an assignee, as the Assignees box does: `pull_request.assigned`/`unassigned`. */
export async function assignPullRequest(
  sim: Sim,
  pr: PullRequest,
  input: { readonly as: string; readonly assignee: string; readonly assigned: boolean },
): Promise<ActionResult> {
  const { store, site, webhooks } = sim;
  store.tick();
  const assignee = store.accountByLogin(input.assignee);
  pr.assigneeIds = input.assigned
    ? [...new Set([...pr.assigneeIds, assignee.id])]
    : pr.assigneeIds.filter((id) => id !== assignee.id);
  pr.updatedAt = store.now();
  const { installation, target } = targetOf(sim, store.repo(pr.repoId));
  const action = input.assigned ? 'assigned' : 'unassigned';
  const payload = pullRequestPayload(site, action, pr, store.accountByLogin(input.as), installation, {
    assignee: restUser(site, assignee),
  });
  return { deliveries: await webhooks.send('pull_request', payload, target) };
}

/** Rewrite the PR's description: `pull_request.edited` with the old body in `changes`. */
export async function editPullRequestBody(
  sim: Sim,
  pr: PullRequest,
  input: { readonly as: string; readonly body: string },
): Promise<ActionResult> {
  const { store, site, webhooks } = sim;
  store.tick();
  const from = pr.body;
  pr.body = input.body;
  pr.updatedAt = store.now();
  const { installation, target } = targetOf(sim, store.repo(pr.repoId));
  const payload = pullRequestPayload(site, 'edited', pr, store.accountByLogin(input.as), installation, {
    changes: { body: { from } },
  });
  return { deliveries: await webhooks.send('pull_request', payload, target) };
}

/** Merge the PR as `as` (an admin may merge past a required check): `pull_request.closed`, merged. */
export async function mergePullRequest(
  sim: Sim,
  pr: PullRequest,
  input: { readonly as: string },
): Promise<ActionResult> {
  const { store, site, webhooks } = sim;
  store.tick();
  pr.lastHeadSha = store.headSha(pr);
  pr.state = 'closed';
  pr.merged = true;
  pr.closedAt = store.now();
  pr.updatedAt = store.now();
  const { installation, target } = targetOf(sim, store.repo(pr.repoId));
  const payload = pullRequestPayload(site, 'closed', pr, store.accountByLogin(input.as), installation);
  return { deliveries: await webhooks.send('pull_request', payload, target) };
}

/**
 * Post a commit status on the PR's head through the statuses API, as any account with write
 * access may, under any context name. Custody subscribes to no `status` event: nothing is sent.
 */
export function postCommitStatus(
  sim: Sim,
  pr: PullRequest,
  input: {
    readonly as: string;
    readonly context: string;
    readonly state: CommitStatus['state'];
    readonly description?: string;
  },
): { readonly id: number; readonly sha: string } {
  const { store } = sim;
  store.tick();
  const id = store.nextId('status', 41_000_000_000);
  const sha = store.headSha(pr);
  store.statuses.push({
    id,
    repoId: pr.repoId,
    sha,
    context: input.context,
    state: input.state,
    description: input.description ?? null,
    creatorId: store.accountByLogin(input.as).id,
    createdAt: store.now(),
  });
  return { id, sha };
}
