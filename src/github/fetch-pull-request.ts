import { POLICY_PATH } from '../core/policy/schema.js';
import { type Commit, SNAPSHOT_SCHEMA_VERSION, Snapshot } from '../core/snapshot.js';
import {
  COMMIT_AUTHORS_PAGE,
  COMMIT_PARENTS_PAGE,
  HEAD_CHECK_RUN_QUERY,
  PULL_REQUEST_ASSIGNEES_PAGE,
  PULL_REQUEST_COMMENTS_PAGE,
  PULL_REQUEST_COMMITS_PAGE,
  PULL_REQUEST_FILES_PAGE,
  PULL_REQUEST_LABELS_PAGE,
  PULL_REQUEST_QUERY,
  PULL_REQUEST_REVIEWS_PAGE,
} from './graphql/pull-request.js';
import { IncompleteDataError, PullRequestNotFoundError, RETRY_HINT } from './incomplete-data-error.js';
import type { PolicyTexts } from './load-policy.js';
import { mapActor } from './map-account.js';
import { decodeExternalId } from './map-external-id.js';
import {
  accessFromReviews,
  foreignChecksOf,
  latestCheckRun,
  type PublishedCheckRun,
  type PublishedState,
  policyText,
  stickyComment,
} from './map-published-state.js';
import {
  mapAssignee,
  mapCommit,
  mapFile,
  mapReview,
  type WireCheckRunCommit,
  type WireCommit,
  type WireFile,
  type WireGitActor,
  type WirePullRequestResponse,
} from './map-pull-request.js';
import {
  type Connection,
  type GraphqlError,
  type GraphqlOctokit,
  queryGraphql,
  readAllPages,
} from './octokit-types.js';

export interface PullRequestRef {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

export interface FetchedPullRequest {
  /** `reviewerAccess` holds what the reviews say (`write` or `read`); fetchReviewerAccess refines it. */
  readonly snapshot: Snapshot;
  /** `.github/custody.yml` at the head of the base branch, and at the default branch of the org's `.github` repository. */
  readonly policyTexts: PolicyTexts;
  readonly published: PublishedState;
}

export interface FetchPullRequestOptions {
  /** Our app's id: only its check suites are read. Without it (the CLI) any app's run of that name is read. */
  readonly appId?: number;
  readonly checkName: string;
}

/** The `$cursor` document that continues each list of the pull request past its first page. */
const LIST_PAGES = {
  commits: PULL_REQUEST_COMMITS_PAGE,
  reviews: PULL_REQUEST_REVIEWS_PAGE,
  files: PULL_REQUEST_FILES_PAGE,
  labels: PULL_REQUEST_LABELS_PAGE,
  assignees: PULL_REQUEST_ASSIGNEES_PAGE,
  comments: PULL_REQUEST_COMMENTS_PAGE,
} as const;

/** GitHub lists at most 3,000 changed files of a pull request, in every API. */
export const MAX_PULL_REQUEST_FILES = 3000;

/** The organisation may have no `.github` repository: that is an answer, not an error. */
/** NOT_FOUND errors that leave a `null` to be judged below, not a failed request. */
function isToleratedMissing(error: GraphqlError): boolean {
  if (error.type !== 'NOT_FOUND') return false;
  const path = error.path ?? [];
  // The pull request itself only: a NOT_FOUND inside it (an author's account) is partial data.
  return (
    path[0] === 'orgPolicy' || (path.length === 2 && path[0] === 'repository' && path[1] === 'pullRequest')
  );
}

/**
 * Every fact one evaluation needs, bound to the head SHA GitHub returns (the caller compares
 * it with the event's). One GraphQL request for PRs of up to 100 commits, reviews, files,
 * labels, assignees and comments; beyond that each connection is read to its end. Throws
 * IncompleteDataError rather than return anything partial.
 */
export async function fetchPullRequest(
  octokit: GraphqlOctokit,
  ref: PullRequestRef,
  options: FetchPullRequestOptions,
): Promise<FetchedPullRequest> {
  const label = `${ref.owner}/${ref.repo}#${ref.number}`;
  const data = await queryGraphql<WirePullRequestResponse>(
    octokit,
    PULL_REQUEST_QUERY,
    {
      owner: ref.owner,
      name: ref.repo,
      number: ref.number,
      policyPath: POLICY_PATH,
      appId: options.appId ?? null,
      checkName: options.checkName,
    },
    `pull request ${label}`,
    isToleratedMissing,
  );
  const pr = data.repository?.pullRequest;
  if (!pr) {
    throw new PullRequestNotFoundError(
      `GitHub returned no pull request ${label}: it does not exist or the app cannot see it.`,
    );
  }
  if (pr.changedFiles > MAX_PULL_REQUEST_FILES) {
    throw new IncompleteDataError(
      `${label} changes ${pr.changedFiles} files, more than the ${MAX_PULL_REQUEST_FILES} GitHub lists, so Custody cannot see every changed path and decides nothing. Re-running will not change that: split the pull request into ones of at most ${MAX_PULL_REQUEST_FILES} files to get a verdict.`,
      [],
      true,
    );
  }
  if (!pr.baseRef) {
    throw new IncompleteDataError(
      `The base branch ${pr.baseRefName} of ${label} no longer exists, so its policy cannot be read; retarget the pull request.`,
    );
  }

  const policyTexts = {
    repo: policyText(pr.baseRef.target, `${POLICY_PATH} on ${pr.baseRefName}`),
    org: policyText(data.orgPolicy?.defaultBranchRef?.target, `${ref.owner}/.github:${POLICY_PATH}`),
    baseRef: pr.baseRefName,
    // NOT_FOUND (tolerated above) leaves it null: absent, or the app is not installed on it.
    orgReadable: data.orgPolicy != null,
  };

  // One list after another on purpose: GitHub's secondary limits punish bursts more than latency.
  const variables = { owner: ref.owner, name: ref.repo, number: ref.number };
  const readList = <T>(key: keyof typeof LIST_PAGES, first: Connection<T> | null) =>
    readAllPages<T>(octokit, first, `${key} of ${label}`, {
      document: LIST_PAGES[key],
      variables,
      select: (response: { repository?: { pullRequest?: Record<string, unknown> | null } | null }) =>
        response.repository?.pullRequest?.[key] as never,
    });
  const commitNodes = await readList('commits', pr.commits);
  const reviews = await readList('reviews', pr.reviews);
  const files = await readList('files', pr.files);
  if (files.length < pr.changedFiles) {
    throw new IncompleteDataError(
      `GitHub listed ${files.length} of the ${pr.changedFiles} changed files of ${label}, so Custody decides nothing on a partial list. ${RETRY_HINT}`,
    );
  }
  const labels = (await readList('labels', pr.labels)).map((l) => l.name);
  const assignees = await readList('assignees', pr.assignees);
  const comments = await readList('comments', pr.comments);

  const commits = await completeCommits(
    octokit,
    ref,
    commitNodes.map((node) => node.commit),
  );
  const previousPaths = await readPreviousPaths(octokit, ref, files);
  const head = await readHeadCheckRuns(
    octokit,
    ref,
    pr.headRefOid,
    pr.headCommit.nodes?.[0]?.commit,
    options,
  );
  const checkRun = latestCheckRun(head);

  const snapshot = Snapshot.parse({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    repo: { owner: ref.owner, name: ref.repo },
    pullRequest: {
      number: pr.number,
      title: pr.title,
      body: pr.body,
      state: pr.state,
      isDraft: pr.isDraft,
      createdAt: pr.createdAt,
      baseRef: pr.baseRefName,
      baseSha: pr.baseRef.target?.oid ?? null,
      headRef: pr.headRefName,
      headSha: pr.headRefOid,
      isFork: pr.isCrossRepository,
      opener: mapActor(pr.author),
      assignees: assignees.map(mapAssignee),
      labels,
    },
    commits,
    // A PENDING review is a draft only its author sees: not submitted, so not a fact.
    reviews: reviews
      .filter((review) => review.state !== 'PENDING')
      .flatMap((review) => mapReview(review) ?? []),
    files: files.map((file) => mapFile(file, previousPaths.get(file.path) ?? null)),
    pusher: pusherOf(checkRun),
    reviewerAccess: accessFromReviews(reviews),
    foreignChecks: foreignChecksOf(head, options.appId, options.checkName),
  });
  return { snapshot, policyTexts, published: { checkRun, comment: stickyComment(comments), labels } };
}

/** A commit with more co-authors or parents than the first page holds is re-read from the start. */
async function completeCommits(
  octokit: GraphqlOctokit,
  ref: PullRequestRef,
  commits: readonly WireCommit[],
): Promise<Commit[]> {
  const seen = new Set<string>();
  const complete: Commit[] = [];
  for (const commit of commits) {
    if (seen.has(commit.oid)) {
      throw new IncompleteDataError(
        `GitHub listed commit ${commit.oid} twice; the commit list shifted while being read. ${RETRY_HINT}`,
      );
    }
    seen.add(commit.oid);
    const variables = { owner: ref.owner, name: ref.repo, oid: commit.oid };
    const select =
      (key: string) => (response: { repository?: { object?: Record<string, unknown> | null } | null }) =>
        response.repository?.object?.[key] as never;
    const restart = <T>(list: { totalCount: number; nodes: readonly (T | null)[] | null }) =>
      list.nodes && list.nodes.length >= list.totalCount
        ? { ...list, pageInfo: { hasNextPage: false, endCursor: null } }
        : { totalCount: list.totalCount, nodes: [], pageInfo: { hasNextPage: true, endCursor: null } };
    const authors = await readAllPages<WireGitActor>(
      octokit,
      restart(commit.authors),
      `authors of commit ${commit.oid}`,
      {
        document: COMMIT_AUTHORS_PAGE,
        variables,
        select: select('authors'),
      },
    );
    const parents = await readAllPages<{ oid: string }>(
      octokit,
      restart(commit.parents),
      `parents of commit ${commit.oid}`,
      {
        document: COMMIT_PARENTS_PAGE,
        variables,
        select: select('parents'),
      },
    );
    complete.push(mapCommit(commit, authors, parents));
  }
  return complete;
}

/**
 * GraphQL has no previous path for a rename, and a rename can move a file out of a path rule's
 * reach. Only when a PR renames something, REST's file list (which has `previous_filename`) is
 * read until every rename is resolved.
 */
async function readPreviousPaths(
  octokit: GraphqlOctokit,
  ref: PullRequestRef,
  files: readonly WireFile[],
): Promise<Map<string, string>> {
  const renamed = new Set(files.filter((file) => file.changeType === 'RENAMED').map((file) => file.path));
  const previous = new Map<string, string>();
  for (let page = 1; previous.size < renamed.size && page <= MAX_PULL_REQUEST_FILES / 100; page++) {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
      owner: ref.owner,
      repo: ref.repo,
      pull_number: ref.number,
      per_page: 100,
      page,
    });
    for (const file of data) {
      if (file.previous_filename && renamed.has(file.filename))
        previous.set(file.filename, file.previous_filename);
    }
    if (data.length < 100) break;
  }
  if (previous.size < renamed.size) {
    throw new IncompleteDataError(
      `GitHub did not say where ${renamed.size - previous.size} renamed file(s) of ${ref.owner}/${ref.repo}#${ref.number} came from. ${RETRY_HINT}`,
    );
  }
  return previous;
}

/** Our check run sits on the head commit; the PR's last listed commit is it, except when dates were forged. */
async function readHeadCheckRuns(
  octokit: GraphqlOctokit,
  ref: PullRequestRef,
  headSha: string,
  lastCommit: WireCheckRunCommit | undefined,
  options: FetchPullRequestOptions,
): Promise<WireCheckRunCommit> {
  let head = lastCommit;
  if (head?.oid !== headSha) {
    const data = await queryGraphql<{ repository: { object: WireCheckRunCommit | null } | null }>(
      octokit,
      HEAD_CHECK_RUN_QUERY,
      {
        owner: ref.owner,
        name: ref.repo,
        oid: headSha,
        appId: options.appId ?? null,
        checkName: options.checkName,
      },
      `check runs of ${headSha}`,
    );
    head = data.repository?.object ?? undefined;
  }
  if (!head?.checkSuites) {
    throw new IncompleteDataError(
      `GitHub returned no check suites for head commit ${headSha}. ${RETRY_HINT}`,
    );
  }
  return head;
}

/** Who pushed the head, as our check run on it recorded; the event's pusher is merged in later. */
function pusherOf(checkRun: PublishedCheckRun | null): Snapshot['pusher'] {
  const stored = decodeExternalId(checkRun?.externalId);
  return stored ? { account: stored, source: 'check-run' } : null;
}
