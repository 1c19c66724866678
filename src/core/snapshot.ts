import { z } from 'zod';

/**
 * The snapshot: every fact a decision needs about one pull request at one head commit.
 * Plain, immutable, serialisable data. The shell builds it (github/fetch-snapshot.ts); the
 * core only reads it. Bump SNAPSHOT_SCHEMA_VERSION on any incompatible change.
 */
export const SNAPSHOT_SCHEMA_VERSION = 1;

export const AccountType = z
  .enum(['User', 'Bot', 'Organization', 'Mannequin', 'EnterpriseUserAccount', 'Unknown'])
  .meta({ description: 'GraphQL __typename of the account (`Unknown` when GitHub did not say).' });

export const Account = z
  .object({
    login: z.string().meta({
      description:
        'Login as GraphQL reports it, without the `[bot]` suffix REST adds (normalised once, at the border).',
    }),
    id: z.number().int().nullable().meta({
      description: 'Numeric database id (`databaseId`); the strongest identity. Null when unknown.',
    }),
    type: AccountType,
  })
  .meta({ id: 'Account', description: 'A GitHub account.' });
export type Account = z.infer<typeof Account>;

export const GitActor = z
  .object({
    name: z.string().meta({ description: 'Git name, as written in the commit (forgeable).' }),
    email: z.string().meta({ description: 'Git email, as written in the commit (forgeable).' }),
    account: Account.nullable().meta({ description: 'The account GitHub links to this email, if any.' }),
  })
  .meta({ id: 'GitActor', description: 'A git identity (author, committer or co-author).' });
export type GitActor = z.infer<typeof GitActor>;

export const Signature = z
  .object({
    isValid: z.boolean(),
    state: z
      .string()
      .meta({ description: 'GitSignatureState, e.g. VALID, UNSIGNED, BAD_EMAIL, UNKNOWN_KEY.' }),
    signer: Account.nullable().meta({ description: 'The account whose key signed, when known.' }),
    wasSignedByGitHub: z.boolean(),
  })
  .meta({ id: 'Signature' });
export type Signature = z.infer<typeof Signature>;

export const Commit = z
  .object({
    sha: z.string().min(7),
    parents: z.array(z.string()).default([]),
    author: GitActor,
    committer: GitActor,
    coAuthors: z.array(GitActor).default([]).meta({
      description:
        'Co-authors as GitHub resolved them from `Co-authored-by` trailers (GraphQL `Commit.authors` after the first), with linked accounts.',
    }),
    message: z.string().meta({ description: 'The full commit message (headline and body).' }),
    signature: Signature.nullable().default(null),
  })
  .meta({ id: 'Commit' });
export type Commit = z.infer<typeof Commit>;

export const ReviewState = z.enum(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']);
export type ReviewState = z.infer<typeof ReviewState>;

export const Review = z
  .object({
    id: z.string().optional(),
    author: Account.nullable().meta({ description: 'Null when the account was deleted ("ghost").' }),
    state: ReviewState,
    commitSha: z
      .string()
      .nullable()
      .meta({ description: 'The commit the review was given on; may be null.' }),
    submittedAt: z.string().nullable().meta({ description: 'ISO 8601 time of submission.' }),
    authorAssociation: z.string().default('NONE'),
  })
  .meta({ id: 'Review' });
export type Review = z.infer<typeof Review>;

export const ChangedFile = z
  .object({
    path: z.string(),
    previousPath: z
      .string()
      .nullable()
      .default(null)
      .meta({ description: 'The old path of a renamed file.' }),
  })
  .meta({ id: 'ChangedFile' });
export type ChangedFile = z.infer<typeof ChangedFile>;

export const Permission = z.enum(['admin', 'maintain', 'write', 'triage', 'read', 'none']);
export type Permission = z.infer<typeof Permission>;
/** GitHub's repository roles from least to most; a policy's minimum compares by this. */
export const PERMISSION_RANK: Readonly<Record<Permission, number>> = {
  none: 0,
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5,
};

/**
 * On what grounds an override was accepted: the overrider's repository permission and which of
 * the policy's `overrides.teams` they belonged to, as the installation saw them (matched by
 * numeric id). An override holds only while these grounds satisfy the policy in force.
 */
export const OverrideGrounds = z
  .object({
    permission: Permission,
    teams: z.array(z.string()).meta({ description: "The policy's `overrides.teams` they belonged to." }),
  })
  .meta({ id: 'OverrideGrounds' });
export type OverrideGrounds = z.infer<typeof OverrideGrounds>;

export const ReviewerAccess = z
  .object({
    login: z.string(),
    id: z.number().int().nullable(),
    permission: Permission.meta({ description: "The reviewer's effective permission on the repository." }),
    teams: z
      .array(z.string())
      .default([])
      .meta({ description: 'Team slugs named by the policy (`org/slug`) that the reviewer belongs to.' }),
  })
  .meta({ id: 'ReviewerAccess', description: 'Looked up only for humans who approved.' });
export type ReviewerAccess = z.infer<typeof ReviewerAccess>;

export const Pusher = z
  .object({
    account: Account,
    source: z
      .enum(['event', 'check-run'])
      .meta({ description: 'Where it was learnt: the webhook sender, or our own check run on this SHA.' }),
  })
  .meta({ id: 'Pusher' });
export type Pusher = z.infer<typeof Pusher>;

export const HistoryPusher = z
  .object({
    account: Account,
    headSha: z.string().min(7).meta({ description: 'The head the push left.' }),
    via: z.enum(['push', 'synchronize']),
    forced: z.boolean().default(false),
    at: z.string(),
  })
  .meta({ id: 'HistoryPusher' });

export const HistoryDelegator = z
  .object({
    account: Account,
    via: z.enum(['assignee', 'requester', 'co-author']),
    agent: z.string(),
    commitSha: z.string().nullable().default(null),
    at: z.string(),
  })
  .meta({ id: 'HistoryDelegator' });

export const History = z
  .object({
    pushers: z.array(HistoryPusher).default([]).meta({
      description:
        "Everyone who pushed to the head branch while it carried this PR's commits, force-pushes included.",
    }),
    delegators: z.array(HistoryDelegator).default([]).meta({ description: 'Every delegation ever derived.' }),
    agents: z
      .array(
        z.object({
          agent: z.string(),
          commitSha: z.string().nullable().default(null),
          evidence: z.string(),
          at: z.string(),
        }),
      )
      .default([]),
    reviews: z
      .array(
        z.object({
          reviewer: Account.nullable(),
          state: ReviewState,
          commitSha: z.string().nullable(),
          at: z.string(),
        }),
      )
      .default([]),
    verdicts: z
      .array(
        z.object({
          headSha: z.string(),
          state: z.string(),
          snapshotDigest: z.string(),
          policyDigest: z.string(),
          checkRunId: z.number().int().nullable(),
          at: z.string(),
        }),
      )
      .default([]),
    overrides: z
      .array(
        z.object({
          by: Account,
          reason: z.string().min(1),
          headSha: z.string().min(7).meta({ description: 'The only head the override holds for.' }),
          at: z.string(),
          grounds: OverrideGrounds.nullable()
            .default(null)
            .meta({ description: 'Null when recorded without them: such an override is not honoured.' }),
        }),
      )
      .default([])
      .meta({ description: 'Break-glass overrides recorded for the pull request, oldest first.' }),
  })
  .meta({
    id: 'History',
    description: 'What the custody ledger holds for the pull request: people are only ever added.',
  });
export type History = z.infer<typeof History>;

export const ForeignCheck = z
  .object({
    kind: z.enum(['status', 'check-run']),
    name: z.string().min(1),
    state: z
      .string()
      .nullable()
      .meta({ description: 'A status: its state, lower-case; null for a check run.' }),
    by: z.string().nullable().meta({ description: "Who posted it: the status's creator or the app's slug." }),
  })
  .meta({ id: 'ForeignCheck' });
export type ForeignCheck = z.infer<typeof ForeignCheck>;

export const Snapshot = z
  .object({
    schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
    repo: z.object({ owner: z.string().min(1), name: z.string().min(1) }),
    pullRequest: z.object({
      number: z.number().int().positive(),
      title: z.string(),
      body: z.string().default(''),
      state: z.enum(['OPEN', 'CLOSED', 'MERGED']),
      isDraft: z.boolean(),
      createdAt: z.string().nullable().default(null).meta({
        description:
          'When GitHub says the PR was opened (ISO 8601); null in snapshots made before it was read.',
      }),
      baseRef: z.string(),
      baseSha: z.string().nullable().default(null),
      headRef: z.string(),
      headSha: z.string().min(7),
      isFork: z.boolean().default(false),
      opener: Account.nullable().meta({ description: 'Who opened the PR; null for a deleted account.' }),
      assignees: z.array(Account).default([]),
      labels: z.array(z.string()).default([]),
    }),
    commits: z.array(Commit).meta({ description: 'Every commit of the PR, oldest first.' }),
    reviews: z.array(Review).default([]).meta({ description: 'Every submitted review, oldest first.' }),
    files: z.array(ChangedFile).default([]),
    pusher: Pusher.nullable().default(null).meta({ description: 'Who pushed the head commit, when known.' }),
    reviewerAccess: z.array(ReviewerAccess).default([]),
    history: History.default(() => History.parse({})).meta({
      description: "The pull request's history from the custody ledger (empty when none was recorded).",
    }),
    foreignChecks: z.array(ForeignCheck).default([]).meta({
      description: 'Checks on the head named like ours that Custody did not write (a status, another app).',
    }),
  })
  .meta({
    id: 'Snapshot',
    title: 'Custody snapshot',
    description: 'Every fact Custody needs about one pull request at one head commit.',
  });
export type Snapshot = z.infer<typeof Snapshot>;
/** What a snapshot looks like before defaults are applied (as written in a JSON file). */
export type SnapshotInput = z.input<typeof Snapshot>;

/** The JSON Schema of a snapshot file, derived from the zod schema (never written by hand). */
export function renderSnapshotJsonSchema(): object {
  return z.toJSONSchema(Snapshot, { io: 'input', target: 'draft-2020-12' });
}
