/**
 * The simulator's in-memory records. They model GitHub's own data (not any API shape): the
 * REST representations, GraphQL resolvers and webhook payloads are all derived from them.
 */

export type AccountType = 'User' | 'Bot' | 'Organization';

export interface Account {
  readonly id: number;
  /** The login REST and webhooks show (`copilot-swe-agent[bot]`, `Copilot`). */
  readonly login: string;
  /** The login GraphQL shows: no `[bot]` suffix, and Copilot's coding agent is `copilot-swe-agent`. */
  readonly graphqlLogin: string;
  readonly type: AccountType;
  readonly nodeId: string;
  readonly name: string | null;
  /** Verified emails GitHub links to this account (besides its noreply addresses). */
  readonly emails: readonly string[];
  /** Emails added to the account but never verified: GitHub links no commit to them. */
  readonly unverifiedEmails?: readonly string[];
}

export interface GitIdentity {
  readonly name: string;
  readonly email: string;
  readonly date: string;
}

export type SignatureState =
  | 'VALID'
  | 'UNSIGNED'
  | 'BAD_EMAIL'
  | 'UNKNOWN_KEY'
  | 'UNVERIFIED_EMAIL'
  | 'INVALID';

export interface CommitSignature {
  readonly kind: 'gpg' | 'ssh';
  readonly state: SignatureState;
  readonly signerId: number | null;
  readonly wasSignedByGitHub: boolean;
}

/** A tree is the whole content of the repository at a commit: path → text. */
export type Tree = Readonly<Record<string, string>>;

export interface GitCommit {
  readonly sha: string;
  readonly repoId: number;
  readonly parents: readonly string[];
  readonly author: GitIdentity;
  readonly committer: GitIdentity;
  readonly message: string;
  readonly signature: CommitSignature | null;
  readonly tree: Tree;
  /** When it reached GitHub (the push time). */
  readonly pushedAt: string;
}

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

export interface Label {
  readonly id: number;
  readonly nodeId: string;
  name: string;
  color: string;
  description: string | null;
  readonly isDefault: boolean;
}

export interface Repository {
  readonly id: number;
  readonly nodeId: string;
  readonly ownerId: number;
  readonly name: string;
  readonly isPrivate: boolean;
  readonly defaultBranch: string;
  readonly createdAt: string;
  /** branch name → head sha */
  readonly branches: Map<string, string>;
  /** lower-cased name → label */
  readonly labels: Map<string, Label>;
  /** account id → permission */
  readonly collaborators: Map<number, Permission>;
  /** The next issue/PR number. */
  nextNumber: number;
}

export type PullRequestState = 'open' | 'closed';

export interface PullRequest {
  readonly id: number;
  readonly nodeId: string;
  readonly repoId: number;
  readonly number: number;
  readonly authorId: number;
  /** The repository the head branch lives in (differs for forks). */
  readonly headRepoId: number;
  title: string;
  body: string;
  state: PullRequestState;
  merged: boolean;
  draft: boolean;
  baseRef: string;
  headRef: string;
  /** The base sha recorded at the last base change (what webhooks show as `base.sha`). */
  baseSha: string;
  assigneeIds: number[];
  /** lower-cased label names */
  labelNames: string[];
  readonly createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** The head when its branch was deleted (GitHub keeps showing it on the closed PR). */
  lastHeadSha?: string;
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface Review {
  readonly id: number;
  readonly nodeId: string;
  readonly repoId: number;
  readonly pullNumber: number;
  readonly authorId: number;
  state: ReviewState;
  readonly body: string;
  readonly commitSha: string;
  readonly submittedAt: string;
}

export interface IssueComment {
  readonly id: number;
  readonly nodeId: string;
  readonly repoId: number;
  readonly issueNumber: number;
  readonly authorId: number;
  /** The app that wrote it through an installation token, if any. */
  readonly viaAppId: number | null;
  body: string;
  readonly createdAt: string;
  updatedAt: string;
}

export type CheckStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
export type CheckConclusion =
  | 'action_required'
  | 'cancelled'
  | 'failure'
  | 'neutral'
  | 'success'
  | 'skipped'
  | 'stale'
  | 'timed_out';

export interface CheckSuite {
  readonly id: number;
  readonly nodeId: string;
  readonly repoId: number;
  readonly appId: number;
  readonly headSha: string;
  readonly headBranch: string | null;
  readonly createdAt: string;
}

export interface CheckRun {
  readonly id: number;
  readonly nodeId: string;
  readonly repoId: number;
  readonly suiteId: number;
  readonly appId: number;
  readonly headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  startedAt: string;
  completedAt: string | null;
  /** Every write, oldest first: lets tests see that a run was updated in place. */
  readonly history: Array<{
    at: string;
    status: CheckStatus;
    conclusion: CheckConclusion | null;
    title: string | null;
  }>;
}

export interface App {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly nodeId: string;
  readonly ownerId: number;
  readonly botId: number;
  readonly publicKeyPem: string;
  readonly webhookSecret: string;
  /** The OAuth client of the app (sign-in with GitHub). */
  readonly clientId: string;
  readonly clientSecret: string;
  webhookUrl: string | null;
  /** Events the app subscribed to; null means every event. */
  events: ReadonlySet<string> | null;
  /** Permissions the app requested (`app.yml` `default_permissions`); null means every permission. */
  permissions: Readonly<Record<string, 'read' | 'write'>> | null;
}

export interface Installation {
  readonly id: number;
  readonly appId: number;
  readonly accountId: number;
  readonly repoIds: number[];
  readonly createdAt: string;
}

export interface Team {
  readonly id: number;
  readonly nodeId: string;
  readonly orgId: number;
  readonly slug: string;
  readonly name: string;
  /** account id → role */
  readonly members: Map<number, 'member' | 'maintainer'>;
}

export type Credential =
  | { readonly kind: 'installation'; readonly installationId: number; readonly expiresAt: number }
  | { readonly kind: 'user'; readonly accountId: number };

export interface Delivery {
  readonly id: number;
  readonly guid: string;
  readonly event: string;
  readonly action: string | null;
  readonly installationId: number | null;
  readonly repositoryId: number | null;
  readonly redelivery: boolean;
  readonly deliveredAt: string;
  readonly requestHeaders: Record<string, string>;
  readonly body: string;
  status: string;
  statusCode: number;
  durationMs: number;
  responseBody: string;
}

/**
 * A commit status (the statuses API): any account with write access may post any context, the
 * name of a required check included, unless branch protection pins that check to an app.
 */
export interface CommitStatus {
  readonly id: number;
  readonly repoId: number;
  readonly sha: string;
  readonly context: string;
  readonly state: 'error' | 'failure' | 'pending' | 'success';
  readonly description: string | null;
  readonly creatorId: number;
  readonly createdAt: string;
}

/** A pull request waiting in a branch's merge queue, with the group commit GitHub built for it. */
export interface MergeQueueEntry {
  readonly repoId: number;
  readonly baseRef: string;
  readonly pullNumber: number;
  /** The merge-group commit: the base plus every entry up to this one. */
  readonly headSha: string;
  readonly enqueuedAt: string;
}

/** One API request the app (or a CLI) made: lets tests count calls per event. */
export interface ApiRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly kind: 'rest' | 'graphql';
  readonly auth: 'app' | 'installation' | 'user' | 'none';
  /** The GraphQL operation's name, when it has one. */
  operation?: string;
  status: number;
}
