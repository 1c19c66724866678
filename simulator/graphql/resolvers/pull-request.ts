import { associationOf } from '../../rest/represent.js';
import type { IssueComment, Label, PullRequest, Review } from '../../state/types.js';
import { connection } from '../connection.js';
import { actorSource, type ChangedFile, type GqlContext, type ResolverMap, type Source } from '../context.js';

type PrSource = { pr: PullRequest };

function prUrl(ctx: GqlContext, pr: PullRequest): string {
  return `${ctx.site.baseUrl}/${ctx.site.store.fullName(ctx.site.store.repo(pr.repoId))}/pull/${pr.number}`;
}

/** GitHub's `reviewDecision`: the latest opinionated review per reviewer decides. */
function reviewDecision(ctx: GqlContext, pr: PullRequest): string | null {
  const latest = new Map<number, Review>();
  for (const r of ctx.site.store.pullReviews(pr)) {
    if (r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED' || r.state === 'DISMISSED')
      latest.set(r.authorId, r);
  }
  const states = [...latest.values()].map((r) => r.state);
  if (states.includes('CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  if (states.includes('APPROVED')) return 'APPROVED';
  return 'REVIEW_REQUIRED';
}

export const pullRequestResolvers: ResolverMap = {
  PullRequest: {
    id: (s: PrSource) => s.pr.nodeId,
    databaseId: (s: PrSource) => s.pr.id,
    fullDatabaseId: (s: PrSource) => String(s.pr.id),
    number: (s: PrSource) => s.pr.number,
    title: (s: PrSource) => s.pr.title,
    body: (s: PrSource) => s.pr.body,
    bodyText: (s: PrSource) => s.pr.body,
    state: (s: PrSource) => (s.pr.merged ? 'MERGED' : s.pr.state.toUpperCase()),
    isDraft: (s: PrSource) => s.pr.draft,
    merged: (s: PrSource) => s.pr.merged,
    closed: (s: PrSource) => s.pr.state === 'closed',
    locked: () => false,
    url: (s: PrSource, _a, ctx) => prUrl(ctx, s.pr),
    permalink: (s: PrSource, _a, ctx) => prUrl(ctx, s.pr),
    createdAt: (s: PrSource) => s.pr.createdAt,
    updatedAt: (s: PrSource) => s.pr.updatedAt,
    closedAt: (s: PrSource) => s.pr.closedAt,
    mergedAt: (s: PrSource) => (s.pr.merged ? s.pr.closedAt : null),
    mergeable: () => 'UNKNOWN',
    reviewDecision: (s: PrSource, _a, ctx) => reviewDecision(ctx, s.pr),
    author: (s: PrSource, _a, ctx) => actorSource(ctx.site.store.account(s.pr.authorId)),
    authorAssociation: (s: PrSource, _a, ctx) =>
      associationOf(ctx.site.store, ctx.site.store.repo(s.pr.repoId), ctx.site.store.account(s.pr.authorId)),
    viewerDidAuthor: (s: PrSource, _a, ctx) => s.pr.authorId === ctx.viewer.id,
    repository: (s: PrSource, _a, ctx) =>
      ({ __typename: 'Repository', repo: ctx.site.store.repo(s.pr.repoId) }) satisfies Source,
    baseRepository: (s: PrSource, _a, ctx) =>
      ({ __typename: 'Repository', repo: ctx.site.store.repo(s.pr.repoId) }) satisfies Source,
    headRepository: (s: PrSource, _a, ctx) =>
      ({ __typename: 'Repository', repo: ctx.site.store.repo(s.pr.headRepoId) }) satisfies Source,
    headRepositoryOwner: (s: PrSource, _a, ctx) =>
      actorSource(ctx.site.store.account(ctx.site.store.repo(s.pr.headRepoId).ownerId)),
    isCrossRepository: (s: PrSource) => s.pr.headRepoId !== s.pr.repoId,
    baseRefName: (s: PrSource) => s.pr.baseRef,
    baseRefOid: (s: PrSource, _a, ctx) => ctx.site.store.baseHeadSha(s.pr),
    baseRef: (s: PrSource, _a, ctx) =>
      ({ __typename: 'Ref', repo: ctx.site.store.repo(s.pr.repoId), name: s.pr.baseRef }) satisfies Source,
    headRefName: (s: PrSource) => s.pr.headRef,
    headRefOid: (s: PrSource, _a, ctx) => ctx.site.store.headSha(s.pr),
    headRef: (s: PrSource, _a, ctx) =>
      ({
        __typename: 'Ref',
        repo: ctx.site.store.repo(s.pr.headRepoId),
        name: s.pr.headRef,
      }) satisfies Source,
    changedFiles: (s: PrSource, _a, ctx) => ctx.site.store.pullFiles(s.pr).length,
    additions: (s: PrSource, _a, ctx) => ctx.site.store.pullFiles(s.pr).reduce((n, f) => n + f.additions, 0),
    deletions: (s: PrSource, _a, ctx) => ctx.site.store.pullFiles(s.pr).reduce((n, f) => n + f.deletions, 0),
    // A UserConnection: bot assignees (Copilot) are only reachable through `assignedActors`.
    assignees: (s: PrSource, args, ctx, info) =>
      connection(
        s.pr.assigneeIds
          .map((id) => ctx.site.store.account(id))
          .filter((a) => a.type === 'User')
          .map(actorSource),
        args,
        info,
      ),
    assignedActors: (s: PrSource, args, ctx, info) =>
      connection(
        s.pr.assigneeIds.map((id) => actorSource(ctx.site.store.account(id))),
        args,
        info,
      ),
    labels: (s: PrSource, args, ctx, info) =>
      connection(
        ctx.site.store.pullLabels(s.pr).map((label) => ({ __typename: 'Label', label }) satisfies Source),
        args,
        info,
      ),
    commits: (s: PrSource, args, ctx, info) =>
      connection(
        ctx.site.store
          .pullCommits(s.pr)
          .map((commit) => ({ __typename: 'PullRequestCommit', pr: s.pr, commit }) satisfies Source),
        args,
        info,
      ),
    // GitHub lists at most 3,000 changed files in every API; `changedFiles` tells the true count.
    files: (s: PrSource, args, ctx, info) =>
      connection(
        ctx.site.store
          .pullFiles(s.pr)
          .slice(0, 3000)
          .map((file) => ({ __typename: 'PullRequestChangedFile', file }) satisfies Source),
        args,
        info,
      ),
    reviews: (s: PrSource, args, ctx, info) => {
      const states = (args.states as string[] | null | undefined) ?? null;
      const author = typeof args.author === 'string' ? ctx.site.store.findAccount(args.author) : undefined;
      const reviews = ctx.site.store
        .pullReviews(s.pr)
        .filter((r) => r.state !== 'PENDING' || r.authorId === ctx.viewer.id)
        .filter((r) => states === null || states.includes(r.state))
        .filter((r) => author === undefined || r.authorId === author.id);
      return connection(
        reviews.map((review) => ({ __typename: 'PullRequestReview', review }) satisfies Source),
        args,
        info,
      );
    },
    latestOpinionatedReviews: (s: PrSource, args, ctx, info) => {
      const latest = new Map<number, Review>();
      for (const r of ctx.site.store.pullReviews(s.pr)) {
        if (r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED' || r.state === 'DISMISSED')
          latest.set(r.authorId, r);
      }
      return connection(
        [...latest.values()].map((review) => ({ __typename: 'PullRequestReview', review }) satisfies Source),
        args,
        info,
      );
    },
    comments: (s: PrSource, args, ctx, info) =>
      connection(
        ctx.site.store
          .issueComments(s.pr.repoId, s.pr.number)
          .map((comment) => ({ __typename: 'IssueComment', comment }) satisfies Source),
        args,
        info,
      ),
  },
  PullRequestCommit: {
    id: (s: { pr: PullRequest; commit: { sha: string } }, _a, ctx) =>
      ctx.site.store.nodeId('PURC', s.pr.id) + s.commit.sha.slice(0, 8),
    commit: (s: Source & { __typename: 'PullRequestCommit' }) =>
      ({ __typename: 'Commit', commit: s.commit, repoId: s.pr.repoId }) satisfies Source,
    pullRequest: (s: PrSource) => ({ __typename: 'PullRequest', pr: s.pr }) satisfies Source,
    url: (s: { pr: PullRequest; commit: { sha: string } }, _a, ctx) =>
      `${prUrl(ctx, s.pr)}/commits/${s.commit.sha}`,
  },
  PullRequestChangedFile: {
    path: (s: { file: ChangedFile }) => s.file.path,
    changeType: (s: { file: ChangedFile }) => s.file.changeType,
    additions: (s: { file: ChangedFile }) => s.file.additions,
    deletions: (s: { file: ChangedFile }) => s.file.deletions,
  },
  PullRequestReview: {
    id: (s: { review: Review }) => s.review.nodeId,
    databaseId: (s: { review: Review }) => s.review.id,
    fullDatabaseId: (s: { review: Review }) => String(s.review.id),
    state: (s: { review: Review }) => s.review.state,
    body: (s: { review: Review }) => s.review.body,
    submittedAt: (s: { review: Review }) => s.review.submittedAt,
    createdAt: (s: { review: Review }) => s.review.submittedAt,
    updatedAt: (s: { review: Review }) => s.review.submittedAt,
    publishedAt: (s: { review: Review }) => s.review.submittedAt,
    author: (s: { review: Review }, _a, ctx) => actorSource(ctx.site.store.account(s.review.authorId)),
    authorAssociation: (s: { review: Review }, _a, ctx) =>
      associationOf(
        ctx.site.store,
        ctx.site.store.repo(s.review.repoId),
        ctx.site.store.account(s.review.authorId),
      ),
    viewerDidAuthor: (s: { review: Review }, _a, ctx) => s.review.authorId === ctx.viewer.id,
    authorCanPushToRepository: (s: { review: Review }, _a, ctx) => {
      const { store } = ctx.site;
      const role = store.permissionOf(store.repo(s.review.repoId), s.review.authorId);
      return role === 'admin' || role === 'maintain' || role === 'write';
    },
    commit: (s: { review: Review }, _a, ctx) => {
      const commit = ctx.site.store.commits.get(s.review.commitSha);
      return commit ? ({ __typename: 'Commit', commit, repoId: s.review.repoId } satisfies Source) : null;
    },
    pullRequest: (s: { review: Review }, _a, ctx) =>
      ({
        __typename: 'PullRequest',
        pr: ctx.site.store.pull(s.review.repoId, s.review.pullNumber)!,
      }) satisfies Source,
    url: (s: { review: Review }, _a, ctx) =>
      `${prUrl(ctx, ctx.site.store.pull(s.review.repoId, s.review.pullNumber)!)}#pullrequestreview-${s.review.id}`,
  },
  IssueComment: {
    id: (s: { comment: IssueComment }) => s.comment.nodeId,
    databaseId: (s: { comment: IssueComment }) => s.comment.id,
    fullDatabaseId: (s: { comment: IssueComment }) => String(s.comment.id),
    body: (s: { comment: IssueComment }) => s.comment.body,
    bodyText: (s: { comment: IssueComment }) => s.comment.body,
    createdAt: (s: { comment: IssueComment }) => s.comment.createdAt,
    updatedAt: (s: { comment: IssueComment }) => s.comment.updatedAt,
    isMinimized: () => false,
    author: (s: { comment: IssueComment }, _a, ctx) =>
      actorSource(ctx.site.store.account(s.comment.authorId)),
    authorAssociation: (s: { comment: IssueComment }, _a, ctx) =>
      associationOf(
        ctx.site.store,
        ctx.site.store.repo(s.comment.repoId),
        ctx.site.store.account(s.comment.authorId),
      ),
    viewerDidAuthor: (s: { comment: IssueComment }, _a, ctx) => s.comment.authorId === ctx.viewer.id,
    viewerCanUpdate: (s: { comment: IssueComment }, _a, ctx) => s.comment.authorId === ctx.viewer.id,
    url: (s: { comment: IssueComment }, _a, ctx) =>
      `${ctx.site.baseUrl}/${ctx.site.store.fullName(ctx.site.store.repo(s.comment.repoId))}/pull/${s.comment.issueNumber}#issuecomment-${s.comment.id}`,
  },
  Label: {
    id: (s: { label: Label }) => s.label.nodeId,
    name: (s: { label: Label }) => s.label.name,
    color: (s: { label: Label }) => s.label.color,
    description: (s: { label: Label }) => s.label.description,
    isDefault: (s: { label: Label }) => s.label.isDefault,
  },
};
