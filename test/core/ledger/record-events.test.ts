import { describe, expect, it } from 'vitest';
import {
  deriveHistory,
  Fact,
  type FactInput,
  recordPullRequestEvent,
  recordPush,
  recordReview,
} from '../../../src/core/ledger/index.js';
import { mapRestUser } from '../../../src/github/map-account.js';
import { loadWebhook } from '../../fixtures/webhooks/load-webhook.js';

const seen = { occurredAt: '2026-01-02T03:04:05.000Z', toAccount: mapRestUser };
const parse = (facts: FactInput[]) => facts.map((fact) => Fact.parse(fact));
const erin = { login: 'erin', id: 77, type: 'User' as const };
const alice = { login: 'alice', id: 11, type: 'User' as const };

describe('recordPush', () => {
  it('records ref, before → after, forced, the sender as pusher and the commits with their authors', () => {
    const payload = loadWebhook('push', (p) => p.commits.length > 0);
    const [fact] = parse(recordPush(payload, seen));
    expect(fact).toMatchObject({
      kind: 'push',
      ref: payload.ref,
      before: payload.before,
      after: payload.after,
      forced: payload.forced,
      pusher: { login: payload.sender!.login, id: payload.sender!.id },
      repo: { owner: payload.repository.owner!.login, name: payload.repository.name },
    });
    expect(fact?.kind === 'push' && fact.commits.map((c) => c.sha)).toEqual(payload.commits.map((c) => c.id));
  });

  it('records nothing for a tag', () => {
    const payload = loadWebhook('push', () => true, { ref: 'refs/tags/v1' });
    expect(recordPush(payload, seen)).toEqual([]);
  });
});

describe('recordPullRequestEvent', () => {
  it('records the `opened` sender as the opener, never as a pusher, with the body and assignees', () => {
    const payload = loadWebhook('pull_request', 'opened', { sender: erin });
    const facts = parse(
      recordPullRequestEvent(
        { ...payload, pull_request: { ...payload.pull_request, assignees: [alice as never] } },
        seen,
      ),
    );
    expect(facts.map((f) => f.kind)).toEqual(['pr-opened', 'body-revision', 'assignment']);
    expect(facts[0]).toMatchObject({
      opener: { login: 'erin', id: 77 },
      headSha: payload.pull_request.head.sha,
    });
    const history = deriveHistory(facts, {
      number: payload.pull_request.number,
      headRef: payload.pull_request.head.ref,
      commitShas: [payload.pull_request.head.sha],
    });
    expect(history.pushers).toEqual([]);
    expect(history.delegators.map((d) => d.account.login)).toEqual(['alice']);
  });

  it('keeps the synchronize sender as a pusher of that head', () => {
    const payload = loadWebhook('pull_request', 'synchronize', { sender: erin });
    const facts = parse(recordPullRequestEvent(payload, seen));
    expect(facts).toEqual([
      expect.objectContaining({ kind: 'synchronize', after: (payload as { after: string }).after }),
    ]);
    const history = deriveHistory(facts, {
      number: payload.pull_request.number,
      headRef: payload.pull_request.head.ref,
      commitShas: [],
    });
    expect(history.pushers.map((p) => p.account.login)).toEqual(['erin']);
  });

  it('records both sides of a body edit, and a base change', () => {
    const payload = loadWebhook('pull_request', 'opened', {
      action: 'edited',
      changes: {
        body: { from: 'Requested by: @alice' },
        base: { ref: { from: 'dev' }, sha: { from: 'a'.repeat(40) } },
      },
    });
    const facts = parse(recordPullRequestEvent(payload, seen));
    expect(facts.map((f) => f.kind)).toEqual(['body-revision', 'body-revision', 'base-changed']);
    expect(facts[0]).toMatchObject({ body: 'Requested by: @alice' });
    expect(facts[2]).toMatchObject({ from: 'dev', to: payload.pull_request.base.ref });
  });

  it('records an unassignment without ever removing the delegator it undoes', () => {
    const assigned = loadWebhook('pull_request', 'assigned', { assignee: alice });
    const unassigned = loadWebhook('pull_request', 'unassigned', { assignee: alice });
    const facts = parse([
      ...recordPullRequestEvent(assigned, seen),
      ...recordPullRequestEvent(unassigned, seen),
    ]);
    const changes = facts.filter((f) => f.kind === 'assignment' && f.assignee.login === 'alice');
    expect(changes.map((f) => f.kind === 'assignment' && f.assigned)).toEqual([true, false]);
    const history = deriveHistory(facts, {
      number: assigned.pull_request.number,
      headRef: assigned.pull_request.head.ref,
      commitShas: [],
    });
    expect(history.delegators.map((d) => d.account.login)).toContain('alice');
  });

  it('an unassignment alone proves the assignment whose delivery was lost; those still assigned are kept', () => {
    const unassigned = loadWebhook('pull_request', 'unassigned', { assignee: alice });
    const stillAssigned = (unassigned.pull_request.assignees ?? [])
      .map((user) => user.login)
      .filter((login) => login !== 'alice');
    const facts = parse(recordPullRequestEvent(unassigned, seen));
    const history = deriveHistory(facts, {
      number: unassigned.pull_request.number,
      headRef: unassigned.pull_request.head.ref,
      commitShas: [],
    });
    const delegators = history.delegators.map((d) => [d.account.login, d.via]);
    expect(delegators).toContainEqual(['alice', 'assignee']);
    for (const login of stillAssigned) expect(delegators).toContainEqual([login, 'assignee']);
  });

  it('reads requesters from every body revision it is given a reader for', () => {
    const payload = loadWebhook('pull_request', 'opened', {
      action: 'edited',
      changes: { body: { from: 'Requested by: @alice' } },
    });
    const facts = parse(recordPullRequestEvent(payload, seen));
    const history = deriveHistory(
      facts,
      { number: payload.pull_request.number, headRef: payload.pull_request.head.ref, commitShas: [] },
      (body) => (body.includes('@alice') ? [{ login: 'alice', agent: 'Devin' }] : []),
    );
    expect(history.delegators).toEqual([
      expect.objectContaining({
        account: expect.objectContaining({ login: 'alice' }),
        via: 'requester',
        agent: 'Devin',
      }),
    ]);
  });

  it('records a merge-closing with merged set', () => {
    const payload = loadWebhook('pull_request', 'closed', { pull_request: { merged: true } });
    expect(parse(recordPullRequestEvent(payload, seen))).toEqual([
      expect.objectContaining({ kind: 'pr-closed', merged: true }),
    ]);
  });
});

describe('recordReview', () => {
  it('records the review as seen: reviewer, state in GraphQL spelling, commit', () => {
    const payload = loadWebhook('pull_request_review', 'submitted');
    expect(parse(recordReview(payload, seen))).toEqual([
      expect.objectContaining({
        kind: 'review',
        state: payload.review.state.toUpperCase(),
        commitSha: payload.review.commit_id,
        reviewer: expect.objectContaining({ login: payload.review.user!.login }),
      }),
    ]);
  });
});
