import { describe, expect, it } from 'vitest';
import { alice, bob, claudeCoAuthor, webFlowGit } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { requirement, verdictOf } from './helpers.js';

const policy = { applies_to: 'agents_and_automation' } as const;

const humanPullRequest = () =>
  aSnapshot()
    .openedBy(alice.account)
    .withCommit(alice.git, (c) => c.committedBy(webFlowGit))
    .pushedBy(alice.account);

describe('applies_to: agents_and_automation', () => {
  it('leaves a pull request with neither agents nor automation ungated', () => {
    const verdict = verdictOf(humanPullRequest().approvedBy(bob.account), policy);
    expect(verdict).toMatchObject({ state: 'not_applicable', requirements: [], approvals: [] });
    expect(verdict.headline).toBe('No agent or automation involvement');
  });

  it('gates a pull request an agent worked on, though no automation took part', () => {
    const builder = humanPullRequest().withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor));
    const verdict = verdictOf(builder, policy);
    expect(verdict.automation).toEqual([]);
    expect(verdict.state).toBe('waiting');
    expect(requirement(verdict, 'approvals').status).toBe('missing');
    expect(verdictOf(builder.approvedBy(bob.account), policy).state).toBe('satisfied');
  });
});
