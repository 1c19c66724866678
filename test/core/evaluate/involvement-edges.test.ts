import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate/index.js';
import type { Snapshot } from '../../../src/core/snapshot.js';
import {
  alice,
  bob,
  claudeCoAuthor,
  coderabbit,
  copilotAgent,
  dependabotGit,
  webFlowGit,
} from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { approvalBy, verdictOf } from './helpers.js';

const AGENT_PUSH = { invalidation: 'agent_push' } as const;

describe('who counts as involved', () => {
  it('a human-only PR gated under applies_to: all has no agent traces: an older approval stands under agent_push', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git)
        .approvedBy(bob.account, 0)
        .withCommit(alice.git, (c) => c.message('Tidy up'))
        .pushedBy(alice.account),
      { applies_to: 'all', ...AGENT_PUSH },
    );
    expect(verdict.state).toBe('satisfied');
    expect(verdict.notes.some((note) => note.includes('possibly agent-made'))).toBe(false);
  });

  it('automation that authored or committed a commit is named as automation', () => {
    const authored = verdictOf(
      // GitHub commits an app's changes as web-flow.
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(dependabotGit, (c) => c.committedBy(webFlowGit))
        .pushedBy(alice.account),
    );
    expect(authored.automation.map((entry) => entry.id)).toEqual(['dependabot']);
    const committed = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) => c.committedBy(dependabotGit))
        .pushedBy(alice.account),
    );
    expect(committed.automation.map((entry) => entry.id)).toEqual(['dependabot']);
  });

  it('an agent that only reviewed a human PR is no agent of it, even under reviewer_agents: authors', () => {
    const verdict = verdictOf(
      aSnapshot().openedBy(alice.account).withCommit(alice.git).reviewedBy(coderabbit, 'COMMENTED'),
      { reviewer_agents: 'authors' },
    );
    expect(verdict.agents).toEqual([]);
    expect(verdict.labels).toEqual([]);
    expect(verdict.state).toBe('not_applicable');
  });
});

describe('under agent_push, a head GitHub lists first (forged date)', () => {
  /** alice's 0, Claude-assisted 1 (bob approves it), then a head with a human's metadata. */
  function headListedFirst(pusher: 'agent' | 'unknown'): Snapshot {
    const builder = aSnapshot()
      .openedBy(alice.account)
      .withCommit(alice.git)
      .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
      .approvedBy(bob.account, 1)
      .withCommit(alice.git, (c) => c.message('Tidy up'));
    if (pusher === 'agent') builder.pushedBy(copilotAgent);
    const snapshot = builder.build();
    const [first, second, head] = snapshot.commits;
    return { ...snapshot, commits: [head!, first!, second!] };
  }

  it('is an agent push when an agent pushed it', () => {
    const verdict = evaluate(headListedFirst('agent'), aPolicy(AGENT_PUSH));
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: false, reason: 'stale' });
  });

  it('is treated as an agent push when who pushed it is unknown', () => {
    const verdict = evaluate(headListedFirst('unknown'), aPolicy(AGENT_PUSH));
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: false, reason: 'stale' });
  });
});
