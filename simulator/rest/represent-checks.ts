import type { App, CheckRun, CheckSuite, GitCommit, Installation } from '../state/types.js';
import { type Json, retarget, type Site, TEMPLATES } from './examples.js';
import { restUser } from './represent.js';

/** REST (and webhook) representations of the app, its installation, check suites and check runs. */

export function restApp(site: Site, app: App): Json {
  const appTemplate = (TEMPLATES.checkSuite as { app: Json }).app;
  return {
    ...retarget(site, appTemplate, []),
    id: app.id,
    slug: app.slug,
    client_id: `Iv23sim${app.id}`,
    node_id: app.nodeId,
    owner: restUser(site, site.store.account(app.ownerId)),
    name: app.name,
    description: 'Chain of custody for pull requests touched by AI agents (simulated registration).',
    external_url: site.baseUrl,
    html_url: `${site.baseUrl}/apps/${app.slug}`,
    permissions: app.permissions ?? {
      checks: 'write',
      contents: 'write',
      issues: 'write',
      members: 'read',
      metadata: 'read',
      pull_requests: 'write',
    },
    events: app.events ? [...app.events] : [],
  };
}

function pullRefsFor(site: Site, repoId: number, sha: string): Json[] {
  const { store } = site;
  return store.pulls
    .filter(
      (p) => p.repoId === repoId && p.state === 'open' && p.headRepoId === repoId && store.headSha(p) === sha,
    )
    .map((p) => ({
      url: `${site.baseUrl}/api/v3/repos/${store.fullName(store.repo(repoId))}/pulls/${p.number}`,
      id: p.id,
      number: p.number,
      head: { ref: p.headRef, sha, repo: repoRef(site, p.headRepoId) },
      base: { ref: p.baseRef, sha: store.baseHeadSha(p), repo: repoRef(site, p.repoId) },
    }));
}

function repoRef(site: Site, repoId: number): Json {
  const repo = site.store.repo(repoId);
  return { id: repo.id, url: `${site.baseUrl}/api/v3/repos/${site.store.fullName(repo)}`, name: repo.name };
}

export function restCheckSuite(site: Site, suite: CheckSuite): Json {
  const { store } = site;
  const full = store.fullName(store.repo(suite.repoId));
  const runs = store.checkRuns.filter((r) => r.suiteId === suite.id);
  const done = runs.length > 0 && runs.every((r) => r.status === 'completed');
  const commit = store.commit(suite.headSha);
  return {
    ...retarget(site, TEMPLATES.checkSuite, [['Codertocat/Hello-World', full]]),
    id: suite.id,
    node_id: suite.nodeId,
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: done ? 'completed' : runs.length === 0 ? 'queued' : 'in_progress',
    conclusion: done ? (runs.find((r) => r.conclusion !== 'success')?.conclusion ?? 'success') : null,
    url: `${site.baseUrl}/api/v3/repos/${full}/check-suites/${suite.id}`,
    before: commit.parents[0] ?? '0000000000000000000000000000000000000000',
    after: suite.headSha,
    pull_requests: pullRefsFor(site, suite.repoId, suite.headSha),
    app: restApp(site, store.app(suite.appId)),
    created_at: suite.createdAt,
    updated_at: store.now(),
    latest_check_runs_count: runs.length,
    check_runs_url: `${site.baseUrl}/api/v3/repos/${full}/check-suites/${suite.id}/check-runs`,
    head_commit: headCommit(commit),
  };
}

function headCommit(commit: GitCommit): Json {
  return {
    id: commit.sha,
    tree_id: commit.sha,
    message: commit.message,
    timestamp: commit.committer.date,
    author: { name: commit.author.name, email: commit.author.email },
    committer: { name: commit.committer.name, email: commit.committer.email },
  };
}

export function restCheckRun(site: Site, run: CheckRun): Json {
  const { store } = site;
  const full = store.fullName(store.repo(run.repoId));
  const suite = store.checkSuites.find((s) => s.id === run.suiteId)!;
  return {
    ...retarget(site, TEMPLATES.checkRun, [['github/hello-world', full]]),
    id: run.id,
    node_id: run.nodeId,
    head_sha: run.headSha,
    external_id: run.externalId ?? '',
    url: `${site.baseUrl}/api/v3/repos/${full}/check-runs/${run.id}`,
    html_url: `${site.baseUrl}/${full}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${site.baseUrl}/apps/${store.app(run.appId).slug}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.title,
      summary: run.summary,
      text: run.text,
      annotations_count: 0,
      annotations_url: `${site.baseUrl}/api/v3/repos/${full}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    // The REST answer names the suite by id only; webhook payloads carry the whole suite.
    check_suite: { id: suite.id },
    app: restApp(site, store.app(run.appId)),
    pull_requests: pullRefsFor(site, run.repoId, run.headSha),
  };
}

export function restInstallation(site: Site, installation: Installation): Json {
  const { store } = site;
  const account = store.account(installation.accountId);
  const app = store.app(installation.appId);
  const created = Math.floor(Date.parse(installation.createdAt) / 1000);
  return {
    ...retarget(site, TEMPLATES.installation, [['957387', String(installation.id)]]),
    id: installation.id,
    account: restUser(site, account),
    repository_selection: 'selected',
    app_id: app.id,
    app_slug: app.slug,
    target_id: account.id,
    target_type: account.type,
    permissions: restApp(site, app).permissions,
    events: app.events ? [...app.events] : [],
    created_at: new Date(created * 1000).toISOString(),
    updated_at: new Date(created * 1000).toISOString(),
  };
}
