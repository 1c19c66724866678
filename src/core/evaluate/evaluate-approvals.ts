import type { Policy } from '../policy/schema.js';
import { type Account, PERMISSION_RANK, type ReviewerAccess, type Snapshot } from '../snapshot.js';
import type { IgnoreReason } from '../verdict.js';
import type { SnapshotAttribution } from './attribute-snapshot.js';
import type { Involvement } from './collect-involvement.js';
import type { Participants } from './collect-participants.js';
import { shortSha } from './describe.js';
import { type Ancestry, traceAncestry } from './trace-ancestry.js';

/**
 * One reviewer's standing approval (their latest APPROVED review), judged against
 * everything except the allow-lists of teams and users, which differ per requirement.
 */
export interface ApprovalCandidate {
  readonly reviewer: Account | null;
  readonly commitSha: string | null;
  readonly submittedAt: string | null;
  /** Position in `snapshot.reviews` (oldest first), to tell what came after an agent's action. */
  readonly reviewIndex: number;
  /** Null while the approval is eligible. */
  readonly reason: IgnoreReason | null;
  readonly detail: string;
  readonly access: ReviewerAccess | null;
}

/** Reviews that end a reviewer's approval; a later COMMENTED review leaves it standing. */
const DECISIVE = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

interface ReviewerHistory {
  approval: number;
  decisive: number;
}

export function assessApprovals(
  snapshot: Snapshot,
  attribution: SnapshotAttribution,
  participants: Participants,
  involvement: Involvement,
  policy: Policy,
): ApprovalCandidate[] {
  // Reviews are oldest first; the latest decisive review per reviewer decides.
  const histories = new Map<string, ReviewerHistory>();
  const ghosts: number[] = [];
  snapshot.reviews.forEach((review, index) => {
    if (!DECISIVE.has(review.state)) return;
    if (review.author === null) {
      if (review.state === 'APPROVED') ghosts.push(index);
      return;
    }
    const key =
      review.author.id === null ? `login:${review.author.login.toLowerCase()}` : `id:${review.author.id}`;
    const history = histories.get(key) ?? { approval: -1, decisive: -1 };
    history.decisive = index;
    if (review.state === 'APPROVED') history.approval = index;
    histories.set(key, history);
  });

  const ancestry = traceAncestry(snapshot.commits);
  const access = indexAccess(snapshot.reviewerAccess);
  const context: Context = { snapshot, attribution, participants, involvement, policy, ancestry, access };

  const indexes = [...ghosts];
  for (const history of histories.values()) {
    if (history.approval >= 0) indexes.push(history.approval);
  }
  indexes.sort((a, b) => a - b);
  return indexes.map((index) => {
    const key = snapshot.reviews[index]?.author;
    const history =
      key === null || key === undefined
        ? undefined
        : histories.get(key.id === null ? `login:${key.login.toLowerCase()}` : `id:${key.id}`);
    return assessOne(context, index, history !== undefined && history.decisive > index);
  });
}

interface Context {
  readonly snapshot: Snapshot;
  readonly attribution: SnapshotAttribution;
  readonly participants: Participants;
  readonly involvement: Involvement;
  readonly policy: Policy;
  readonly ancestry: Ancestry;
  readonly access: (account: Account) => ReviewerAccess | null;
}

function assessOne(context: Context, index: number, superseded: boolean): ApprovalCandidate {
  const review = context.snapshot.reviews[index]!;
  const reviewer = review.author;
  const base = { reviewer, commitSha: review.commitSha, submittedAt: review.submittedAt, reviewIndex: index };
  const ignore = (reason: IgnoreReason, detail: string): ApprovalCandidate => ({
    ...base,
    reason,
    detail,
    access: null,
  });
  if (reviewer === null)
    return ignore('unknown-account', 'A deleted account (ghost) approved; it cannot be identified');

  const who = `@${reviewer.login}`;
  const classification = context.attribution.reviewers[index]?.classification;
  if (classification?.kind === 'agent') {
    const name = classification.agent?.name ?? 'an agent';
    return ignore('agent', `${who} is an agent (${name}); agent approvals never count`);
  }
  if (classification?.kind === 'automation') {
    const name = classification.agent?.name ?? 'automation';
    return ignore('automation', `${who} is automation (${name}); automation approvals never count`);
  }
  if (reviewer.type === 'Bot') return ignore('bot', `${who} is a Bot account; bot approvals never count`);
  if (reviewer.type !== 'User' || reviewer.id === null || classification?.kind !== 'human') {
    return ignore('unknown-account', `${who} is not an identifiable human account (${reviewer.type})`);
  }
  if (superseded) {
    return ignore('superseded', `${who} later requested changes or had the approval dismissed`);
  }
  const participant = context.participants.find(reviewer);
  if (participant !== null) return ignore('participant', participant.detail);

  const stale = describeStaleness(context, review.commitSha, who);
  if (stale !== null) return ignore('stale', stale);

  const access = context.access(reviewer);
  const needed = context.policy.approvals.permission;
  if (access === null) {
    return ignore('permission', `${who}'s permission on the repository is unknown, so it cannot count`);
  }
  if (PERMISSION_RANK[access.permission] < PERMISSION_RANK[needed]) {
    return { ...ignore('permission', `${who} has ${access.permission} access; ${needed} is needed`), access };
  }
  const on = review.commitSha === null ? '' : ` ${shortSha(review.commitSha)}`;
  return { ...base, reason: null, detail: `${who} approved${on} (${access.permission} access)`, access };
}

/** Null when the approval stands on a commit the invalidation mode accepts. */
function describeStaleness(context: Context, sha: string | null, who: string): string | null {
  const head = context.snapshot.pullRequest.headSha;
  if (sha === head) return null;
  if (sha === null)
    return `${who}'s approval names no commit, so it cannot be tied to the head ${shortSha(head)}`;
  if (context.policy.invalidation === 'any_push') {
    return `${who} approved ${shortSha(sha)}; commits were pushed after it (head is ${shortSha(head)})`;
  }
  if (!context.ancestry.includes(sha))
    return `${who} approved ${shortSha(sha)}, which is no longer in this pull request`;
  const contained = context.ancestry.ancestorsOf(sha);
  // The approval stands only if it saw every agent push: each must be the reviewed commit or its ancestor.
  for (const index of context.involvement.agentPushIndexes) {
    const later = context.snapshot.commits[index]?.sha;
    if (later !== undefined && !contained.has(later)) {
      return `${who} approved ${shortSha(sha)}; the agent-involved commit ${shortSha(later)} came after it`;
    }
  }
  return null;
}

function indexAccess(entries: readonly ReviewerAccess[]): (account: Account) => ReviewerAccess | null {
  const byId = new Map<number, ReviewerAccess>();
  const byLogin = new Map<string, ReviewerAccess>();
  for (const entry of entries) {
    if (entry.id !== null && !byId.has(entry.id)) byId.set(entry.id, entry);
    const login = entry.login.toLowerCase();
    if (!byLogin.has(login)) byLogin.set(login, entry);
  }
  return (account) => {
    if (account.id !== null) {
      const found = byId.get(account.id);
      if (found !== undefined) return found;
    }
    const found = byLogin.get(account.login.toLowerCase());
    // A login match for a different numeric id is another account (renamed or reused login).
    if (found === undefined || (found.id !== null && account.id !== null && found.id !== account.id))
      return null;
    return found;
  };
}
