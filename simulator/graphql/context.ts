import type { GraphQLResolveInfo } from 'graphql';
import type { Caller } from '../http/auth.js';
import type { Site } from '../rest/represent.js';
import type {
  Account,
  App,
  CheckRun,
  CheckSuite,
  CommitStatus,
  GitCommit,
  GitIdentity,
  IssueComment,
  Label,
  MergeQueueEntry,
  PullRequest,
  Repository,
  Review,
  Team,
} from '../state/types.js';

export interface GqlContext {
  readonly site: Site;
  readonly caller: Caller;
  /** The account the query runs as: the app's bot for an installation token. */
  readonly viewer: Account;
  /** Repositories the caller may see. */
  readonly canSee: (repo: Repository) => boolean;
}

/**
 * The values resolvers pass around: a record of the state, tagged with its GraphQL type so
 * interfaces and unions resolve (`__typename`), and so nothing is mistaken for a GraphQL shape.
 */
export type Source =
  | { readonly __typename: 'Repository'; readonly repo: Repository }
  | { readonly __typename: 'Ref'; readonly repo: Repository; readonly name: string }
  | { readonly __typename: 'PullRequest'; readonly pr: PullRequest }
  | { readonly __typename: 'PullRequestCommit'; readonly pr: PullRequest; readonly commit: GitCommit }
  /** `repoId`: the repository it was reached through (a fork PR's commits live in the fork, their checks in the base). */
  | { readonly __typename: 'Commit'; readonly commit: GitCommit; readonly repoId?: number }
  | { readonly __typename: 'Blob'; readonly commit: GitCommit; readonly path: string; readonly text: string }
  | {
      readonly __typename: 'TreeEntry';
      readonly commit: GitCommit;
      readonly path: string;
      readonly text: string;
    }
  | { readonly __typename: 'GitActor'; readonly identity: GitIdentity }
  | { readonly __typename: 'GpgSignature' | 'SshSignature'; readonly commit: GitCommit }
  | { readonly __typename: 'User' | 'Bot' | 'Organization'; readonly account: Account }
  | { readonly __typename: 'PullRequestReview'; readonly review: Review }
  | { readonly __typename: 'IssueComment'; readonly comment: IssueComment }
  | { readonly __typename: 'Label'; readonly label: Label }
  | { readonly __typename: 'PullRequestChangedFile'; readonly file: ChangedFile }
  | { readonly __typename: 'CheckSuite'; readonly suite: CheckSuite }
  | { readonly __typename: 'CheckRun'; readonly run: CheckRun }
  | { readonly __typename: 'Status'; readonly repoId: number; readonly sha: string }
  | { readonly __typename: 'StatusContext'; readonly status: CommitStatus }
  | { readonly __typename: 'App'; readonly app: App }
  | { readonly __typename: 'Team'; readonly team: Team }
  | { readonly __typename: 'RateLimit' }
  | { readonly __typename: 'MergeQueue'; readonly repo: Repository; readonly branch: string }
  | { readonly __typename: 'MergeQueueEntry'; readonly entry: MergeQueueEntry; readonly position: number };

export interface ChangedFile {
  readonly path: string;
  readonly changeType: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly additions: number;
  readonly deletions: number;
}

// Resolvers receive the exact source for their type; `any` args mirror graphql-js's own typing.
// biome-ignore lint/suspicious/noExplicitAny: resolver arguments are validated by graphql-js against the schema.
export type Resolver = (source: any, args: any, ctx: GqlContext, info: GraphQLResolveInfo) => unknown;
export type ResolverMap = Record<string, Record<string, Resolver>>;

export function actorSource(account: Account): Source {
  const typename = account.type === 'Bot' ? 'Bot' : account.type === 'Organization' ? 'Organization' : 'User';
  return { __typename: typename, account };
}
