import { GraphQLError } from 'graphql';
import type { Account, MergeQueueEntry, Repository } from '../../state/types.js';
import { connection } from '../connection.js';
import { actorSource, type GqlContext, type ResolverMap, type Source } from '../context.js';
import { requireCollaboratorsAccess } from '../refuse.js';

type RepoSource = { repo: Repository };

function notFound(type: string, what: string): GraphQLError {
  return new GraphQLError(`Could not resolve to a ${type} with the ${what}.`, {
    extensions: { type: 'NOT_FOUND' },
  });
}

/**
 * `Repository.object(expression:)` as git understands it: `<rev>:<path>` gives a Blob, `<rev>`
 * a Commit. Revisions are branch names, `refs/heads/…` or shas.
 */
function resolveObject(
  ctx: GqlContext,
  repo: Repository,
  args: { expression?: string; oid?: string },
): Source | null {
  const { store } = ctx.site;
  const expression = args.expression ?? args.oid ?? '';
  const colon = expression.indexOf(':');
  const rev = colon === -1 ? expression : expression.slice(0, colon);
  const sha =
    store.resolveRef(repo, rev === '' ? 'HEAD' : rev) ??
    (rev === 'HEAD' ? repo.branches.get(repo.defaultBranch) : undefined);
  if (!sha) return null;
  const commit = store.commit(sha);
  if (colon === -1) return { __typename: 'Commit', commit, repoId: repo.id };
  const path = expression.slice(colon + 1);
  const text = commit.tree[path];
  return text === undefined ? null : { __typename: 'Blob', commit, path, text };
}

/** `node(id:)`/`nodes(ids:)` for the node types the simulator knows by id. */
function nodeById(ctx: GqlContext, id: string): Source | null {
  const { store } = ctx.site;
  for (const repo of store.repos.values())
    if (repo.nodeId === id) return ctx.canSee(repo) ? { __typename: 'Repository', repo } : null;
  const pr = store.pulls.find((p) => p.nodeId === id);
  if (pr) return ctx.canSee(store.repo(pr.repoId)) ? { __typename: 'PullRequest', pr } : null;
  for (const account of store.accounts.values()) if (account.nodeId === id) return actorSource(account);
  throw new GraphQLError(`Could not resolve to a node with the global id of '${id}'`, {
    extensions: { type: 'NOT_FOUND' },
  });
}

export const repositoryResolvers: ResolverMap = {
  Query: {
    repository: (_s, args: { owner: string; name: string }, ctx) => {
      const repo = ctx.site.store.findRepo(args.owner, args.name);
      if (!repo || !ctx.canSee(repo)) throw notFound('Repository', `name '${args.owner}/${args.name}'`);
      return { __typename: 'Repository', repo } satisfies Source;
    },
    viewer: (_s, _a, ctx) => actorSource(ctx.viewer),
    user: (_s, args: { login: string }, ctx) => {
      const a = ctx.site.store.findAccount(args.login);
      if (a?.type !== 'User') throw notFound('User', `login '${args.login}'`);
      return actorSource(a);
    },
    organization: (_s, args: { login: string }, ctx) => {
      const a = ctx.site.store.findAccount(args.login);
      if (a?.type !== 'Organization') throw notFound('Organization', `login '${args.login}'`);
      return actorSource(a);
    },
    rateLimit: () => ({ __typename: 'RateLimit' }) satisfies Source,
    nodes: (_s, args: { ids: string[] }, ctx) => args.ids.map((id) => nodeById(ctx, id)),
    node: (_s, args: { id: string }, ctx) => nodeById(ctx, args.id),
  },
  RateLimit: {
    cost: () => 1,
    limit: () => 5000,
    remaining: () => 4999,
    used: () => 1,
    nodeCount: () => 1,
    resetAt: () => new Date(Date.now() + 3_600_000).toISOString(),
  },
  Repository: {
    id: (s: RepoSource) => s.repo.nodeId,
    databaseId: (s: RepoSource) => s.repo.id,
    name: (s: RepoSource) => s.repo.name,
    nameWithOwner: (s: RepoSource, _a, ctx) => ctx.site.store.fullName(s.repo),
    owner: (s: RepoSource, _a, ctx) => actorSource(ctx.site.store.account(s.repo.ownerId)),
    isPrivate: (s: RepoSource) => s.repo.isPrivate,
    isFork: () => false,
    isArchived: () => false,
    visibility: (s: RepoSource) => (s.repo.isPrivate ? 'PRIVATE' : 'PUBLIC'),
    url: (s: RepoSource, _a, ctx) => `${ctx.site.baseUrl}/${ctx.site.store.fullName(s.repo)}`,
    defaultBranchRef: (s: RepoSource) =>
      ({ __typename: 'Ref', repo: s.repo, name: s.repo.defaultBranch }) satisfies Source,
    ref: (s: RepoSource, args: { qualifiedName: string }) => {
      const name = args.qualifiedName.replace(/^refs\/heads\//, '');
      return s.repo.branches.has(name) ? ({ __typename: 'Ref', repo: s.repo, name } satisfies Source) : null;
    },
    object: (s: RepoSource, args: { expression?: string; oid?: string }, ctx) =>
      resolveObject(ctx, s.repo, args),
    pullRequest: (s: RepoSource, args: { number: number }, ctx) => {
      const pr = ctx.site.store.pull(s.repo.id, args.number);
      if (!pr) throw notFound('PullRequest', `number of ${args.number}`);
      return { __typename: 'PullRequest', pr } satisfies Source;
    },
    pullRequests: (s: RepoSource, args, ctx, info) => {
      const states = (args.states as string[] | null | undefined) ?? null;
      const prs = ctx.site.store.pulls.filter((p) => {
        if (p.repoId !== s.repo.id) return false;
        const state = p.merged ? 'MERGED' : p.state.toUpperCase();
        if (states && !states.includes(state)) return false;
        if (args.baseRefName && p.baseRef !== args.baseRefName) return false;
        if (args.headRefName && p.headRef !== args.headRefName) return false;
        return true;
      });
      const ordered = args.orderBy?.direction === 'DESC' ? [...prs].reverse() : prs;
      return connection(
        ordered.map((pr) => ({ __typename: 'PullRequest', pr }) satisfies Source),
        args,
        info,
      );
    },
    label: (s: RepoSource, args: { name: string }) => {
      const label = s.repo.labels.get(args.name.toLowerCase());
      return label ? ({ __typename: 'Label', label } satisfies Source) : null;
    },
    // A branch that never queued anything has no merge queue (null), as on a branch without one.
    mergeQueue: (s: RepoSource, args: { branch?: string }, ctx) => {
      const branch = args.branch ?? s.repo.defaultBranch;
      const used = ctx.site.store.mergeQueue.some((e) => e.repoId === s.repo.id && e.baseRef === branch);
      return used ? ({ __typename: 'MergeQueue', repo: s.repo, branch } satisfies Source) : null;
    },
    collaborators: (s: RepoSource, args, ctx, info) => {
      requireCollaboratorsAccess(ctx.caller);
      const { store } = ctx.site;
      const wanted = typeof args.login === 'string' ? store.findAccount(args.login) : undefined;
      const ids = wanted ? [wanted.id] : [s.repo.ownerId, ...s.repo.collaborators.keys()];
      const people = ids
        .map((id) => store.account(id))
        .filter(
          (a) =>
            a.type === 'User' &&
            store.permissionOf(s.repo, a.id) !== 'none' &&
            (wanted !== undefined || s.repo.collaborators.has(a.id)),
        );
      // Each node also carries the repository, for the edge's `permission`.
      return connection(
        people.map((account) => ({ ...actorSource(account), account, repo: s.repo })),
        args,
        info,
      );
    },
    labels: (s: RepoSource, args, _ctx, info) =>
      connection(
        [...s.repo.labels.values()].map((label) => ({ __typename: 'Label', label }) satisfies Source),
        args,
        info,
      ),
  },
  MergeQueue: {
    entries: (s: { repo: Repository; branch: string }, args, ctx, info) =>
      connection(
        ctx.site.store.mergeQueue
          .filter((e) => e.repoId === s.repo.id && e.baseRef === s.branch)
          .map((entry, i) => ({ __typename: 'MergeQueueEntry', entry, position: i + 1 }) satisfies Source),
        args,
        info,
      ),
  },
  MergeQueueEntry: {
    position: (s: { position: number }) => s.position,
    headCommit: (s: { entry: MergeQueueEntry }, _a, ctx) =>
      ({
        __typename: 'Commit',
        commit: ctx.site.store.commit(s.entry.headSha),
        repoId: s.entry.repoId,
      }) satisfies Source,
    pullRequest: (s: { entry: MergeQueueEntry }, _a, ctx) => {
      const pr = ctx.site.store.pull(s.entry.repoId, s.entry.pullNumber);
      return pr ? ({ __typename: 'PullRequest', pr } satisfies Source) : null;
    },
    enqueuedAt: (s: { entry: MergeQueueEntry }) => s.entry.enqueuedAt,
    state: () => 'AWAITING_CHECKS',
  },
  RepositoryCollaboratorEdge: {
    permission: (edge: { node: { account: Account; repo: Repository } }, _a, ctx) =>
      ctx.site.store.permissionOf(edge.node.repo, edge.node.account.id).toUpperCase(),
  },
  Ref: {
    id: (s: { repo: Repository; name: string }, _a, ctx) => ctx.site.store.nodeId('REF', s.repo.id) + s.name,
    name: (s: { name: string }) => s.name,
    prefix: () => 'refs/heads/',
    target: (s: { repo: Repository; name: string }, _a, ctx) => {
      const sha = s.repo.branches.get(s.name);
      return sha
        ? ({ __typename: 'Commit', commit: ctx.site.store.commit(sha), repoId: s.repo.id } satisfies Source)
        : null;
    },
    repository: (s: RepoSource) => ({ __typename: 'Repository', repo: s.repo }) satisfies Source,
  },
};
