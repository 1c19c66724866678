/**
 * The GraphQL documents of the read side. `PULL_REQUEST_QUERY` is the steady state: one
 * round trip returns the snapshot's facts, the base-branch and organisation policy texts, our
 * own check run on the head commit, the labels and our sticky comment. The `*_PAGE`
 * documents continue one connection each (with `$cursor`, as `@octokit/plugin-paginate-graphql`
 * expects) when a PR has more than 100 of something. Every export here is validated against
 * GitHub's published schema in test/github/graphql-schema.test.ts.
 *
 * Keep the field set tight: the local simulator implements exactly these fields.
 */

/** `databaseId` lives on the concrete types, not on the `Actor` interface. */
const ACTOR_FIELDS = `
fragment ActorFields on Actor {
  __typename
  login
  ... on User { databaseId }
  ... on Bot { databaseId }
  ... on Organization { databaseId }
  ... on Mannequin { databaseId }
}`;

const USER_FIELDS = `
fragment UserFields on User {
  __typename
  login
  databaseId
}`;

/** `authors` lists the git author first, then every `Co-authored-by` trailer GitHub resolved. */
const COMMIT_FIELDS = `
fragment GitActorFields on GitActor {
  name
  email
  user { ...UserFields }
}

fragment CommitFields on Commit {
  oid
  message
  parents(first: 5) { totalCount nodes { oid } }
  author { ...GitActorFields }
  committer { ...GitActorFields }
  authors(first: 10) { totalCount nodes { ...GitActorFields } }
  signature { isValid state wasSignedByGitHub signer { ...UserFields } }
}
${USER_FIELDS}`;

const REVIEW_FIELDS = `
fragment ReviewFields on PullRequestReview {
  id
  author { ...ActorFields }
  state
  commit { oid }
  submittedAt
  authorAssociation
  authorCanPushToRepository
}
${ACTOR_FIELDS}`;

const CHECK_RUN_FIELDS = `
fragment CheckRunFields on Commit {
  oid
  checkSuites(first: 10, filterBy: { appId: $appId }) {
    nodes {
      checkRuns(first: 10, filterBy: { checkName: $checkName }) {
        nodes { databaseId externalId status conclusion title summary }
      }
    }
  }
  status { context(name: $checkName) { state creator { login } } }
  namedSuites: checkSuites(first: 20, filterBy: { checkName: $checkName }) {
    nodes { app { databaseId slug } }
  }
}`;

const POLICY_BLOB = `
fragment PolicyBlob on Commit {
  file(path: $policyPath) { object { ... on Blob { text isTruncated } } }
}`;

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

export const PULL_REQUEST_QUERY = `
query CustodyPullRequest(
  $owner: String!
  $name: String!
  $number: Int!
  $policyPath: String!
  $appId: Int
  $checkName: String!
) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      number
      title
      body
      state
      isDraft
      createdAt
      isCrossRepository
      baseRefName
      headRefName
      headRefOid
      changedFiles
      author { ...ActorFields }
      baseRef { target { oid ...PolicyBlob } }
      assignees(first: 100) { totalCount ${PAGE_INFO} nodes { ...UserFields } }
      labels(first: 100) { totalCount ${PAGE_INFO} nodes { name } }
      commits(first: 100) { totalCount ${PAGE_INFO} nodes { commit { ...CommitFields } } }
      headCommit: commits(last: 1) { nodes { commit { ...CheckRunFields } } }
      reviews(first: 100) { totalCount ${PAGE_INFO} nodes { ...ReviewFields } }
      files(first: 100) { totalCount ${PAGE_INFO} nodes { path changeType } }
      comments(first: 100) { totalCount ${PAGE_INFO} nodes { databaseId viewerDidAuthor body } }
    }
  }
  orgPolicy: repository(owner: $owner, name: ".github") {
    defaultBranchRef { target { ...PolicyBlob } }
  }
}
${COMMIT_FIELDS}
${REVIEW_FIELDS}
${CHECK_RUN_FIELDS}
${POLICY_BLOB}`;

/** Wraps one connection of a pull request in a page query. */
function pullRequestPage(name: string, connection: string, fragments: string): string {
  return `
query ${name}($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      ${connection}(first: 100, after: $cursor) { totalCount ${PAGE_INFO} nodes { NODE } }
    }
  }
}
${fragments}`;
}

export const PULL_REQUEST_COMMITS_PAGE = pullRequestPage(
  'CustodyCommitsPage',
  'commits',
  COMMIT_FIELDS,
).replace('NODE', 'commit { ...CommitFields }');

export const PULL_REQUEST_REVIEWS_PAGE = pullRequestPage(
  'CustodyReviewsPage',
  'reviews',
  REVIEW_FIELDS,
).replace('NODE', '...ReviewFields');

export const PULL_REQUEST_FILES_PAGE = pullRequestPage('CustodyFilesPage', 'files', '').replace(
  'NODE',
  'path changeType',
);

export const PULL_REQUEST_LABELS_PAGE = pullRequestPage('CustodyLabelsPage', 'labels', '').replace(
  'NODE',
  'name',
);

export const PULL_REQUEST_ASSIGNEES_PAGE = pullRequestPage(
  'CustodyAssigneesPage',
  'assignees',
  USER_FIELDS,
).replace('NODE', '...UserFields');

export const PULL_REQUEST_COMMENTS_PAGE = pullRequestPage('CustodyCommentsPage', 'comments', '').replace(
  'NODE',
  'databaseId viewerDidAuthor body',
);

/** A commit with more than 10 authors (co-authors) or 5 parents is completed from the start. */
function commitPage(name: string, connection: string, node: string, fragments: string): string {
  return `
query ${name}($owner: String!, $name: String!, $oid: GitObjectID!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    object(oid: $oid) {
      ... on Commit { ${connection}(first: 100, after: $cursor) { totalCount ${PAGE_INFO} nodes { ${node} } } }
    }
  }
}
${fragments}`;
}

export const COMMIT_AUTHORS_PAGE = commitPage(
  'CustodyCommitAuthorsPage',
  'authors',
  '...GitActorFields',
  `fragment GitActorFields on GitActor { name email user { ...UserFields } }\n${USER_FIELDS}`,
);

export const COMMIT_PARENTS_PAGE = commitPage('CustodyCommitParentsPage', 'parents', 'oid', '');

/**
 * Our check run on the head commit, for the rare PR whose last listed commit is not its head
 * (GitHub orders PR commits by date, and dates are forgeable).
 */
export const HEAD_CHECK_RUN_QUERY = `
query CustodyHeadCheckRun($owner: String!, $name: String!, $oid: GitObjectID!, $appId: Int, $checkName: String!) {
  repository(owner: $owner, name: $name) {
    object(oid: $oid) { ...CheckRunFields }
  }
}
${CHECK_RUN_FIELDS}`;
