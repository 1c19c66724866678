import { createHash } from 'node:crypto';
import { requireCaller, requireRepoAccess } from '../http/auth.js';
import { HttpError, notFound, paginate, type RouteRequest, type Router } from '../http/router.js';
import type { Sim } from '../sim.js';
import type { PullRequest, Repository } from '../state/types.js';
import {
  restFullRepo,
  restPermissions,
  restPull,
  restPullSimple,
  restReview,
  restUser,
} from './represent.js';

function repoOf(sim: Sim, req: RouteRequest): Repository {
  return requireRepoAccess(sim.store, req.caller, sim.store.findRepo(req.params.owner!, req.params.repo!));
}

/** git's blob id: sha1 of `blob <size>\0<content>`. */
function blobSha(text: string): string {
  const bytes = Buffer.from(text);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** GitHub wraps base64 content at 60 characters. */
function base64Lines(text: string): string {
  return (
    (
      Buffer.from(text)
        .toString('base64')
        .match(/.{1,60}/g) ?? []
    ).join('\n') + '\n'
  );
}

/** REST `permission` folds the fine-grained roles: maintain → write, triage → read. */
function legacyPermission(role: string): string {
  if (role === 'maintain') return 'write';
  if (role === 'triage') return 'read';
  return role;
}

export function registerRepoRoutes(router: Router, sim: Sim): void {
  const { store, site } = sim;

  router.on('GET', '/repos/:owner/:repo', (req) => {
    const repo = repoOf(sim, req);
    // A user's token also sees the user's own permissions on the repository (a GitHub App's
    // user token: what the custody pages check read access and override permission with).
    if (req.caller.kind !== 'user') return { status: 200, body: restFullRepo(site, repo) };
    const role = store.permissionOf(repo, req.caller.account.id);
    return { status: 200, body: { ...restFullRepo(site, repo), permissions: restPermissions(role) } };
  });

  router.on('GET', '/user/memberships/orgs/:org', (req) => {
    const caller = requireCaller(req.caller);
    const org = store.findAccount(req.params.org!);
    if (caller.kind !== 'user' || !org || org.type !== 'Organization') throw notFound();
    // Members of the organisation are its owners and the members of its teams (the seeded world has no other).
    const owner = store.orgOwners.get(org.id)?.has(caller.account.id) ?? false;
    const member = owner || store.teams.some((t) => t.orgId === org.id && t.members.has(caller.account.id));
    if (!member) throw notFound();
    const api = `${site.baseUrl}/api/v3`;
    return {
      status: 200,
      body: {
        url: `${api}/orgs/${org.login}/memberships/${caller.account.login}`,
        state: 'active',
        role: owner ? 'admin' : 'member',
        organization_url: `${api}/orgs/${org.login}`,
        organization: {
          login: org.login,
          id: org.id,
          node_id: store.nodeId('O', org.id),
          url: `${api}/orgs/${org.login}`,
          repos_url: `${api}/orgs/${org.login}/repos`,
          events_url: `${api}/orgs/${org.login}/events`,
          hooks_url: `${api}/orgs/${org.login}/hooks`,
          issues_url: `${api}/orgs/${org.login}/issues`,
          members_url: `${api}/orgs/${org.login}/members{/member}`,
          public_members_url: `${api}/orgs/${org.login}/public_members{/member}`,
          avatar_url: `${site.baseUrl}/avatars/${org.login}`,
          description: null,
        },
        user: restUser(site, caller.account),
      },
    };
  });

  router.on('GET', '/repos/:owner/:repo/contents/*path', (req) => {
    const repo = repoOf(sim, req);
    const ref = req.query.get('ref') ?? repo.defaultBranch;
    const sha = store.resolveRef(repo, ref);
    if (!sha) {
      throw new HttpError(404, {
        message: `No commit found for the ref ${ref}`,
        documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content',
        status: '404',
      });
    }
    const tree = store.commit(sha).tree;
    const path = req.params.path!.replace(/\/$/, '');
    const full = store.fullName(repo);
    const entry = (p: string) => ({
      name: p.split('/').at(-1),
      path: p,
      sha: blobSha(tree[p]!),
      size: Buffer.byteLength(tree[p]!),
      url: `${site.baseUrl}/api/v3/repos/${full}/contents/${p}?ref=${encodeURIComponent(ref)}`,
      html_url: `${site.baseUrl}/${full}/blob/${ref}/${p}`,
      git_url: `${site.baseUrl}/api/v3/repos/${full}/git/blobs/${blobSha(tree[p]!)}`,
      download_url: `${site.baseUrl}/${full}/raw/${ref}/${p}`,
      type: 'file',
    });
    const text = tree[path];
    if (text !== undefined) {
      const e = entry(path);
      return {
        status: 200,
        body: {
          ...e,
          content: base64Lines(text),
          encoding: 'base64',
          _links: { self: e.url, git: e.git_url, html: e.html_url },
        },
      };
    }
    const children = Object.keys(tree).filter(
      (p) => p.startsWith(`${path}/`) && !p.slice(path.length + 1).includes('/'),
    );
    if (children.length === 0) throw notFound();
    return { status: 200, body: children.sort().map(entry) };
  });

  router.on('GET', '/repos/:owner/:repo/collaborators/:username/permission', (req) => {
    const repo = repoOf(sim, req);
    const account = store.findAccount(req.params.username!);
    if (!account) {
      throw new HttpError(404, {
        message: `${req.params.username} is not a user`,
        documentation_url:
          'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user',
        status: '404',
      });
    }
    const role = store.permissionOf(repo, account.id);
    const permission = legacyPermission(role);

    return {
      status: 200,
      body: {
        permission,
        role_name: role,
        user: {
          ...restUser(site, account),
          permissions: restPermissions(role),
          role_name: role,
        },
      },
    };
  });

  router.on('GET', '/repos/:owner/:repo/commits/:ref', (req) => {
    const repo = repoOf(sim, req);
    const sha = store.resolveRef(repo, req.params.ref!);
    if (!sha)
      throw new HttpError(422, { message: `No commit found for SHA: ${req.params.ref}`, status: '422' });
    const c = store.commit(sha);
    const account = (email: string) => {
      const a = store.accountForEmail(email);
      return a ? restUser(site, a) : null;
    };
    return {
      status: 200,
      body: {
        sha: c.sha,
        node_id: store.nodeId('C', 0) + c.sha,
        commit: {
          author: c.author,
          committer: c.committer,
          message: c.message,
          verification: {
            verified: c.signature?.state === 'VALID',
            reason: c.signature ? c.signature.state.toLowerCase() : 'unsigned',
            signature: null,
            payload: null,
          },
        },
        author: account(c.author.email),
        committer: account(c.committer.email),
        parents: c.parents.map((p) => ({ sha: p })),
      },
    };
  });

  router.on('GET', '/orgs/:org/teams/:slug/memberships/:username', (req) => {
    requireCaller(req.caller);
    const org = store.findAccount(req.params.org!);
    const team = org ? store.teams.find((t) => t.orgId === org.id && t.slug === req.params.slug) : undefined;
    const account = store.findAccount(req.params.username!);
    const role = team && account ? team.members.get(account.id) : undefined;
    if (!team || !account || !role) throw notFound();
    return {
      status: 200,
      body: {
        url: `${site.baseUrl}/api/v3/teams/${team.id}/memberships/${account.login}`,
        role,
        state: 'active',
      },
    };
  });

  router.on('GET', '/repos/:owner/:repo/pulls', (req) => {
    const repo = repoOf(sim, req);
    const state = req.query.get('state') ?? 'open';
    const base = req.query.get('base');
    const head = req.query.get('head');
    let pulls = store.pulls.filter((p) => p.repoId === repo.id);
    if (state !== 'all') pulls = pulls.filter((p) => p.state === state);
    if (base) pulls = pulls.filter((p) => p.baseRef === base);
    if (head) {
      const [owner, branch] = head.includes(':') ? head.split(':') : [null, head];
      pulls = pulls.filter(
        (p) =>
          p.headRef === branch &&
          (owner === null ||
            store.account(store.repo(p.headRepoId).ownerId).login.toLowerCase() === owner!.toLowerCase()),
      );
    }
    pulls = req.query.get('direction') === 'asc' ? pulls : [...pulls].reverse();
    const { page, headers } = paginate(req, pulls);
    return { status: 200, headers, body: page.map((p) => restPullSimple(site, p)) };
  });

  router.on('GET', '/repos/:owner/:repo/pulls/:number', (req) => {
    const repo = repoOf(sim, req);
    const pr = store.pull(repo.id, Number(req.params.number));
    if (!pr) throw notFound();
    return { status: 200, body: restPull(site, pr) };
  });

  router.on('GET', '/repos/:owner/:repo/pulls/:number/reviews', (req) => {
    const repo = repoOf(sim, req);
    const pr = store.pull(repo.id, Number(req.params.number));
    if (!pr) throw notFound();
    const { page, headers } = paginate(req, store.pullReviews(pr));
    return { status: 200, headers, body: page.map((r) => restReview(site, r)) };
  });

  // REST lists at most 3,000 files of a PR (GitHub's documented cap).
  router.on('GET', '/repos/:owner/:repo/pulls/:number/files', (req) => {
    const repo = repoOf(sim, req);
    const pr = store.pull(repo.id, Number(req.params.number));
    if (!pr) throw notFound();
    const full = store.fullName(repo);
    const head = store.headSha(pr);
    const files = store
      .pullFiles(pr)
      .slice(0, 3000)
      .map((f) => ({
        sha: blobSha(store.commit(head).tree[f.path] ?? ''),
        filename: f.path,
        status: f.changeType === 'ADDED' ? 'added' : f.changeType === 'DELETED' ? 'removed' : 'modified',
        additions: f.additions,
        deletions: f.deletions,
        changes: f.additions + f.deletions,
        blob_url: `${site.baseUrl}/${full}/blob/${head}/${f.path}`,
        raw_url: `${site.baseUrl}/${full}/raw/${head}/${f.path}`,
        contents_url: `${site.baseUrl}/api/v3/repos/${full}/contents/${f.path}?ref=${head}`,
      }));
    const { page, headers } = paginate(req, files);
    return { status: 200, headers, body: page };
  });

  // Open PRs whose head is this commit, then merged PRs that contain it (GitHub's order).
  router.on('GET', '/repos/:owner/:repo/commits/:sha/pulls', (req) => {
    const repo = repoOf(sim, req);
    const sha = store.resolveRef(repo, req.params.sha!);
    if (!sha)
      throw new HttpError(422, { message: `No commit found for SHA: ${req.params.sha}`, status: '422' });
    const contains = (p: PullRequest) => store.ancestors(store.headSha(p)).has(sha);
    const pulls = store.pulls.filter(
      (p) => p.repoId === repo.id && (p.state === 'open' || p.merged) && contains(p),
    );
    const { page, headers } = paginate(req, pulls);
    return { status: 200, headers, body: page.map((p) => restPullSimple(site, p)) };
  });
}
