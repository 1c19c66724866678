import type { Store } from './store.js';
import type { PullRequest, Review } from './types.js';

/**
 * The facts GitHub's API serves that a user action changes: branch heads, reviews and the pull
 * requests' own fields. Capturing them before an action and putting them back afterwards makes
 * the API answer as it did before the action while the action's webhooks are delivered: a
 * stale read (the webhook arrived before the API showed the change). Commits only accumulate,
 * and the app's own writes (check runs, labels, comments) are left alone.
 */
export interface Facts {
  readonly branches: ReadonlyMap<number, ReadonlyMap<string, string>>;
  readonly reviews: readonly Review[];
  readonly pulls: ReadonlyMap<number, Pick<PullRequest, PullField>>;
}

type PullField = 'state' | 'draft' | 'baseRef' | 'baseSha' | 'title' | 'body' | 'closedAt' | 'merged';
const PULL_FIELDS: readonly PullField[] = [
  'state',
  'draft',
  'baseRef',
  'baseSha',
  'title',
  'body',
  'closedAt',
  'merged',
];

export function captureFacts(store: Store): Facts {
  const branches = new Map<number, Map<string, string>>();
  for (const repo of store.repos.values()) branches.set(repo.id, new Map(repo.branches));
  const pulls = new Map<number, Pick<PullRequest, PullField>>();
  for (const pr of store.pulls) {
    pulls.set(pr.id, Object.fromEntries(PULL_FIELDS.map((f) => [f, pr[f]])) as Pick<PullRequest, PullField>);
  }
  return { branches, reviews: store.reviews.map((r) => ({ ...r })), pulls };
}

/** Serve `facts` from now on. What was created after the capture (a branch, a PR) stays visible. */
export function restoreFacts(store: Store, facts: Facts): void {
  for (const repo of store.repos.values()) {
    const saved = facts.branches.get(repo.id);
    if (!saved) continue;
    // Branches created since the capture stay: a new PR's head must resolve.
    for (const [name, sha] of saved) repo.branches.set(name, sha);
  }
  store.reviews.length = 0;
  store.reviews.push(...facts.reviews.map((r) => ({ ...r })));
  for (const pr of store.pulls) {
    const saved = facts.pulls.get(pr.id);
    if (saved) Object.assign(pr, saved);
  }
}

/**
 * Run `read` against `facts`, as a replica that has not yet applied the changes since them
 * serves it: old branch heads, old reviews, old pull-request fields, and no pull request opened
 * since (not found). The current facts are put back afterwards, the same objects, so nothing
 * holding a review or a pull request notices. `read` must be synchronous: nothing else may run
 * against the store while it serves old facts.
 */
export function readAsOf<T>(store: Store, facts: Facts, read: () => T): T {
  const branches = [...store.repos.values()].map((repo) => [repo, new Map(repo.branches)] as const);
  const reviews = [...store.reviews];
  const pulls = [...store.pulls];
  const fields = pulls.map((pr) => [pr, Object.fromEntries(PULL_FIELDS.map((f) => [f, pr[f]]))] as const);
  restoreFacts(store, facts);
  replaceAll(
    store.pulls,
    pulls.filter((pr) => facts.pulls.has(pr.id)),
  );
  try {
    const result = read();
    if (result instanceof Promise) throw new Error('simulator: a lagged read must be synchronous');
    return result;
  } finally {
    for (const [repo, saved] of branches) {
      repo.branches.clear();
      for (const [name, sha] of saved) repo.branches.set(name, sha);
    }
    replaceAll(store.reviews, reviews);
    replaceAll(store.pulls, pulls);
    for (const [pr, saved] of fields) Object.assign(pr, saved);
  }
}

function replaceAll<T>(list: T[], items: readonly T[]): void {
  list.length = 0;
  list.push(...items);
}
