import type {
  Account,
  ChangedFile,
  Commit,
  GitActor,
  Review,
  ReviewState,
  Signature,
} from '../core/snapshot.js';
import { mapActor, type WireActor } from './map-account.js';

/**
 * Wire shapes of graphql/pull-request.ts (what GitHub returns for exactly those selections)
 * and their mapping to snapshot values. Nullability follows GitHub's schema: anything the
 * schema allows to be null is typed so, and the fetcher decides what a null means.
 */

export interface WirePageInfo {
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export interface WireConnection<T> {
  readonly totalCount: number;
  readonly pageInfo: WirePageInfo;
  readonly nodes: readonly (T | null)[] | null;
}

/** An inner connection (inside a commit) that is completed by re-reading it from the start. */
export interface WireCountedList<T> {
  readonly totalCount: number;
  readonly nodes: readonly (T | null)[] | null;
}

export interface WireGitActor {
  readonly name: string | null;
  readonly email: string | null;
  readonly user: WireActor | null;
}

export interface WireSignature {
  readonly isValid: boolean;
  readonly state: string;
  readonly wasSignedByGitHub: boolean;
  readonly signer: WireActor | null;
}

export interface WireCommit {
  readonly oid: string;
  readonly message: string;
  readonly parents: WireCountedList<{ readonly oid: string }>;
  readonly author: WireGitActor | null;
  readonly committer: WireGitActor | null;
  readonly authors: WireCountedList<WireGitActor>;
  readonly signature: WireSignature | null;
}

export interface WireReview {
  readonly id: string;
  readonly author: WireActor | null;
  readonly state: string;
  readonly commit: { readonly oid: string } | null;
  readonly submittedAt: string | null;
  readonly authorAssociation: string;
  readonly authorCanPushToRepository: boolean;
}

export interface WireFile {
  readonly path: string;
  readonly changeType: string;
}

export interface WireComment {
  readonly databaseId: number | null;
  readonly viewerDidAuthor: boolean;
  readonly body: string;
}

export interface WireCheckRun {
  readonly databaseId: number | null;
  readonly externalId: string | null;
  readonly status: string;
  readonly conclusion: string | null;
  readonly title: string | null;
  readonly summary: string | null;
}

export interface WireCheckRunCommit {
  readonly oid: string;
  /** A commit status named like our check (anyone with write access can post one). */
  readonly status?: {
    readonly context: { readonly state: string; readonly creator: { readonly login: string } | null } | null;
  } | null;
  /** Every app's suites holding a run named like our check (ours included). */
  readonly namedSuites?: {
    readonly nodes: readonly ({
      readonly app: { readonly databaseId: number | null; readonly slug: string } | null;
    } | null)[];
  } | null;
  readonly checkSuites: {
    readonly nodes: readonly ({
      readonly checkRuns: { readonly nodes: readonly (WireCheckRun | null)[] | null } | null;
    } | null)[];
  } | null;
}

/** `file(path:)` on a commit; `object` is `{}` when the path is not a blob (a directory). */
export interface WirePolicyCommit {
  readonly oid?: string;
  readonly file?: {
    readonly object: { readonly text?: string | null; readonly isTruncated?: boolean } | null;
  } | null;
}

export interface WirePullRequest {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: 'OPEN' | 'CLOSED' | 'MERGED';
  readonly isDraft: boolean;
  readonly createdAt: string;
  readonly isCrossRepository: boolean;
  readonly baseRefName: string;
  readonly headRefName: string;
  readonly headRefOid: string;
  readonly changedFiles: number;
  readonly author: WireActor | null;
  readonly baseRef: { readonly target: WirePolicyCommit | null } | null;
  readonly assignees: WireConnection<WireActor>;
  readonly labels: WireConnection<{ readonly name: string }> | null;
  readonly commits: WireConnection<{ readonly commit: WireCommit }>;
  readonly headCommit: { readonly nodes: readonly ({ readonly commit: WireCheckRunCommit } | null)[] | null };
  readonly reviews: WireConnection<WireReview> | null;
  readonly files: WireConnection<WireFile> | null;
  readonly comments: WireConnection<WireComment>;
}

export interface WirePullRequestResponse {
  readonly repository: { readonly pullRequest: WirePullRequest | null } | null;
  readonly orgPolicy: {
    readonly defaultBranchRef: { readonly target: WirePolicyCommit | null } | null;
  } | null;
}

export function mapGitActor(actor: WireGitActor | null): GitActor {
  return { name: actor?.name ?? '', email: actor?.email ?? '', account: mapActor(actor?.user) };
}

function mapSignature(signature: WireSignature | null): Signature | null {
  if (!signature) return null;
  return {
    isValid: signature.isValid,
    state: signature.state,
    wasSignedByGitHub: signature.wasSignedByGitHub,
    signer: mapActor(signature.signer),
  };
}

/**
 * `authors` and `parents` must be complete lists here (the fetcher re-reads them when a
 * commit has more than the first page). `Commit.authors` is the git author followed by the
 * co-authors; the git author itself comes from `author`, which also carries the email as written.
 */
export function mapCommit(
  commit: WireCommit,
  authors: readonly WireGitActor[],
  parents: readonly { readonly oid: string }[],
): Commit {
  return {
    sha: commit.oid,
    parents: parents.map((parent) => parent.oid),
    author: mapGitActor(commit.author),
    committer: mapGitActor(commit.committer),
    coAuthors: authors.slice(1).map(mapGitActor),
    message: commit.message,
    signature: mapSignature(commit.signature),
  };
}

const REVIEW_STATES: ReadonlySet<string> = new Set<ReviewState>([
  'APPROVED',
  'CHANGES_REQUESTED',
  'COMMENTED',
  'DISMISSED',
  'PENDING',
]);

/** Null for a review state this code does not know (it then counts for nothing). */
export function mapReview(review: WireReview): Review | null {
  if (!REVIEW_STATES.has(review.state)) return null;
  return {
    id: review.id,
    author: mapActor(review.author),
    state: review.state as ReviewState,
    commitSha: review.commit?.oid ?? null,
    submittedAt: review.submittedAt,
    authorAssociation: review.authorAssociation,
  };
}

/** GraphQL has no previous path for renames; see fetch-pull-request.ts for how renames are completed. */
export function mapFile(file: WireFile, previousPath: string | null = null): ChangedFile {
  return { path: file.path, previousPath };
}

export function mapAssignee(assignee: WireActor): Account {
  return mapActor(assignee) as Account;
}
