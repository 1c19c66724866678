import { describe, expect, it } from 'vitest';
import { alice, bob, claudeCoAuthor, devin, unlinkedGit, webFlowGit } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { requirement, verdictOf } from './helpers.js';

const short = (sha: string) => sha.slice(0, 7);

/** Alice wrote it with Claude Code and pushed it herself. */
const claudePullRequest = () =>
  aSnapshot()
    .openedBy(alice.account)
    .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
    .pushedBy(alice.account)
    .approvedBy(bob.account);

/** Alice alone, committed through the web UI: no agent, so not gated by default. */
const humanPullRequest = () =>
  aSnapshot()
    .openedBy(alice.account)
    .withCommit(alice.git, (c) => c.committedBy(webFlowGit))
    .pushedBy(alice.account);

describe('the notes a reviewer reads', () => {
  it('a gated pull request with nothing odd about it carries no notes', () => {
    const verdict = verdictOf(claudePullRequest());
    expect(verdict.state).toBe('satisfied');
    expect(verdict.notes).toEqual([]);
  });

  it('an ungated pull request with nothing odd about it carries no notes', () => {
    const verdict = verdictOf(humanPullRequest());
    expect(verdict.state).toBe('not_applicable');
    expect(verdict.notes).toEqual([]);
  });

  it('an ungated pull request still names the commit GitHub links to no account', () => {
    const builder = humanPullRequest().withCommit(unlinkedGit).pushedBy(alice.account);
    const unlinked = builder.build().commits[1]!.sha;
    const verdict = verdictOf(builder);
    expect(verdict.state).toBe('not_applicable');
    expect(verdict.notes).toEqual([
      `1 commit has an author or co-author GitHub links to no account: ${short(unlinked)}`,
    ]);
  });

  it('a gated pull request names every unlinked commit, in the singular and the plural', () => {
    const one = claudePullRequest().withCommit(unlinkedGit).pushedBy(alice.account);
    expect(verdictOf(one).notes).toEqual([
      `1 commit has an author or co-author GitHub links to no account: ${short(one.build().commits[1]!.sha)}`,
    ]);
    const two = one.withCommit(unlinkedGit).pushedBy(alice.account);
    const [, first, second] = two.build().commits.map((commit) => short(commit.sha));
    expect(verdictOf(two).notes).toEqual([
      `2 commits have an author or co-author GitHub links to no account: ${first} and ${second}`,
    ]);
  });

  it('under unattributed_commits: block the requirement names unlinked commits, not a note', () => {
    const verdict = verdictOf(claudePullRequest().withCommit(unlinkedGit).pushedBy(alice.account), {
      unattributed_commits: 'block',
    });
    expect(verdict.state).toBe('blocked');
    expect(requirement(verdict, 'unattributed').status).toBe('violated');
    expect(verdict.notes).toEqual([]);
  });

  it('says when who pushed the head is unknown, and what that means under agent_push', () => {
    const builder = aSnapshot()
      .openedBy(alice.account)
      .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
      .approvedBy(bob.account);
    const head = short(builder.build().pullRequest.headSha);
    expect(verdictOf(builder).notes).toEqual([`Who pushed the head commit ${head} is unknown`]);
    expect(verdictOf(builder, { invalidation: 'agent_push' }).notes).toEqual([
      `Who pushed the head commit ${head} is unknown, so it counts as an agent's push`,
    ]);
  });

  it('says every commit is treated as the agent’s when no commit names the agent', () => {
    const verdict = verdictOf(
      aSnapshot().openedBy(devin).withCommit(alice.git).pushedBy(alice.account).approvedBy(bob.account),
    );
    expect(verdict.agents.map((agent) => agent.id)).toEqual(['devin']);
    expect(verdict.notes).toEqual([
      'No commit names the agent, so every commit is treated as possibly agent-made',
    ]);
  });
});
