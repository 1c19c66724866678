import { describe, expect, it } from 'vitest';
import { POLICY_PATH } from '../../../src/core/policy/schema.js';
import {
  alice,
  bob,
  copilotAgent,
  copilotAgentGit,
  dependabotGit,
  unlinkedGit,
} from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { verdictOf } from './helpers.js';

/** A change a person wrote and pushed, with no agent or automation anywhere. */
const humanOnly = () => aSnapshot().openedBy(alice.account).withCommit(alice.git).pushedBy(alice.account);

describe('the headline says who is involved, and only when someone is', () => {
  it('a gated change with nobody involved adds nothing after what it waits for', () => {
    const verdict = verdictOf(humanOnly(), { applies_to: 'all' });
    expect(verdict.state).toBe('waiting');
    expect(verdict.headline).toBe('Waiting for 1 approval from a human who took no part');
  });

  it('names the agents involved', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(copilotAgent)
        .withCommit(copilotAgentGit)
        .pushedBy(copilotAgent)
        .approvedBy(bob.account),
    );
    expect(verdict.state).toBe('satisfied');
    expect(verdict.headline).toBe('Approved by @bob, who took no part (GitHub Copilot involved)');
  });

  it('names the automation involved when no agent is', () => {
    const verdict = verdictOf(
      aSnapshot().openedBy(alice.account).withCommit(dependabotGit).pushedBy(alice.account),
      { applies_to: 'agents_and_automation' },
    );
    expect(verdict.state).toBe('waiting');
    expect(verdict.headline).toBe(
      'Waiting for 1 approval from a human who took no part (Dependabot involved)',
    );
  });

  it('says a change to the policy file is why a human-only change is gated', () => {
    const verdict = verdictOf(humanOnly().withFiles(POLICY_PATH));
    expect(verdict.state).toBe('waiting');
    expect(verdict.headline).toBe(
      'Waiting for 1 approval from a human who took no part (changes the Custody policy)',
    );
  });
});

describe('the headline of a change nobody needs to review', () => {
  it('says no agent was involved', () => {
    const verdict = verdictOf(humanOnly());
    expect(verdict.state).toBe('not_applicable');
    expect(verdict.headline).toBe('No agent involvement');
  });

  it('says neither agent nor automation was involved when the policy gates automation too', () => {
    const verdict = verdictOf(humanOnly(), { applies_to: 'agents_and_automation' });
    expect(verdict.state).toBe('not_applicable');
    expect(verdict.headline).toBe('No agent or automation involvement');
  });
});

describe('the note on commits GitHub links to no account', () => {
  const withUnlinkedCommits = (count: number) => {
    const builder = humanOnly();
    for (let i = 0; i < count; i++) builder.withCommit(unlinkedGit, (c) => c.message(`Step ${i + 1}`));
    return builder;
  };

  /** The note on `count` such commits, and their short SHAs in order. */
  const noteOn = (count: number) => {
    const snapshot = withUnlinkedCommits(count);
    const shas = snapshot
      .build()
      .commits.slice(1)
      .map((commit) => commit.sha.slice(0, 7));
    return { notes: verdictOf(snapshot, { applies_to: 'all' }).notes, shas };
  };

  it('lists five of them in full', () => {
    const { notes, shas } = noteOn(5);
    expect(notes).toContain(
      `5 commits have an author or co-author GitHub links to no account: ${shas.slice(0, 4).join(', ')} and ${shas[4]}`,
    );
  });

  it('lists five of six and counts the rest', () => {
    const { notes, shas } = noteOn(6);
    expect(notes).toContain(
      `6 commits have an author or co-author GitHub links to no account: ${shas.slice(0, 5).join(', ')} and 1 more`,
    );
  });
});
