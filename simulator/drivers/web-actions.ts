import type { Sim } from '../sim.js';
import type { Delivery, PullRequest } from '../state/types.js';
import { mergeGroupPayload, pullRequestPayload, pushPayload, reviewPayload } from '../webhooks/payloads.js';
import { type CommitSpec, GITHUB_SIGNED } from './commits.js';
import { type ActionResult, deliverAll, targetOf } from './deliver.js';

/**
 * What people do on github.com that no git push makes: edit a PR's description, click "Update
 * branch", take a PR out of the merge queue; and what branch protection does on its own
 * (dismissing stale approvals). Each sends the webhooks GitHub sends for it.
 */

/**
 * "Update branch": GitHub merges the base into the head as a commit authored by the person who
 * clicked, committed by `web-flow` and signed by GitHub, then sends `push` and `synchronize`.
 */
export async function updateBranch(
  sim: Sim,
  pr: PullRequest,
  input: { as: string },
): Promise<ActionResult & { head: string }> {
  const { store, site, webhooks } = sim;
  store.tick();
  const repo = store.repo(pr.headRepoId);
  const clicker = store.accountByLogin(input.as);
  const before = store.headSha(pr);
  const base = store.baseHeadSha(pr);
  const date = store.now();
  const changes: Record<string, string | null> = {};
  for (const [path, text] of Object.entries(store.commit(base).tree)) {
    if (store.commit(before).tree[path] === undefined) changes[path] = text;
  }
  const commit = store.createCommit({
    repoId: repo.id,
    parents: [before, base],
    author: { name: clicker.name ?? clicker.login, email: store.noreplyEmail(clicker), date },
    committer: { name: 'GitHub', email: 'noreply@github.com', date },
    message: `Merge branch '${pr.baseRef}' into ${pr.headRef}`,
    signature: GITHUB_SIGNED,
    changes,
  });
  repo.branches.set(pr.headRef, commit.sha);
  pr.updatedAt = store.now();
  const { installation, target } = targetOf(sim, store.repo(pr.repoId));
  const sends: Array<Promise<Delivery[]>> = [
    webhooks.send(
      'push',
      pushPayload(site, repo, `refs/heads/${pr.headRef}`, before, [commit], clicker, installation, false),
      target,
    ),
    webhooks.send(
      'pull_request',
      pullRequestPayload(site, 'synchronize', pr, clicker, installation, { before, after: commit.sha }),
      target,
    ),
  ];
  return { ...(await deliverAll(sends)), head: commit.sha };
}

/**
 * Branch protection's "Dismiss stale pull request approvals when new commits are pushed": after
 * a push to the head, GitHub dismisses each approval of an older commit, sending
 * `pull_request_review.dismissed` with GitHub itself as the sender... of the pusher's event.
 */
export async function dismissStaleApprovals(
  sim: Sim,
  pr: PullRequest,
  input: { as: string },
): Promise<ActionResult> {
  const { store, site, webhooks } = sim;
  const head = store.headSha(pr);
  const stale = store.pullReviews(pr).filter((r) => r.state === 'APPROVED' && r.commitSha !== head);
  const { installation, target } = targetOf(sim, store.repo(pr.repoId));
  const sender = store.accountByLogin(input.as);
  const sends = stale.map((review) => {
    review.state = 'DISMISSED';
    return webhooks.send(
      'pull_request_review',
      reviewPayload(site, 'dismissed', pr, review, sender, installation),
      target,
    );
  });
  return deliverAll(sends);
}

/**
 * The group of a PR leaves the merge queue (dequeued by a person, or invalidated): GitHub
 * deletes the `gh-readonly-queue/…` branch (a `push` with `deleted: true`) and sends
 * `merge_group.destroyed`.
 */
export async function dequeue(
  sim: Sim,
  pr: PullRequest,
  input: { as: string; reason?: 'dequeued' | 'invalidated' },
): Promise<ActionResult> {
  const { store, site, webhooks } = sim;
  store.tick();
  const repo = store.repo(pr.repoId);
  const entry = store.mergeQueue.find((e) => e.repoId === repo.id && e.pullNumber === pr.number);
  if (!entry) throw new Error(`simulator: #${pr.number} is not in the merge queue`);
  store.mergeQueue.splice(store.mergeQueue.indexOf(entry), 1);
  const headRef = [...repo.branches.entries()].find(([, sha]) => sha === entry.headSha)?.[0];
  if (headRef) repo.branches.delete(headRef);
  const { installation, target } = targetOf(sim, repo);
  const sender = store.accountByLogin(input.as);
  const group = {
    headSha: entry.headSha,
    headRef: headRef ?? '',
    baseSha: store.baseHeadSha(pr),
    baseRef: pr.baseRef,
  };
  const zero = '0000000000000000000000000000000000000000';
  const sends: Array<Promise<Delivery[]>> = [
    webhooks.send(
      'merge_group',
      mergeGroupPayload(site, repo, group, sender, installation, 'destroyed', input.reason ?? 'dequeued'),
      target,
    ),
  ];
  if (headRef) {
    const deleted = {
      ...pushPayload(site, repo, `refs/heads/${headRef}`, entry.headSha, [], sender, installation, false),
      after: zero,
      deleted: true,
      head_commit: null,
    };
    sends.push(webhooks.send('push', deleted, target));
  }
  return deliverAll(sends);
}

/**
 * "Commit suggestion" on a review comment: a commit authored by the person who clicks, with the
 * suggestion's author as `Co-authored-by`, committed by `web-flow` and signed by GitHub.
 */
export function suggestionCommit(input: {
  readonly as: string;
  readonly suggestedBy: string;
  readonly files: Readonly<Record<string, string>>;
}): CommitSpec {
  return {
    message: 'Apply suggestions from code review',
    author: input.as,
    committer: 'web-flow',
    signature: 'github',
    coAuthors: [input.suggestedBy],
    files: input.files,
  };
}

/**
 * "Squash and merge": one commit on the base, committed by `web-flow` and signed by GitHub,
 * whose message lists the PR's commits and ends, after a `---------` line, with a
 * `Co-authored-by` trailer for every other author and co-author of those commits. Then
 * `pull_request.closed` (merged) and the base branch's `push`.
 */
export async function squashMerge(
  sim: Sim,
  pr: PullRequest,
  input: { as: string },
): Promise<ActionResult & { sha: string }> {
  const { store, site, webhooks } = sim;
  store.tick();
  const repo = store.repo(pr.repoId);
  const merger = store.accountByLogin(input.as);
  const commits = store.pullCommits(pr);
  const head = store.commit(store.headSha(pr));
  const before = store.baseHeadSha(pr);
  const mergerEmail = store.noreplyEmail(merger);
  const coAuthors = new Map<string, string>();
  for (const commit of commits) {
    const trailers = [...commit.message.matchAll(/^Co-authored-by: (.+)$/gim)].map((m) => m[1]!);
    for (const who of [`${commit.author.name} <${commit.author.email}>`, ...trailers]) {
      const email = /<([^>]+)>/.exec(who)?.[1]?.toLowerCase();
      if (email && email !== mergerEmail.toLowerCase() && !coAuthors.has(email)) coAuthors.set(email, who);
    }
  }
  const body = commits.map((c) => `* ${c.message.split('\n')[0]}`).join('\n\n');
  const trailers = [...coAuthors.values()].map((who) => `Co-authored-by: ${who}`).join('\n');
  const date = store.now();
  const changes: Record<string, string | null> = {};
  for (const file of store.pullFiles(pr)) changes[file.path] = head.tree[file.path] ?? null;
  const squash = store.createCommit({
    repoId: repo.id,
    parents: [before],
    author: { name: merger.name ?? merger.login, email: mergerEmail, date },
    committer: { name: 'GitHub', email: 'noreply@github.com', date },
    message: `${pr.title} (#${pr.number})\n\n${body}${trailers ? `\n\n---------\n\n${trailers}` : ''}`,
    signature: GITHUB_SIGNED,
    changes,
  });
  repo.branches.set(pr.baseRef, squash.sha);
  pr.state = 'closed';
  pr.merged = true;
  pr.closedAt = store.now();
  pr.updatedAt = store.now();
  const { installation, target } = targetOf(sim, repo);
  const sends: Array<Promise<Delivery[]>> = [
    webhooks.send('pull_request', pullRequestPayload(site, 'closed', pr, merger, installation), target),
    webhooks.send(
      'push',
      pushPayload(site, repo, `refs/heads/${pr.baseRef}`, before, [squash], merger, installation, false),
      target,
    ),
  ];
  return { ...(await deliverAll(sends)), sha: squash.sha };
}
