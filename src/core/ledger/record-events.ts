import type { Account } from '../snapshot.js';
import type { FactInput } from './facts.js';

/**
 * Webhook payloads → custody facts, one pure function per event. Only what GitHub said is
 * recorded; what it means (who is a pusher, who a delegator) is decided when the history is
 * derived. The `opened` sender is recorded as the opener, never as a pusher.
 */

/** A webhook user (`sender`, `assignee`, `review.user`). */
export interface WebhookUser {
  readonly login: string;
  readonly id: number;
  readonly type?: string;
}

export interface WebhookRepository {
  readonly id: number;
  readonly name: string;
  readonly owner: { readonly login: string } | null;
}

/** How the caller observed the event: when, and how its accounts cross the border. */
export interface Observation {
  readonly occurredAt: string;
  readonly toAccount: (user: WebhookUser) => Account;
}

export interface PushEvent {
  readonly ref: string;
  readonly before: string;
  readonly after: string;
  readonly forced: boolean;
  readonly repository?: WebhookRepository | null;
  readonly sender?: WebhookUser | null;
  readonly commits?: readonly {
    readonly id: string;
    readonly author: { readonly name: string; readonly email?: string | null };
  }[];
}

export interface PullRequestEvent {
  readonly action: string;
  readonly repository?: WebhookRepository | null;
  readonly sender?: WebhookUser | null;
  readonly assignee?: WebhookUser | null;
  readonly before?: string;
  readonly after?: string;
  readonly changes?: {
    readonly body?: { readonly from: string };
    readonly base?: { readonly ref?: { readonly from: string } };
  };
  readonly pull_request: {
    readonly number: number;
    readonly body?: string | null;
    readonly merged?: boolean | null;
    readonly assignees?: readonly WebhookUser[] | null;
    readonly head: {
      readonly ref: string;
      readonly sha: string;
      readonly repo?: { readonly id: number } | null;
    };
    readonly base: { readonly ref: string };
  };
}

export interface ReviewEvent {
  readonly action: string;
  readonly repository?: WebhookRepository | null;
  readonly pull_request: { readonly number: number };
  readonly review: {
    readonly state: string;
    readonly commit_id?: string | null;
    readonly user: WebhookUser | null;
  };
}

function repoOf(repository: WebhookRepository | null | undefined) {
  if (!repository?.owner) return null;
  return { owner: repository.owner.login, name: repository.name, id: repository.id };
}

/** Every push to a branch: ref, before → after, forced, the sender as pusher, the commits it introduced. */
export function recordPush(event: PushEvent, seen: Observation): FactInput[] {
  const repo = repoOf(event.repository);
  if (repo === null || !event.sender || !event.ref.startsWith('refs/heads/')) return [];
  return [
    {
      kind: 'push',
      repo,
      occurredAt: seen.occurredAt,
      ref: event.ref,
      before: event.before,
      after: event.after,
      forced: event.forced,
      pusher: seen.toAccount(event.sender),
      // The payload's author is forgeable and names no account: kept as written.
      commits: (event.commits ?? []).map((commit) => ({
        sha: commit.id,
        author: { name: commit.author.name, email: commit.author.email ?? '', account: null },
      })),
    },
  ];
}

/** `pull_request.*`: opened, reopened, synchronize, edited, assigned, unassigned, closed. */
export function recordPullRequestEvent(event: PullRequestEvent, seen: Observation): FactInput[] {
  const repo = repoOf(event.repository);
  if (repo === null) return [];
  const pr = event.pull_request;
  const sender = event.sender ? seen.toAccount(event.sender) : null;
  const common = { repo, pr: pr.number, occurredAt: seen.occurredAt };
  const body = (text: string | null | undefined): FactInput => ({
    ...common,
    kind: 'body-revision',
    body: text ?? '',
    sender,
  });
  const assigned = (user: WebhookUser, isAssigned: boolean): FactInput => ({
    ...common,
    kind: 'assignment',
    assignee: seen.toAccount(user),
    assigned: isAssigned,
    sender,
  });
  switch (event.action) {
    case 'opened': {
      if (sender === null) return [];
      const isFork = pr.head.repo != null && pr.head.repo.id !== repo.id;
      return [
        {
          ...common,
          kind: 'pr-opened',
          opener: sender,
          headRef: pr.head.ref,
          headSha: pr.head.sha,
          baseRef: pr.base.ref,
          isFork,
        },
        body(pr.body),
        ...(pr.assignees ?? []).map((user) => assigned(user, true)),
      ];
    }
    case 'reopened':
      if (sender === null) return [];
      return [{ ...common, kind: 'pr-reopened', sender, headRef: pr.head.ref, headSha: pr.head.sha }];
    case 'synchronize':
      // The sender is kept as a pusher of that head: a fork's pushes send us no `push` event.
      if (sender === null || !event.before || !event.after) return [];
      return [
        {
          ...common,
          kind: 'synchronize',
          headRef: pr.head.ref,
          before: event.before,
          after: event.after,
          sender,
        },
      ];
    case 'edited': {
      const facts: FactInput[] = [];
      if (event.changes?.body) facts.push(body(event.changes.body.from), body(pr.body));
      const from = event.changes?.base?.ref?.from;
      if (from !== undefined && sender !== null)
        facts.push({ ...common, kind: 'base-changed', sender, from, to: pr.base.ref });
      return facts;
    }
    case 'assigned':
    case 'unassigned': {
      // The change, and who is assigned now (an earlier `assigned` delivery may have been lost).
      const changed = event.assignee ? [assigned(event.assignee, event.action === 'assigned')] : [];
      const others = (pr.assignees ?? []).filter((user) => user.id !== event.assignee?.id);
      return [...changed, ...others.map((user) => assigned(user, true))];
    }
    case 'closed':
      if (sender === null) return [];
      return [{ ...common, kind: 'pr-closed', sender, merged: pr.merged === true, headSha: pr.head.sha }];
    default:
      return [];
  }
}

const REVIEW_STATES = new Set(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']);

/** A review as seen: submitted, edited or dismissed, with its state and commit. */
export function recordReview(event: ReviewEvent, seen: Observation): FactInput[] {
  const repo = repoOf(event.repository);
  const state = event.review.state.toUpperCase();
  if (repo === null || !REVIEW_STATES.has(state)) return [];
  return [
    {
      kind: 'review',
      repo,
      pr: event.pull_request.number,
      occurredAt: seen.occurredAt,
      reviewer: event.review.user ? seen.toAccount(event.review.user) : null,
      state: state as 'APPROVED',
      commitSha: event.review.commit_id ?? null,
    },
  ];
}
