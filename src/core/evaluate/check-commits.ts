import type { ActorAttribution } from '../identity/index.js';
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
 * Commits with an author or co-author whom GitHub links to no account and whom the catalogue
 * does not know as an agent or automation: nobody can be held to them, and they cannot be
 * excluded from approving. (GraphQL links a git email only to a `User`, so a bot's own commits,
 * e.g. dependabot's noreply address, come without an account yet are attributed by the
 * catalogue. GitHub links a co-author only from the final trailer block and through a verified
 * email; one it does not link is still named, from the message, and counted here.)
 */
export function findUnattributedCommits(attribution: SnapshotAttribution): string[] {
  const unattributed: string[] = [];
  for (const commit of attribution.commits) {
    if (isUnattributed(commit.author) || commit.coAuthors.some(isUnattributed)) {
      unattributed.push(commit.sha);
    }
  }
  return unattributed;
}

function isUnattributed(who: ActorAttribution): boolean {
  const kind = who.classification.kind;
  return who.actor.account === null && kind !== 'agent' && kind !== 'automation';
}
