import { z } from 'zod';
import { Account, GitActor, OverrideGrounds, ReviewState } from '../snapshot.js';
import { VERDICT_STATES, type VerdictState as VerdictStateName } from '../verdict.js';

/**
 * Custody facts: what the ledger records, one zod discriminated union on `kind`. Each fact is
 * something GitHub told us (a webhook) or something Custody did (a verdict, a bypass), with the
 * repository, the pull request when there is one, when it happened and the delivery it came in.
 */

export const RepoRef = z
  .object({
    owner: z.string().min(1),
    name: z.string().min(1),
    id: z.number().int().nullable().default(null).meta({ description: 'Numeric repository id, when known.' }),
  })
  .meta({ id: 'RepoRef' });
export type RepoRef = z.infer<typeof RepoRef>;

const Sha = z.string().min(7);

const base = {
  repo: RepoRef,
  pr: z.number().int().positive().nullable().default(null),
  occurredAt: z.iso.datetime({ offset: true }),
  deliveryId: z.string().min(1).nullable().default(null),
};

/** A commit a push introduced, with its (forgeable) author as the push payload names it. */
export const PushedCommit = z.object({ sha: Sha, author: GitActor });
export type PushedCommit = z.infer<typeof PushedCommit>;

export const PushFact = z.object({
  ...base,
  kind: z.literal('push'),
  ref: z.string().min(1).meta({ description: 'Full ref, e.g. refs/heads/feature.' }),
  before: Sha,
  after: Sha,
  forced: z.boolean(),
  pusher: Account,
  commits: z.array(PushedCommit).default([]),
});

export const SynchronizeFact = z.object({
  ...base,
  kind: z.literal('synchronize'),
  headRef: z.string().min(1),
  before: Sha,
  after: Sha,
  sender: Account,
});

export const PrOpenedFact = z.object({
  ...base,
  kind: z.literal('pr-opened'),
  opener: Account.meta({ description: 'The `opened` sender: never recorded as a pusher.' }),
  headRef: z.string().min(1),
  headSha: Sha,
  baseRef: z.string().min(1),
  isFork: z.boolean().default(false),
});

export const PrReopenedFact = z.object({
  ...base,
  kind: z.literal('pr-reopened'),
  sender: Account,
  headRef: z.string().min(1),
  headSha: Sha,
});

export const PrClosedFact = z.object({
  ...base,
  kind: z.literal('pr-closed'),
  sender: Account,
  merged: z.boolean(),
  headSha: Sha,
});

export const BaseChangedFact = z.object({
  ...base,
  kind: z.literal('base-changed'),
  sender: Account,
  from: z.string().min(1),
  to: z.string().min(1),
});

/** An assignee added or removed: removal is kept as seen, yet never removes a delegator. */
export const AssignmentFact = z.object({
  ...base,
  kind: z.literal('assignment'),
  assignee: Account,
  assigned: z.boolean(),
  sender: Account.nullable(),
});

/** One revision of the PR body (at opening, or either side of an edit): requesters are read from each. */
export const BodyRevisionFact = z.object({
  ...base,
  kind: z.literal('body-revision'),
  body: z.string(),
  sender: Account.nullable(),
});

export const DelegationVia = z.enum(['assignee', 'requester', 'co-author']);
export type DelegationVia = z.infer<typeof DelegationVia>;

export const DelegationFact = z.object({
  ...base,
  kind: z.literal('delegation'),
  delegator: Account,
  via: DelegationVia.meta({
    description:
      'Assigned while an agent was involved, named as requester in a body revision, or co-author of an agent commit.',
  }),
  agent: z.string().min(1),
  commitSha: Sha.nullable().default(null),
});

export const AgentInvolvementFact = z.object({
  ...base,
  kind: z.literal('agent-involvement'),
  agent: z.string().min(1),
  commitSha: Sha.nullable().default(null),
  evidence: z.string().min(1),
});

export const ReviewSeenFact = z.object({
  ...base,
  kind: z.literal('review'),
  reviewer: Account.nullable(),
  state: ReviewState,
  commitSha: Sha.nullable(),
});

const VerdictState = z.enum(VERDICT_STATES as [VerdictStateName, ...VerdictStateName[]]);

export const VerdictFact = z.object({
  ...base,
  kind: z.literal('verdict'),
  headSha: Sha,
  state: VerdictState,
  ownState: VerdictState.nullable().default(null).meta({
    description: "The PR's own state, before the other open PRs on its head were taken into account.",
  }),
  snapshotDigest: z.string().min(1),
  policyDigest: z.string().min(1),
  checkRunId: z.number().int().nullable(),
  approvers: z.array(z.string().min(1)).optional().meta({
    description: 'Logins whose approvals counted (absent on verdicts recorded before it was kept).',
  }),
});

const LastVerdict = z.object({ headSha: Sha, state: VerdictState });

export const MergeFact = z.object({
  ...base,
  kind: z.literal('merge'),
  mergedBy: Account.nullable(),
  mergeCommitSha: Sha.nullable(),
  headSha: Sha,
  lastVerdict: LastVerdict.nullable().meta({ description: 'The last verdict published on the merged head.' }),
});

export const BypassFact = z.object({
  ...base,
  kind: z.literal('bypass'),
  mergedBy: Account.nullable(),
  headSha: Sha,
  missing: z.string().min(1).meta({ description: 'What custody still required when the PR merged.' }),
});

export const OverrideFact = z.object({
  ...base,
  kind: z.literal('override'),
  by: Account,
  reason: z.string().min(1),
  headSha: Sha,
  grounds: OverrideGrounds.nullable().default(null).meta({
    description:
      "The overrider's permission and qualifying teams when it was recorded; null in facts recorded before grounds were kept.",
  }),
});

/** A run of pruned chain positions and the hashes around it, so the chain still verifies. */
export const PrunedRun = z.object({
  fromSeq: z.number().int().positive(),
  toSeq: z.number().int().positive(),
  prevHash: z.string().length(64).meta({ description: 'prevHash of the entry at fromSeq.' }),
  lastHash: z.string().length(64).meta({ description: 'hash of the entry at toSeq.' }),
});
export type PrunedRun = z.infer<typeof PrunedRun>;

export const PruneSummaryFact = z.object({
  ...base,
  kind: z.literal('prune-summary'),
  retentionDays: z.number().int().nonnegative(),
  prs: z.array(z.number().int().positive()),
  removed: z.number().int().nonnegative(),
  runs: z.array(PrunedRun),
});

export const Fact = z
  .discriminatedUnion('kind', [
    PushFact,
    SynchronizeFact,
    PrOpenedFact,
    PrReopenedFact,
    PrClosedFact,
    BaseChangedFact,
    AssignmentFact,
    BodyRevisionFact,
    DelegationFact,
    AgentInvolvementFact,
    ReviewSeenFact,
    VerdictFact,
    MergeFact,
    BypassFact,
    OverrideFact,
    PruneSummaryFact,
  ])
  .meta({ id: 'CustodyFact' });
export type Fact = z.infer<typeof Fact>;
export type FactInput = z.input<typeof Fact>;
export type FactKind = Fact['kind'];
export type FactOf<K extends FactKind> = Extract<Fact, { kind: K }>;

/** `owner/name`, lower-cased: the key of a repository's chain (GitHub names are case-insensitive). */
export function repoKey(repo: { readonly owner: string; readonly name: string }): string {
  return `${repo.owner}/${repo.name}`.toLowerCase();
}

/** The branch a fact concerns, when it names one (what "reads by head branch" match). */
export function headRefOf(fact: Fact): string | null {
  switch (fact.kind) {
    case 'push':
      return fact.ref.startsWith('refs/heads/') ? fact.ref.slice('refs/heads/'.length) : null;
    case 'synchronize':
    case 'pr-opened':
    case 'pr-reopened':
      return fact.headRef;
    default:
      return null;
  }
}

/** The commit a fact leaves at the head, when it names one (what "reads by head SHA" match). */
export function headShaOf(fact: Fact): string | null {
  switch (fact.kind) {
    case 'push':
    case 'synchronize':
      return fact.after;
    case 'pr-opened':
    case 'pr-reopened':
    case 'pr-closed':
    case 'verdict':
    case 'merge':
    case 'bypass':
    case 'override':
      return fact.headSha;
    default:
      return null;
  }
}
