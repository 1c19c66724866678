import { POLICY_PATH } from '../../src/core/policy/schema.js';
import type { Sim } from '../sim.js';
import type { Delivery, PullRequest, Repository, Review } from '../state/types.js';
import {
  checkRunPayload,
  checkSuitePayload,
  pullRequestPayload,
  pushPayload,
  reviewPayload,
} from '../webhooks/payloads.js';
import { type CommitSpec, createCommits } from './commits.js';
import { type ActionResult, deliverAll, findRepo, requestSuite, targetOf } from './deliver.js';
import {
  assignPullRequest,
  editPullRequestBody,
  mergePullRequest,
  postCommitStatus,
} from './edit-pull-request.js';
import { addToInstallation, createRepository, enqueue, forkRepository } from './repositories.js';

export type { CommitSpec, IdentitySpec } from './commits.js';
export type { ActionResult } from './deliver.js';

export interface OpenPullRequest {
  readonly as: string;
  readonly head: string;
  readonly base?: string;
  readonly title: string;
  readonly body?: string;
  readonly draft?: boolean;
  readonly assignees?: readonly string[];
  /** Commits pushed to the new head branch before the PR is opened (by `pushedBy`, default `as`). */
  readonly commits: readonly CommitSpec[];
  readonly pushedBy?: string;
  readonly repo?: string;
  /** A fork (`owner/name`, see `fork`) holding the head branch. */
  readonly headRepo?: string;
}

/**
 * Drivers act like GitHub and its users. Each action changes the state as GitHub would, moves
 * the simulated clock by one minute, and sends the webhooks GitHub would send (in parallel, as
 * GitHub does: no ordering is promised), resolving once the app answered them.
 */
export class Drivers {
  readonly #sim: Sim;

  constructor(sim: Sim) {
    this.#sim = sim;
  }

  /** `pull_request.synchronize` for the open PRs whose head is this branch (in this repository or, for a fork, its parent). */
  #synchronize(
    repo: Parameters<typeof targetOf>[1],
    branch: string,
    pusher: Parameters<typeof pullRequestPayload>[3],
    before: string,
    after: string,
  ): Array<Promise<Delivery[]>> {
    const { store, site, webhooks } = this.#sim;
    const sends: Array<Promise<Delivery[]>> = [];
    for (const pr of store.pulls) {
      if (pr.state !== 'open' || pr.headRepoId !== repo.id || pr.headRef !== branch) continue;
      pr.updatedAt = store.now();
      const base = targetOf(this.#sim, store.repo(pr.repoId));
      sends.push(
        webhooks.send(
          'pull_request',
          pullRequestPayload(site, 'synchronize', pr, pusher, base.installation, { before, after }),
          base.target,
        ),
      );
    }
    return sends;
  }

  repo(fullName = 'acme/widgets'): Repository {
    return findRepo(this.#sim, fullName);
  }

  pull(number: number, repoName?: string): PullRequest {
    const pr = this.#sim.store.pull(this.repo(repoName).id, number);
    if (!pr) throw new Error(`simulator: no PR #${number}`);
    return pr;
  }

  /** Push commits to a branch (creating it from `from`, default the default branch). */
  async push(input: {
    as: string;
    branch: string;
    commits: readonly CommitSpec[];
    from?: string;
    repo?: string;
    force?: boolean;
  }): Promise<ActionResult & { head: string }> {
    const { store, site, webhooks } = this.#sim;
    store.tick();
    const repo = this.repo(input.repo);
    const pusher = store.accountByLogin(input.as);
    const before = repo.branches.get(input.branch);
    const parent =
      input.force || !before ? (store.resolveRef(repo, input.from ?? repo.defaultBranch) ?? '') : before;
    if (input.commits.length === 0) throw new Error('simulator: a push needs at least one commit');
    const commits = createCommits(store, repo, parent, pusher, input.commits);
    const head = commits.at(-1)!.sha;
    repo.branches.set(input.branch, head);
    const { installation, target } = targetOf(this.#sim, repo);
    const zero = '0000000000000000000000000000000000000000';
    const sends: Array<Promise<Delivery[]>> = [
      webhooks.send(
        'push',
        pushPayload(
          site,
          repo,
          `refs/heads/${input.branch}`,
          before ?? zero,
          commits,
          pusher,
          installation,
          Boolean(input.force && before),
        ),
        target,
      ),
    ];
    sends.push(...this.#synchronize(repo, input.branch, pusher, before ?? zero, head));
    const suite = requestSuite(this.#sim, repo, head, input.branch);
    if (suite)
      sends.push(
        webhooks.send(
          'check_suite',
          checkSuitePayload(site, 'requested', suite, pusher, installation),
          target,
        ),
      );
    return { ...(await deliverAll(sends)), head };
  }

  /**
   * Force-push a branch to a commit it already had (`git push --force origin <sha>:<branch>`):
   * no new commit, `push` with `forced: true`, and `synchronize` for the open PRs on it.
   */
  async resetBranch(input: {
    as: string;
    branch: string;
    sha: string;
    repo?: string;
  }): Promise<ActionResult & { head: string }> {
    const { store, site, webhooks } = this.#sim;
    store.tick();
    const repo = this.repo(input.repo);
    const pusher = store.accountByLogin(input.as);
    const before = repo.branches.get(input.branch);
    if (!before) throw new Error(`simulator: no branch ${input.branch}`);
    const head = store.commit(input.sha);
    repo.branches.set(input.branch, input.sha);
    const { installation, target } = targetOf(this.#sim, repo);
    const sends: Array<Promise<Delivery[]>> = [
      webhooks.send(
        'push',
        pushPayload(site, repo, `refs/heads/${input.branch}`, before, [head], pusher, installation, true),
        target,
      ),
    ];
    sends.push(...this.#synchronize(repo, input.branch, pusher, before, input.sha));
    return { ...(await deliverAll(sends)), head: input.sha };
  }

  /** Delete a branch: GitHub closes the open PRs whose head it was (`pull_request.closed`). */
  async deleteBranch(input: { as: string; branch: string; repo?: string }): Promise<ActionResult> {
    const { store, site, webhooks } = this.#sim;
    store.tick();
    const repo = this.repo(input.repo);
    const sha = repo.branches.get(input.branch);
    if (!sha) throw new Error(`simulator: no branch ${input.branch}`);
    const sender = store.accountByLogin(input.as);
    const sends: Array<Promise<Delivery[]>> = [];
    for (const pr of store.pulls) {
      if (pr.state !== 'open' || pr.headRepoId !== repo.id || pr.headRef !== input.branch) continue;
      pr.state = 'closed';
      pr.closedAt = store.now();
      pr.updatedAt = store.now();
      pr.lastHeadSha = sha;
      const base = targetOf(this.#sim, store.repo(pr.repoId));
      sends.push(
        webhooks.send(
          'pull_request',
          pullRequestPayload(site, 'closed', pr, sender, base.installation),
          base.target,
        ),
      );
    }
    repo.branches.delete(input.branch);
    return deliverAll(sends);
  }

  /** Add the PR to its base branch's merge queue (see `repositories.ts`). */
  enqueue(input: {
    as: string;
    number: number;
    repo?: string;
  }): Promise<ActionResult & { groupSha: string }> {
    return enqueue(this.#sim, this.pull(input.number, input.repo), input.as);
  }

  createRepository(input: {
    owner: string;
    name: string;
    files?: Readonly<Record<string, string>>;
  }): Repository {
    return createRepository(this.#sim, input);
  }

  addToInstallation(input: { as: string; repo: string }): Promise<ActionResult> {
    return addToInstallation(this.#sim, input);
  }

  fork(input: { as: string; repo?: string }): Repository {
    return forkRepository(this.#sim, input);
  }

  /** Push the head branch, then open the PR as `as`. */
  async openPullRequest(input: OpenPullRequest): Promise<ActionResult & { number: number; head: string }> {
    const { store, site, webhooks } = this.#sim;
    const repo = this.repo(input.repo);
    const headRepo = input.headRepo ? this.repo(input.headRepo) : repo;
    const base = input.base ?? repo.defaultBranch;
    // No commits: open the PR from a branch pushed earlier.
    const pushed =
      input.commits.length > 0
        ? await this.push({
            as: input.pushedBy ?? input.as,
            branch: input.head,
            commits: input.commits,
            from: base,
            repo: input.headRepo ?? input.repo,
          })
        : { deliveries: [], head: headRepo.branches.get(input.head) ?? '' };
    if (!pushed.head) throw new Error(`GitHub refuses: head branch ${input.head} does not exist`);
    store.tick();
    const opener = store.accountByLogin(input.as);
    const number = repo.nextNumber++;
    const id = store.nextId('pull', 2_480_000_000);
    const pr: PullRequest = {
      id,
      nodeId: store.nodeId('PR', id),
      repoId: repo.id,
      number,
      authorId: opener.id,
      headRepoId: headRepo.id,
      title: input.title,
      body: input.body ?? '',
      state: 'open',
      merged: false,
      draft: input.draft ?? false,
      baseRef: base,
      headRef: input.head,
      baseSha: repo.branches.get(base)!,
      assigneeIds: (input.assignees ?? []).map((login) => store.accountByLogin(login).id),
      labelNames: [],
      createdAt: store.now(),
      updatedAt: store.now(),
      closedAt: null,
    };
    store.pulls.push(pr);
    const { installation, target } = targetOf(this.#sim, repo);
    const opened = await webhooks.send(
      'pull_request',
      pullRequestPayload(site, 'opened', pr, opener, installation),
      target,
    );
    return { deliveries: [...pushed.deliveries, ...opened], number, head: pushed.head };
  }

  /** Submit a review on the current head, as GitHub's review API does (the author cannot approve their own PR). */
  async submitReview(input: {
    as: string;
    number: number;
    state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED';
    body?: string;
    commitSha?: string;
    repo?: string;
  }): Promise<ActionResult & { review: Review }> {
    const { store, site, webhooks } = this.#sim;
    store.tick();
    const pr = this.pull(input.number, input.repo);
    const reviewer = store.accountByLogin(input.as);
    if (pr.authorId === reviewer.id && input.state !== 'COMMENTED') {
      throw new Error(
        `GitHub refuses: Can not ${input.state === 'APPROVED' ? 'approve' : 'request changes on'} your own pull request`,
      );
    }
    if (pr.state !== 'open') throw new Error('GitHub refuses: the pull request is closed');
    const id = store.nextId('review', 3_100_000_000);
    const review: Review = {
      id,
      nodeId: store.nodeId('PRR', id),
      repoId: pr.repoId,
      pullNumber: pr.number,
      authorId: reviewer.id,
      state: input.state,
      body: input.body ?? '',
      commitSha: input.commitSha ?? store.headSha(pr),
      submittedAt: store.now(),
    };
    store.reviews.push(review);
    const repo = store.repo(pr.repoId);
    const { installation, target } = targetOf(this.#sim, repo);
    const deliveries = await webhooks.send(
      'pull_request_review',
      reviewPayload(site, 'submitted', pr, review, reviewer, installation),
      target,
    );
    return { deliveries, review };
  }

  async dismissReview(input: {
    as: string;
    number: number;
    reviewId: number;
    message?: string;
    repo?: string;
  }): Promise<ActionResult> {
    const { store, site, webhooks } = this.#sim;
    store.tick();
    const pr = this.pull(input.number, input.repo);
    const review = store.pullReviews(pr).find((r) => r.id === input.reviewId);
    if (!review) throw new Error(`simulator: no review ${input.reviewId} on #${input.number}`);
    if (review.state !== 'APPROVED' && review.state !== 'CHANGES_REQUESTED') {
      throw new Error('GitHub refuses: Can not dismiss a commented or pending pull request review');
    }
    review.state = 'DISMISSED';
    const { installation, target } = targetOf(this.#sim, store.repo(pr.repoId));
    const sender = store.accountByLogin(input.as);
    return {
      deliveries: await webhooks.send(
        'pull_request_review',
        reviewPayload(site, 'dismissed', pr, review, sender, installation),
        target,
      ),
    };
  }

  /** Commit a new `.github/custody.yml` to a branch (null deletes it). */
  async changePolicy(input: {
    as: string;
    branch: string;
    text: string | null;
    message?: string;
    repo?: string;
  }) {
    return this.push({
      as: input.as,
      branch: input.branch,
      repo: input.repo,
      commits: [{ message: input.message ?? 'Update custody policy', files: { [POLICY_PATH]: input.text } }],
    });
  }

  /** A user clicks "Re-run" on the app's check run for the PR's head (sent only to that app). */
  async rerequestCheck(input: { as: string; number: number; repo?: string }): Promise<ActionResult> {
    const { store, site, webhooks } = this.#sim;
    store.tick();
    const pr = this.pull(input.number, input.repo);
    const repo = store.repo(pr.repoId);
    const { installation, target } = targetOf(this.#sim, repo);
    const run = store
      .checkRunsFor(repo.id, store.headSha(pr))
      .filter((r) => r.appId === installation?.appId)
      .at(-1);
    if (!run) throw new Error(`simulator: no check run of the app on #${pr.number}'s head to re-run`);
    const sender = store.accountByLogin(input.as);
    return {
      deliveries: await webhooks.send(
        'check_run',
        checkRunPayload(site, 'rerequested', run, sender, installation),
        target,
      ),
    };
  }

  /** A user clicks "Re-run all checks" for the app's suite on the PR's head. */
  async rerequestSuite(input: { as: string; number: number; repo?: string }): Promise<ActionResult> {
    const { store, site, webhooks } = this.#sim;
    store.tick();
    const pr = this.pull(input.number, input.repo);
    const repo = store.repo(pr.repoId);
    const { installation, target } = targetOf(this.#sim, repo);
    const suite = store.suitesFor(repo.id, store.headSha(pr)).find((s) => s.appId === installation?.appId);
    if (!suite) throw new Error(`simulator: no check suite of the app on #${pr.number}'s head`);
    const sender = store.accountByLogin(input.as);
    return {
      deliveries: await webhooks.send(
        'check_suite',
        checkSuitePayload(site, 'rerequested', suite, sender, installation),
        target,
      ),
    };
  }

  /** Change the PR's base branch (`pull_request.edited` with `changes.base`). */
  async retargetBase(input: {
    as: string;
    number: number;
    base: string;
    repo?: string;
  }): Promise<ActionResult> {
    const { store, site, webhooks } = this.#sim;
    store.tick();
    const pr = this.pull(input.number, input.repo);
    const repo = store.repo(pr.repoId);
    const baseSha = repo.branches.get(input.base);
    if (!baseSha) throw new Error(`GitHub refuses: base branch ${input.base} does not exist`);
    const from = { ref: pr.baseRef, sha: store.baseHeadSha(pr) };
    pr.baseRef = input.base;
    pr.baseSha = baseSha;
    pr.updatedAt = store.now();
    const { installation, target } = targetOf(this.#sim, repo);
    const sender = store.accountByLogin(input.as);
    const payload = pullRequestPayload(site, 'edited', pr, sender, installation, {
      changes: { base: { ref: { from: from.ref }, sha: { from: from.sha } } },
    });
    return { deliveries: await webhooks.send('pull_request', payload, target) };
  }

  /** Add (`assigned: true`) or remove an assignee. */
  assign(input: { as: string; number: number; assignee: string; assigned: boolean; repo?: string }) {
    return assignPullRequest(this.#sim, this.pull(input.number, input.repo), input);
  }

  /** Rewrite the description. */
  editBody(input: { as: string; number: number; body: string; repo?: string }) {
    return editPullRequestBody(this.#sim, this.pull(input.number, input.repo), input);
  }

  /** Post a commit status on the PR's head (any context name, e.g. the name of our check). */
  postStatus(input: {
    as: string;
    number: number;
    context: string;
    state: 'error' | 'failure' | 'pending' | 'success';
    description?: string;
    repo?: string;
  }) {
    return postCommitStatus(this.#sim, this.pull(input.number, input.repo), input);
  }

  /** Merge, as an admin may, whatever the checks say. */
  merge(input: { as: string; number: number; repo?: string }) {
    return mergePullRequest(this.#sim, this.pull(input.number, input.repo), input);
  }

  /** Close, reopen, mark ready or convert to draft. */
  async setPullRequestState(input: {
    as: string;
    number: number;
    action: 'closed' | 'reopened' | 'ready_for_review' | 'converted_to_draft';
    repo?: string;
  }): Promise<ActionResult> {
    const { store, site, webhooks } = this.#sim;
    store.tick();
    const pr = this.pull(input.number, input.repo);
    if (input.action === 'closed') {
      pr.state = 'closed';
      pr.closedAt = store.now();
    } else if (input.action === 'reopened') {
      pr.state = 'open';
      pr.closedAt = null;
    } else {
      pr.draft = input.action === 'converted_to_draft';
    }
    pr.updatedAt = store.now();
    const { installation, target } = targetOf(this.#sim, store.repo(pr.repoId));
    const sender = store.accountByLogin(input.as);
    return {
      deliveries: await webhooks.send(
        'pull_request',
        pullRequestPayload(site, input.action, pr, sender, installation),
        target,
      ),
    };
  }
}
