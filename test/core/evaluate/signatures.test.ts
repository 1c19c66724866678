import { describe, expect, it } from 'vitest';
import { alice, bob, claudeCoAuthor, copilotAgent, copilotAgentGit } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { requirement, verdictOf } from './helpers.js';

const required = { signatures: { agent_commits: 'required' } } as const;

describe('signed agent commits', () => {
  it('block the PR when an agent commit is unsigned, however many approvals it has', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) => c.message('Human work').signed())
        .withCommit(alice.git, (c) => c.message('Agent work').coAuthoredBy(claudeCoAuthor))
        .pushedBy(alice.account)
        .approvedBy(bob.account),
      required,
    );
    expect(verdict.state).toBe('blocked');
    const signatures = requirement(verdict, 'signatures');
    expect(signatures.status).toBe('violated');
    expect(signatures.missing).toMatch(/^1 agent commit is not validly signed: [0-9a-f]{7}$/);
    expect(verdict.headline).toMatch(/^Blocked: 1 agent commit is not validly signed/);
  });

  it('name the first five unsigned commits and count the rest', () => {
    const builder = aSnapshot().openedBy(alice.account).pushedBy(alice.account);
    for (let i = 0; i < 8; i += 1) builder.withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor));
    const missing = requirement(verdictOf(builder, required), 'signatures').missing;
    expect(missing).toMatch(
      /^8 agent commits are not validly signed: ([0-9a-f]{7}, ){4}[0-9a-f]{7} and 3 more$/,
    );
  });

  it('treat a bad signature like none', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor).signed(false))
        .pushedBy(alice.account),
      required,
    );
    expect(requirement(verdict, 'signatures').status).toBe('violated');
  });

  it('are met by commits GitHub signed for the Copilot coding agent', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(copilotAgent)
        .withCommit(copilotAgentGit, (c) => c.coAuthoredBy(alice.git).signedByGitHub())
        .pushedBy(copilotAgent)
        .approvedBy(bob.account),
      required,
    );
    expect(requirement(verdict, 'signatures').status).toBe('met');
    expect(verdict.state).toBe('satisfied');
  });

  it('are not required by default', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor)),
    );
    expect(verdict.requirements.map((entry) => entry.id)).toEqual(['approvals']);
  });
});
