import { describe, expect, it } from 'vitest';
import type { GitActor } from '../../../src/core/snapshot.js';
import { alice, bob, claudeCoAuthor, dependabotGit, unlinkedGit } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { verdictOf } from './helpers.js';

/**
 * A commit whose author or co-author GitHub links to no account is flagged (or blocks), unless
 * the catalogue knows who it is: an agent's trailer or a bot's own noreply address comes without
 * an account, yet someone is held to it.
 */

/** Dependabot's commit as GraphQL returns it: GitHub links a git email only to a `User`. */
const dependabotUnlinked: GitActor = { ...dependabotGit, account: null };

describe('commits GitHub links to no account', () => {
  it('a bot commit the catalogue knows as automation is not flagged', () => {
    const verdict = verdictOf(aSnapshot().openedBy(alice.account).withCommit(dependabotUnlinked));
    expect(verdict.state).toBe('not_applicable');
    expect(verdict.notes).toEqual([]);
  });

  it('nor when it sits in a gated pull request whose policy blocks unattributed commits', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(dependabotUnlinked)
        .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
        .pushedBy(alice.account),
      { unattributed_commits: 'block' },
    );
    expect(verdict.requirements.find((entry) => entry.id === 'unattributed')).toMatchObject({
      status: 'met',
    });
    expect(verdict.state).toBe('waiting');
  });

  it('an unknown git identity is flagged with the commit', () => {
    const snapshot = aSnapshot().openedBy(alice.account).withCommit(unlinkedGit);
    const sha = snapshot.build().pullRequest.headSha.slice(0, 7);
    expect(verdictOf(snapshot).notes).toEqual([
      `1 commit has an author or co-author GitHub links to no account: ${sha}`,
    ]);
  });

  it('under `block`, fails the check though no agent is seen: an unlinked author may be one', () => {
    const humanOnly = () =>
      aSnapshot().openedBy(alice.account).withCommit(unlinkedGit).pushedBy(alice.account);
    const flagged = verdictOf(humanOnly());
    expect(flagged.state).toBe('not_applicable');
    const blocked = verdictOf(humanOnly().approvedBy(bob.account), { unattributed_commits: 'block' });
    expect(blocked.state).toBe('blocked');
    expect(blocked.requirements.find((entry) => entry.id === 'unattributed')).toMatchObject({
      status: 'violated',
    });
    // A linked author under `block` is not gated by it.
    const linked = verdictOf(
      aSnapshot().openedBy(alice.account).withCommit(alice.git).pushedBy(alice.account),
      {
        unattributed_commits: 'block',
      },
    );
    expect(linked.state).toBe('not_applicable');
  });
});
