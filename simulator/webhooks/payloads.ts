import {
  example,
  restCheckRun,
  restCheckSuite,
  restInstallation,
  restLabel,
  restPull,
  restRepo,
  restReview,
  restUser,
  type Site,
} from '../rest/represent.js';
import type {
  Account,
  CheckRun,
  CheckSuite,
  GitCommit,
  Installation,
  Label,
  PullRequest,
  Repository,
  Review,
} from '../state/types.js';

/**
 * Webhook payloads, each built from the matching `@octokit/webhooks-examples` example: the
 * example's top-level keys are kept, and every object in it is replaced by the state's own.
 */

type Json = Record<string, unknown>;

let organization: Json | null = null;
/** The examples' organization object (read once: examples are large to copy). */
const ORGANIZATION = (): Json => {
  organization ??= example('check_run', (e) => e.organization !== undefined).organization as Json;
  return organization;
};

function envelope(site: Site, repo: Repository, sender: Account, installation: Installation | null): Json {
  const owner = site.store.account(repo.ownerId);
  const org =
    owner.type === 'Organization'
      ? {
          ...ORGANIZATION(),
          login: owner.login,
          id: owner.id,
          node_id: owner.nodeId,
          url: `${site.baseUrl}/api/v3/orgs/${owner.login}`,
          repos_url: `${site.baseUrl}/api/v3/orgs/${owner.login}/repos`,
          events_url: `${site.baseUrl}/api/v3/orgs/${owner.login}/events`,
          hooks_url: `${site.baseUrl}/api/v3/orgs/${owner.login}/hooks`,
          issues_url: `${site.baseUrl}/api/v3/orgs/${owner.login}/issues`,
          members_url: `${site.baseUrl}/api/v3/orgs/${owner.login}/members{/member}`,
          public_members_url: `${site.baseUrl}/api/v3/orgs/${owner.login}/public_members{/member}`,
          avatar_url: `https://avatars.githubusercontent.com/u/${owner.id}?v=4`,
          description: owner.name,
        }
      : undefined;
  return {
    repository: restRepo(site, repo, 'webhook'),
    ...(org ? { organization: org } : {}),
    sender: restUser(site, sender),
    ...(installation
      ? {
          installation: {
            id: installation.id,
            node_id: Buffer.from(`023:IntegrationInstallation${installation.id}`).toString('base64'),
          },
        }
      : {}),
  };
}

/** The example's keys for this action, or for the event when the examples lack that action (`edited`). */
const KEYS = new Map<string, string[]>();
function keysOf(event: string, action: string | undefined): string[] {
  const key = `${event}.${action ?? ''}`;
  let keys = KEYS.get(key);
  if (!keys) {
    try {
      keys = Object.keys(example(event, (e) => action === undefined || e.action === action));
    } catch {
      keys = Object.keys(example(event));
    }
    KEYS.set(key, keys);
  }
  return keys;
}

/** Keep only the keys GitHub's example for this event has (plus `organization` for org repos). */
function shaped(event: string, action: string | undefined, payload: Json): Json {
  const allowed = new Set([...keysOf(event, action), 'organization', 'installation']);
  return Object.fromEntries(Object.entries(payload).filter(([k]) => allowed.has(k)));
}

export function pullRequestPayload(
  site: Site,
  action: string,
  pr: PullRequest,
  sender: Account,
  installation: Installation | null,
  extra: Json = {},
): Json {
  const repo = site.store.repo(pr.repoId);
  return {
    ...shaped('pull_request', action, {
      action,
      number: pr.number,
      pull_request: restPull(site, pr, 'webhook'),
      ...envelope(site, repo, sender, installation),
    }),
    ...extra,
  };
}

export function labeledPayload(
  site: Site,
  action: 'labeled' | 'unlabeled',
  pr: PullRequest,
  label: Label,
  sender: Account,
  installation: Installation | null,
): Json {
  return pullRequestPayload(site, action, pr, sender, installation, {
    label: restLabel(site, site.store.repo(pr.repoId), label),
  });
}

export function reviewPayload(
  site: Site,
  action: 'submitted' | 'dismissed' | 'edited',
  pr: PullRequest,
  review: Review,
  sender: Account,
  installation: Installation | null,
): Json {
  const repo = site.store.repo(pr.repoId);
  return shaped('pull_request_review', action, {
    action,
    review: restReview(site, review),
    pull_request: restPull(site, pr, 'webhook'),
    ...envelope(site, repo, sender, installation),
  });
}

function pushCommit(site: Site, repo: Repository, commit: GitCommit): Json {
  const parent = commit.parents[0] ? site.store.commit(commit.parents[0]).tree : {};
  const added = Object.keys(commit.tree).filter((p) => !(p in parent));
  const removed = Object.keys(parent).filter((p) => !(p in commit.tree));
  const modified = Object.keys(commit.tree).filter((p) => p in parent && parent[p] !== commit.tree[p]);
  const who = (id: { name: string; email: string }) => {
    const account = site.store.accountForEmail(id.email);
    return { name: id.name, email: id.email, ...(account ? { username: account.login } : {}) };
  };
  return {
    id: commit.sha,
    tree_id: commit.sha,
    distinct: true,
    message: commit.message,
    timestamp: commit.committer.date,
    url: `${site.baseUrl}/${site.store.fullName(repo)}/commit/${commit.sha}`,
    author: who(commit.author),
    committer: who(commit.committer),
    added,
    removed,
    modified,
  };
}

export function pushPayload(
  site: Site,
  repo: Repository,
  ref: string,
  before: string,
  commits: readonly GitCommit[],
  pusher: Account,
  installation: Installation | null,
  forced: boolean,
): Json {
  const after = commits.at(-1)?.sha ?? before;
  const zero = '0000000000000000000000000000000000000000';
  const rendered = commits.map((c) => pushCommit(site, repo, c));
  return shaped('push', undefined, {
    ref,
    before,
    after,
    created: before === zero,
    deleted: false,
    forced,
    base_ref: null,
    compare: `${site.baseUrl}/${site.store.fullName(repo)}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits: rendered,
    head_commit: rendered.at(-1) ?? null,
    pusher: { name: pusher.login, email: site.store.noreplyEmail(pusher) },
    ...envelope(site, repo, pusher, installation),
  });
}

export function mergeGroupPayload(
  site: Site,
  repo: Repository,
  group: { headSha: string; headRef: string; baseSha: string; baseRef: string },
  sender: Account,
  installation: Installation | null,
  /** `destroyed`: merged, invalidated or dequeued (`reason`). */
  action: 'checks_requested' | 'destroyed' = 'checks_requested',
  reason?: 'merged' | 'invalidated' | 'dequeued',
): Json {
  const commit = site.store.commit(group.headSha);
  const payload = shaped('merge_group', action, {
    action,
    merge_group: {
      head_sha: group.headSha,
      head_ref: `refs/heads/${group.headRef}`,
      base_sha: group.baseSha,
      base_ref: `refs/heads/${group.baseRef}`,
      head_commit: {
        id: commit.sha,
        tree_id: commit.sha,
        message: commit.message,
        timestamp: commit.committer.date,
        author: { name: commit.author.name, email: commit.author.email },
        committer: { name: commit.committer.name, email: commit.committer.email },
      },
    },
    ...envelope(site, repo, sender, installation),
  });
  // Required on `destroyed` by GitHub's schema, though the example lacks it.
  return reason ? { ...payload, reason } : payload;
}

export function checkRunPayload(
  site: Site,
  action: 'created' | 'completed' | 'rerequested' | 'requested_action',
  run: CheckRun,
  sender: Account,
  installation: Installation | null,
): Json {
  const repo = site.store.repo(run.repoId);
  const suite = site.store.checkSuites.find((s) => s.id === run.suiteId)!;
  const checkRun = restCheckRun(site, run);
  return shaped('check_run', action, {
    action,
    check_run: { ...checkRun, check_suite: restCheckSuite(site, suite) },
    ...envelope(site, repo, sender, installation),
  });
}

export function checkSuitePayload(
  site: Site,
  action: 'requested' | 'rerequested' | 'completed',
  suite: CheckSuite,
  sender: Account,
  installation: Installation | null,
): Json {
  const repo = site.store.repo(suite.repoId);
  return shaped('check_suite', action, {
    action,
    check_suite: restCheckSuite(site, suite),
    ...envelope(site, repo, sender, installation),
  });
}

/** Repositories added to (or removed from) an installation, as its account's admin does in the settings. */
export function installationRepositoriesPayload(
  site: Site,
  action: 'added' | 'removed',
  installation: Installation,
  changed: readonly Repository[],
  sender: Account,
): Json {
  const brief = (repo: Repository) => ({
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: site.store.fullName(repo),
    private: repo.isPrivate,
  });
  return {
    ...shaped('installation_repositories', action, {
      action,
      installation: restInstallation(site, installation),
      repository_selection: 'selected',
      repositories_added: action === 'added' ? changed.map(brief) : [],
      repositories_removed: action === 'removed' ? changed.map(brief) : [],
      sender: restUser(site, sender),
    }),
    // Required by GitHub's schema though the example omits it: who asked an admin to add the
    // repository, null when the admin did it unasked (as here).
    requester: null,
  };
}
