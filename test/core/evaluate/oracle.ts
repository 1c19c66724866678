import type { Policy } from '../../../src/core/policy/schema.js';
import type { Account, Permission, Snapshot } from '../../../src/core/snapshot.js';
import { AGENT_REVIEWERS, PEOPLE, type PullRequestShape } from '../../builders/arbitrary.js';
import { claudeCoAuthor, copilotAgentGit, devinGit } from '../../builders/identities.js';

/**
 * What the guarantee demands of a generated pull request, worked out from its shape
 * independently of the implementation (by numeric id, as GitHub identifies people).
 */

const RANK: Record<Permission, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };
const AGENT_OPENERS = new Set(['Copilot', 'devin-ai-integration']);
const AGENT_GIT = new Set([copilotAgentGit, devinGit, claudeCoAuthor]);
/** `ID+login@users.noreply.github.com`: GitHub's noreply email names the account by id. */
const NOREPLY_ID = /^(\d+)\+[^@]+@users\.noreply\.github\.com$/i;

/** Who took part: every account behind an identity, linked or named by a noreply email. */
export function participantIds(snapshot: Snapshot): Set<number> {
  const ids = new Set<number>();
  const add = (account: Account | null | undefined) => {
    if (account?.id !== null && account?.id !== undefined) ids.add(account.id);
  };
  const addGit = (actor: Snapshot['commits'][number]['author']) => {
    if (actor.account !== null) return add(actor.account);
    const match = NOREPLY_ID.exec(actor.email);
    if (match !== null) ids.add(Number(match[1]));
  };
  const pr = snapshot.pullRequest;
  add(pr.opener);
  for (const commit of snapshot.commits) {
    addGit(commit.author);
    addGit(commit.committer);
    for (const coAuthor of commit.coAuthors) addGit(coAuthor);
  }
  add(snapshot.pusher?.account);
  if (pr.opener !== null && AGENT_OPENERS.has(pr.opener.login))
    for (const assignee of pr.assignees) add(assignee);
  return ids;
}

/** Whether the policy's allow-lists (users in any case, or teams) admit this approver. */
function isAllowed(policy: Policy, login: string, teams: readonly string[]): boolean {
  const { users, teams: allowedTeams } = policy.approvals;
  if (users.length === 0 && allowedTeams.length === 0) return true;
  if (users.some((user) => user.toLowerCase() === login.toLowerCase())) return true;
  return allowedTeams.some((team) => teams.includes(team));
}

/** Humans whose latest decisive review approves the head, who took no part, with the permission. */
export function independentApproversOnHead(snapshot: Snapshot, policy: Policy): Set<number> {
  const humans = new Set(PEOPLE.map((person) => person.account.id));
  const participants = participantIds(snapshot);
  const latest = new Map<number, Snapshot['reviews'][number]>();
  for (const review of snapshot.reviews) {
    const id = review.author?.id;
    if (id === null || id === undefined || review.state === 'COMMENTED' || review.state === 'PENDING')
      continue;
    latest.set(id, review);
  }
  const approvers = new Set<number>();
  for (const [id, review] of latest) {
    const access = snapshot.reviewerAccess.find((entry) => entry.id === id);
    if (
      review.state === 'APPROVED' &&
      review.author?.type === 'User' &&
      review.commitSha === snapshot.pullRequest.headSha &&
      humans.has(id) &&
      !participants.has(id) &&
      access !== undefined &&
      RANK[access.permission] >= RANK[policy.approvals.permission] &&
      isAllowed(policy, review.author.login, access.teams)
    ) {
      approvers.add(id);
    }
  }
  return approvers;
}

/** Whether a generated commit names an agent, by construction. */
export function isAgentCommit(commit: PullRequestShape['commits'][number]): boolean {
  return (
    AGENT_GIT.has(commit.author) ||
    (commit.committer !== null && AGENT_GIT.has(commit.committer)) ||
    commit.coAuthors.some((actor) => AGENT_GIT.has(actor)) ||
    commit.footer
  );
}

/** An agent opened, pushed, marked the body or named the branch: any commit may be its work. */
export function isAgentAtPullRequestLevel(shape: PullRequestShape): boolean {
  const isAgent = (account: Account | null) => account !== null && AGENT_REVIEWERS.includes(account);
  return isAgent(shape.opener) || isAgent(shape.pusher) || shape.hint !== null;
}
