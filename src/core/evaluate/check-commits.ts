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
 * Commits whose author GitHub links to no account and that no agent claims: nobody can be
 * held to them, and their author cannot be excluded from approving.
 */
export function findUnattributedCommits(attribution: SnapshotAttribution): string[] {
  const unattributed: string[] = [];
  for (const commit of attribution.commits) {
    if (commit.author.actor.account === null && commit.author.classification.kind !== 'agent') {
      unattributed.push(commit.sha);
    }
  }
  return unattributed;
}
