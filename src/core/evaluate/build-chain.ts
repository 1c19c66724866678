import type { ActorAttribution, MarkerAttribution } from '../identity/index.js';
import type { Snapshot } from '../snapshot.js';
import type { ChainRole, ChainRow } from '../verdict.js';
import type { AccountAttribution, SnapshotAttribution } from './attribute-snapshot.js';
import { agentOf } from './collect-involvement.js';

/**
 * The custody chain: who did what, oldest first. PR-level roles (opener, delegating
 * assignees, requesters, body and branch markers) come first, then each commit's author,
 * committer (when someone else), co-authors and markers, then the pusher and the agents
 * that reviewed. Human approvals are not rows: the verdict lists them with their outcome.
 */
export function buildChain(snapshot: Snapshot, attribution: SnapshotAttribution): ChainRow[] {
  const rows: ChainRow[] = [];
  const opener = attribution.opener;
  if (opener !== null) rows.push(accountRow(opener, 'opener', null));
  if (opener !== null && agentOf(opener.classification) !== null) {
    for (const assignee of attribution.assignees) rows.push(accountRow(assignee, 'assignee', null));
  }
  for (const requester of attribution.hints.requesters) {
    rows.push({
      commitSha: null,
      role: 'requester',
      actor: `@${requester.trim().replace(/^@/, '')}`,
      account: null,
      kind: 'human',
      agent: null,
      evidence: [
        { strength: 'hint', source: 'body-marker', detail: 'named as the requester in the PR body' },
      ],
    });
  }
  for (const marker of attribution.hints.bodyMarkers) rows.push(markerRow(marker, null));
  if (attribution.hints.branchPrefix !== null) rows.push(markerRow(attribution.hints.branchPrefix, null));

  for (const commit of attribution.commits) {
    rows.push(gitRow(commit.author, 'author', commit.sha));
    if (!isSameGitActor(commit.author, commit.committer)) {
      rows.push(gitRow(commit.committer, 'committer', commit.sha));
    }
    for (const coAuthor of commit.coAuthors) rows.push(gitRow(coAuthor, 'co-author', commit.sha));
    for (const marker of commit.markers) rows.push(markerRow(marker, commit.sha));
  }

  const pusher = attribution.pusher;
  if (pusher !== null) rows.push(accountRow(pusher, 'pusher', snapshot.pullRequest.headSha));
  attribution.reviewers.forEach((reviewer, index) => {
    if (reviewer === null || agentOf(reviewer.classification) === null) return;
    rows.push(accountRow(reviewer, 'reviewer', snapshot.reviews[index]?.commitSha ?? null));
  });
  return rows;
}

function accountRow(who: AccountAttribution, role: ChainRole, commitSha: string | null): ChainRow {
  return {
    commitSha,
    role,
    actor: `@${who.account.login}`,
    account: who.account,
    kind: who.classification.kind,
    agent: who.classification.agent,
    evidence: who.classification.evidence,
  };
}

/** `@login` when GitHub links the identity to an account, else `Name <email>` as written. */
function gitRow(who: ActorAttribution, role: ChainRole, commitSha: string): ChainRow {
  const actor = who.actor;
  return {
    commitSha,
    role,
    actor: actor.account === null ? `${actor.name} <${actor.email}>` : `@${actor.account.login}`,
    account: actor.account,
    kind: who.classification.kind,
    agent: who.classification.agent,
    evidence: who.classification.evidence,
  };
}

function markerRow(marker: MarkerAttribution, commitSha: string | null): ChainRow {
  return {
    commitSha,
    role: marker.evidence.source === 'trailer' ? 'trailer' : 'marker',
    actor: marker.agent.name,
    account: null,
    kind: 'agent',
    agent: marker.agent,
    evidence: [marker.evidence],
  };
}

function isSameGitActor(a: ActorAttribution, b: ActorAttribution): boolean {
  const x = a.actor;
  const y = b.actor;
  if (x.account !== null && y.account !== null) {
    return x.account.id !== null && y.account.id !== null
      ? x.account.id === y.account.id
      : x.account.login.toLowerCase() === y.account.login.toLowerCase();
  }
  return x.account === y.account && x.name === y.name && x.email.toLowerCase() === y.email.toLowerCase();
}
