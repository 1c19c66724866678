import { describe, expect, it } from 'vitest';
import { evaluate, mergeEventPusher } from '../../../src/core/evaluate/index.js';
import { alice, bob, devin } from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot } from '../../builders/snapshot.js';

/** Alice's two commits; the read found no record of who pushed the head. */
const unknownPusher = () =>
  aSnapshot()
    .openedBy(alice.account)
    .withCommit(alice.git)
    .withCommit(alice.git)
    .approvedBy(bob.account)
    .build();

describe('the pusher an opened/synchronize event names', () => {
  it('is who pushed the head when the event pushed the head that was read', () => {
    const snapshot = unknownPusher();
    const merged = mergeEventPusher(snapshot, { headSha: snapshot.pullRequest.headSha, account: devin });
    expect(merged.pusher).toEqual({ account: devin, source: 'event' });
    const verdict = evaluate(merged, aPolicy());
    expect(verdict.agents.map((agent) => agent.id)).toEqual(['devin']);
    expect(verdict.chain).toContainEqual(
      expect.objectContaining({ role: 'pusher', actor: '@devin-ai-integration', kind: 'agent' }),
    );
  });

  it('says nothing of a newer head: the agent that pushed an older one is not its pusher', () => {
    const snapshot = unknownPusher();
    const older = snapshot.commits[0]!.sha;
    const merged = mergeEventPusher(snapshot, { headSha: older, account: devin });
    expect(merged.pusher).toBeNull();
    const verdict = evaluate(merged, aPolicy());
    expect(verdict.state).toBe('not_applicable');
    expect(verdict.chain.some((row) => row.role === 'pusher')).toBe(false);
  });

  it('leaves the read as it is when the event named nobody', () => {
    const snapshot = unknownPusher();
    expect(mergeEventPusher(snapshot, null)).toEqual(snapshot);
  });
});
