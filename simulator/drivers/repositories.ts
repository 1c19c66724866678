import type { Sim } from '../sim.js';
import type { PullRequest, Repository } from '../state/types.js';
import {
  checkSuitePayload,
  installationRepositoriesPayload,
  mergeGroupPayload,
  pushPayload,
} from '../webhooks/payloads.js';
import { GITHUB_SIGNED } from './commits.js';
import { type ActionResult, deliverAll, findRepo, requestSuite, targetOf } from './deliver.js';

/** Repository-level actions: creating and forking repositories, installing the app, the merge queue. */

function newRepository(sim: Sim, ownerId: number, name: string, from?: Repository): Repository {
  const { store } = sim;
  const id = store.nextId('repo', 812_330_000);
  const repo: Repository = {
    id,
    nodeId: store.nodeId('R', id),
    ownerId,
    name,
    isPrivate: true,
    defaultBranch: from?.defaultBranch ?? 'main',
    createdAt: store.now(),
    branches: new Map(from?.branches),
    labels: new Map(),
    collaborators: new Map(),
    nextNumber: 1,
  };
  store.repos.set(id, repo);
  return repo;
}

/** A new repository in an organisation (one commit on `main`), with the collaborators of `acme/widgets`. */
export function createRepository(
  sim: Sim,
  input: { owner: string; name: string; files?: Readonly<Record<string, string>> },
): Repository {
  const { store } = sim;
  const repo = newRepository(sim, store.accountByLogin(input.owner).id, input.name);
  for (const [id, permission] of findRepo(sim).collaborators) repo.collaborators.set(id, permission);
  const identity = { name: 'GitHub', email: 'noreply@github.com', date: store.now() };
  const root = store.createCommit({
    repoId: repo.id,
    parents: [],
    author: identity,
    committer: identity,
    message: 'Initial commit',
    signature: GITHUB_SIGNED,
    changes: input.files ?? { 'README.md': `# ${input.name}\n` },
  });
  repo.branches.set('main', root.sha);
  return repo;
}

/** Fork a repository to `as`'s account: same commits and branches, the app not installed there. */
export function forkRepository(sim: Sim, input: { as: string; repo?: string }): Repository {
  const parent = findRepo(sim, input.repo);
  const owner = sim.store.accountByLogin(input.as);
  return sim.store.findRepo(owner.login, parent.name) ?? newRepository(sim, owner.id, parent.name, parent);
}

/** An org admin adds a repository to the app's installation (`installation_repositories.added`). */
export async function addToInstallation(
  sim: Sim,
  input: { as: string; repo: string },
): Promise<ActionResult> {
  const { store, site, webhooks } = sim;
  store.tick();
  const repo = findRepo(sim, input.repo);
  const installation = [...store.installations.values()].find((i) => i.accountId === repo.ownerId);
  if (!installation)
    throw new Error(`simulator: the app is not installed on ${store.account(repo.ownerId).login}`);
  if (!installation.repoIds.includes(repo.id)) installation.repoIds.push(repo.id);
  const payload = installationRepositoriesPayload(
    site,
    'added',
    installation,
    [repo],
    store.accountByLogin(input.as),
  );
  const target = { installationId: installation.id, repositoryId: null };
  return { deliveries: await webhooks.send('installation_repositories', payload, target) };
}

/**
 * Add the PR to its base branch's merge queue: GitHub builds the group commit (the previous
 * group, or the base, plus this PR's changes) on `gh-readonly-queue/<base>/pr-<n>-<head>` and
 * asks for checks on it.
 */
export async function enqueue(
  sim: Sim,
  pr: PullRequest,
  as: string,
): Promise<ActionResult & { groupSha: string }> {
  const { store, site, webhooks } = sim;
  store.tick();
  const repo = store.repo(pr.repoId);
  const queue = store.mergeQueue.filter((e) => e.repoId === repo.id && e.baseRef === pr.baseRef);
  const baseSha = store.baseHeadSha(pr);
  const head = store.headSha(pr);
  const changes: Record<string, string | null> = {};
  for (const file of store.pullFiles(pr)) changes[file.path] = store.commit(head).tree[file.path] ?? null;
  const identity = { name: 'GitHub', email: 'noreply@github.com', date: store.now() };
  const from = `${store.fullName(store.repo(pr.headRepoId))}/${pr.headRef}`;
  const group = store.createCommit({
    repoId: repo.id,
    parents: [queue.at(-1)?.headSha ?? baseSha, head],
    author: identity,
    committer: identity,
    message: `Merge pull request #${pr.number} from ${from}\n\n${pr.title}`,
    signature: GITHUB_SIGNED,
    changes,
  });
  const headRef = `gh-readonly-queue/${pr.baseRef}/pr-${pr.number}-${head}`;
  repo.branches.set(headRef, group.sha);
  store.mergeQueue.push({
    repoId: repo.id,
    baseRef: pr.baseRef,
    pullNumber: pr.number,
    headSha: group.sha,
    enqueuedAt: store.now(),
  });
  const { installation, target } = targetOf(sim, repo);
  const sender = store.accountByLogin(as);
  const groupRef = { headSha: group.sha, headRef, baseSha, baseRef: pr.baseRef };
  const zero = '0000000000000000000000000000000000000000';
  const sends = [
    webhooks.send('merge_group', mergeGroupPayload(site, repo, groupRef, sender, installation), target),
    // GitHub pushes the group's branch too, as any branch it creates.
    webhooks.send(
      'push',
      pushPayload(site, repo, `refs/heads/${headRef}`, zero, [group], sender, installation, false),
      target,
    ),
  ];
  const suite = requestSuite(sim, repo, group.sha, headRef);
  if (suite) {
    sends.push(
      webhooks.send('check_suite', checkSuitePayload(site, 'requested', suite, sender, installation), target),
    );
  }
  return { ...(await deliverAll(sends)), groupSha: group.sha };
}
