import type { Store } from '../state/store.js';
import type { Account, IssueComment, Label, PullRequest, Repository, Review } from '../state/types.js';
import { type Json, retarget, type Site, TEMPLATES } from './examples.js';
import { restApp } from './represent-checks.js';

/** REST (and webhook) representations of accounts, repositories, pull requests, reviews, labels and comments. */

export { example, type Site } from './examples.js';
export { restApp, restCheckRun, restCheckSuite, restInstallation } from './represent-checks.js';

export function restUser(site: Site, account: Account): Json {
  const login = encodeURIComponent(account.login);
  const user = retarget(site, TEMPLATES.user, [['/users/Codertocat', `/users/${login}`]]);
  return {
    ...user,
    login: account.login,
    id: account.id,
    node_id: account.nodeId,
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    html_url:
      account.type === 'Bot' ? `${site.baseUrl}/apps/${account.graphqlLogin}` : `${site.baseUrl}/${login}`,
    type: account.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** The signed-in user as `GET /user` shows them (GitHub's public-user, profile fields empty). */
export function restViewer(site: Site, account: Account): Json {
  return {
    ...restUser(site, account),
    name: account.name,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2020-01-01T00:00:00Z',
  };
}

/** A role as REST's `permissions` object (what a user's token sees of their access to a repository). */
export function restPermissions(role: string): Record<string, boolean> {
  return {
    admin: role === 'admin',
    maintain: role === 'admin' || role === 'maintain',
    push: ['admin', 'maintain', 'write'].includes(role),
    triage: role !== 'read' && role !== 'none',
    pull: role !== 'none',
  };
}

/** Where a representation goes: GitHub's REST answers and its webhook payloads differ in places. */
export type Form = 'rest' | 'webhook';

/** A repository as `GET /repos/{owner}/{repo}` shows it (full-repository: counts and custom properties). */
export function restFullRepo(site: Site, repo: Repository): Json {
  return { ...restRepo(site, repo, 'webhook'), network_count: 0, subscribers_count: 0 };
}

/**
 * A repository; `custom_properties` only in webhooks (which require it) and the full
 * repository: GitHub's REST `repository` (in lists, a pull request's head and base) has none.
 */
export function restRepo(site: Site, repo: Repository, form: Form = 'rest'): Json {
  const { store } = site;
  const owner = store.account(repo.ownerId);
  const full = store.fullName(repo);
  const openIssues = store.pulls.filter((p) => p.repoId === repo.id && p.state === 'open').length;
  const { custom_properties: customProperties, ...template } = retarget(site, TEMPLATES.repository, [
    ['Codertocat/Hello-World', full],
  ]);
  return {
    ...template,
    ...(form === 'webhook' ? { custom_properties: customProperties ?? {} } : {}),
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: full,
    private: repo.isPrivate,
    visibility: repo.isPrivate ? 'private' : 'public',
    owner: restUser(site, owner),
    default_branch: repo.defaultBranch,
    created_at: repo.createdAt,
    updated_at: store.now(),
    pushed_at: store.now(),
    open_issues_count: openIssues,
    open_issues: openIssues,
    // Newer than the example the template comes from; GitHub sends it on every repository.
    has_discussions: false,
  };
}

export function restLabel(site: Site, repo: Repository, label: Label): Json {
  return {
    ...TEMPLATES.label,
    id: label.id,
    node_id: label.nodeId,
    url: `${site.baseUrl}/api/v3/repos/${site.store.fullName(repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.isDefault,
    description: label.description,
  };
}

function authorAssociation(store: Store, repo: Repository, account: Account): string {
  if (repo.ownerId === account.id) return 'OWNER';
  const permission = repo.collaborators.get(account.id);
  if (permission)
    return store.teams.some((t) => t.orgId === repo.ownerId && t.members.has(account.id))
      ? 'MEMBER'
      : 'COLLABORATOR';
  if (store.teams.some((t) => t.orgId === repo.ownerId && t.members.has(account.id))) return 'MEMBER';
  return store.pulls.some((p) => p.repoId === repo.id && p.merged && p.authorId === account.id)
    ? 'CONTRIBUTOR'
    : 'NONE';
}

export function associationOf(store: Store, repo: Repository, account: Account): string {
  return authorAssociation(store, repo, account);
}

function branchRef(site: Site, repoId: number, ref: string, sha: string, form: Form): Json {
  const repo = site.store.repo(repoId);
  const owner = site.store.account(repo.ownerId);
  return {
    label: `${owner.login}:${ref}`,
    ref,
    sha,
    user: restUser(site, owner),
    repo: restRepo(site, repo, form),
  };
}

/** The fields of a full pull request that lists (`pull-request-simple`) leave out. */
const DETAIL_FIELDS = [
  'merged',
  'mergeable',
  'rebaseable',
  'mergeable_state',
  'merged_by',
  'comments',
  'review_comments',
  'maintainer_can_modify',
  'commits',
  'additions',
  'deletions',
  'changed_files',
];

/** A pull request as lists show it (`GET …/pulls`, `GET …/commits/{sha}/pulls`): no merge state or counts. */
export function restPullSimple(site: Site, pr: PullRequest): Json {
  const full = restPull(site, pr);
  return Object.fromEntries(Object.entries(full).filter(([key]) => !DETAIL_FIELDS.includes(key)));
}

export function restPull(site: Site, pr: PullRequest, form: Form = 'rest'): Json {
  const { store } = site;
  const repo = store.repo(pr.repoId);
  const full = store.fullName(repo);
  const author = store.account(pr.authorId);
  const head = store.headSha(pr);
  const files = store.pullFiles(pr);
  const assignees = pr.assigneeIds.map((id) => restUser(site, store.account(id)));
  const template = retarget(site, TEMPLATES.pullRequest, [
    ['Codertocat/Hello-World', full],
    ['/pull/2', `/pull/${pr.number}`],
    ['/pulls/2', `/pulls/${pr.number}`],
    ['/issues/2', `/issues/${pr.number}`],
    ['ec26c3e57ca3a959ca5aad62de7213c562f8c821', head],
  ]);
  return {
    ...template,
    id: pr.id,
    node_id: pr.nodeId,
    number: pr.number,
    state: pr.state,
    title: pr.title,
    body: pr.body === '' ? null : pr.body,
    user: restUser(site, author),
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.merged ? pr.closedAt : null,
    merge_commit_sha: null,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: [],
    requested_teams: [],
    labels: store.pullLabels(pr).map((l) => restLabel(site, repo, l)),
    head: branchRef(site, pr.headRepoId, pr.headRef, head, form),
    base: branchRef(site, pr.repoId, pr.baseRef, store.baseHeadSha(pr), form),
    author_association: associationOf(store, repo, author),
    draft: pr.draft,
    merged: pr.merged,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: store.issueComments(repo.id, pr.number).length,
    review_comments: 0,
    commits: store.pullCommits(pr).length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  };
}

export function restReview(site: Site, review: Review): Json {
  const { store } = site;
  const repo = store.repo(review.repoId);
  const full = store.fullName(repo);
  const author = store.account(review.authorId);
  return {
    ...retarget(site, TEMPLATES.review, [
      ['Codertocat/Hello-World', full],
      ['/pull/2#pullrequestreview-237895671', `/pull/${review.pullNumber}#pullrequestreview-${review.id}`],
      ['/pulls/2', `/pulls/${review.pullNumber}`],
    ]),
    id: review.id,
    node_id: review.nodeId,
    user: restUser(site, author),
    body: review.body === '' ? null : review.body,
    commit_id: review.commitSha,
    submitted_at: review.submittedAt,
    state: review.state.toLowerCase(),
    author_association: associationOf(store, repo, author),
  };
}

export function restComment(site: Site, comment: IssueComment): Json {
  const { store } = site;
  const repo = store.repo(comment.repoId);
  const full = store.fullName(repo);
  const author = store.account(comment.authorId);
  const app = comment.viaAppId === null ? null : store.app(comment.viaAppId);
  return {
    ...retarget(site, TEMPLATES.comment, [
      ['Codertocat/Hello-World', full],
      ['/issues/1#issuecomment-492700400', `/issues/${comment.issueNumber}#issuecomment-${comment.id}`],
      ['/issues/1', `/issues/${comment.issueNumber}`],
      ['492700400', String(comment.id)],
    ]),
    id: comment.id,
    node_id: comment.nodeId,
    user: restUser(site, author),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: associationOf(store, repo, author),
    performed_via_github_app: app ? restApp(site, app) : null,
    body: comment.body,
  };
}
