import { installationOn, type Sim } from '../sim.js';
import type { CheckSuite, Delivery, Installation, Repository } from '../state/types.js';

export interface ActionResult {
  readonly deliveries: readonly Delivery[];
}

/** Where events about a repository go: the installation of the app on it, if any. */
export function targetOf(
  sim: Sim,
  repo: Repository,
): { installation: Installation | null; target: { installationId: number | null; repositoryId: number } } {
  const installation = installationOn(sim, repo);
  return { installation, target: { installationId: installation?.id ?? null, repositoryId: repo.id } };
}

/** GitHub creates a check suite for each app with checks permission on every push. */
export function requestSuite(sim: Sim, repo: Repository, sha: string, branch: string): CheckSuite | null {
  const installation = installationOn(sim, repo);
  if (!installation) return null;
  const { store } = sim;
  const existing = store.checkSuites.find(
    (s) => s.repoId === repo.id && s.appId === installation.appId && s.headSha === sha,
  );
  if (existing) return null;
  const id = store.nextId('check_suite', 28_000_000_000);
  const suite: CheckSuite = {
    id,
    nodeId: store.nodeId('CS', id),
    repoId: repo.id,
    appId: installation.appId,
    headSha: sha,
    headBranch: branch,
    createdAt: store.now(),
  };
  store.checkSuites.push(suite);
  return suite;
}

/** Deliver events in parallel, as GitHub does (it promises no order). */
export async function deliverAll(sends: ReadonlyArray<Promise<Delivery[]>>): Promise<ActionResult> {
  const results = await Promise.all(sends);
  return { deliveries: results.flat() };
}

export function findRepo(sim: Sim, fullName = 'acme/widgets'): Repository {
  const [owner, name] = fullName.split('/');
  const repo = sim.store.findRepo(owner!, name!);
  if (!repo) throw new Error(`simulator: no repository ${fullName}`);
  return repo;
}
