import type { Snapshot } from '../snapshot.js';
import type { SnapshotAttribution } from './attribute-snapshot.js';
import type { Involvement } from './collect-involvement.js';

/** Agent commits without a valid signature, oldest first (full SHAs). */
export function findUnsignedAgentCommits(snapshot: Snapshot, involvement: Involvement): string[] {
  const unsigned: string[] = [];
  for (const index of involvement.agentCommitIndexes) {
    const commit = snapshot.commits[index];
    if (commit !== undefined && commit.signature?.isValid !== true) unsigned.push(commit.sha);
  }
  return unsigned;
}

/**
 * Commits whose author GitHub links to no account and that the catalogue does not know as
 * an agent or automation: nobody can be held to them, and their author cannot be excluded
 * from approving. (GraphQL links a git email only to a `User`, so a bot's own commits, e.g.
 * dependabot's noreply address, come without an account yet are attributed by the catalogue.)
 */
export function findUnattributedCommits(attribution: SnapshotAttribution): string[] {
  const unattributed: string[] = [];
  for (const commit of attribution.commits) {
    const known =
      commit.author.classification.kind === 'agent' || commit.author.classification.kind === 'automation';
    if (commit.author.actor.account === null && !known) {
      unattributed.push(commit.sha);
    }
  }
  return unattributed;
}
