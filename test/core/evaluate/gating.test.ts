import { describe, expect, it } from 'vitest';
import { alice, bob, claudeCoAuthor, webFlowGit } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { requirement, verdictOf } from './helpers.js';

const humanPullRequest = () =>
  aSnapshot()
    .openedBy(alice.account)
    .withCommit(alice.git, (c) => c.committedBy(webFlowGit))
    .pushedBy(alice.account);

describe('what is gated', () => {
  it('a human PR with a web-flow committer is not gated by default', () => {
    const verdict = verdictOf(humanPullRequest());
    expect(verdict).toMatchObject({ state: 'not_applicable', requirements: [], labels: [], comment: false });
  });

  it('every PR is gated under applies_to: all, with the same guarantee', () => {
    const waiting = verdictOf(humanPullRequest().approvedBy(alice.account), { applies_to: 'all' });
    expect(waiting.state).toBe('waiting');
    expect(waiting.approvals[0]?.reason).toBe('participant');
    expect(waiting.comment).toBe(false);
    expect(verdictOf(humanPullRequest().approvedBy(bob.account), { applies_to: 'all' }).state).toBe(
      'satisfied',
    );
  });

  it('a PR that changes the policy file is always gated and says so', () => {
    const verdict = verdictOf(humanPullRequest().withFiles('.github/custody.yml'));
    expect(verdict.state).toBe('waiting');
    expect(verdict.notes[0]).toMatch(/^This pull request changes \.github\/custody\.yml/);
    expect(verdict.headline).toBe(
      'Waiting for 1 approval from a human who took no part (changes the Custody policy)',
    );
    expect(requirement(verdict, 'approvals').status).toBe('missing');
  });

  it('the reviewer comment follows agent involvement and the policy switch', () => {
    const agent = () => humanPullRequest().withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor));
    expect(verdictOf(agent()).comment).toBe(true);
    expect(verdictOf(agent(), { comment: { enabled: false } }).comment).toBe(false);
  });
});
