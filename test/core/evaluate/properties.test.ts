import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate/index.js';
import { Policy, type PolicyInput } from '../../../src/core/policy/schema.js';
import { type Account, Snapshot, type SnapshotInput } from '../../../src/core/snapshot.js';
import {
  AGENT_REVIEWERS,
  buildPullRequest,
  PEOPLE,
  type PullRequestShape,
  policyArb,
  pullRequestArb,
} from '../../builders/arbitrary.js';
import { fakeSha } from '../../builders/snapshot.js';
import {
  independentApproversOnHead,
  isAgentAtPullRequestLevel,
  isAgentCommit,
  participantIds,
} from './oracle.js';

const scenario = fc.tuple(pullRequestArb, policyArb);
const build = (shape: PullRequestShape, input: PolicyInput) => ({
  snapshot: buildPullRequest(shape).build(),
  policy: Policy.parse(input),
});

function withReview(snapshot: Snapshot, author: Account): Snapshot {
  const review = {
    id: 'PRR_added',
    author,
    state: 'APPROVED' as const,
    commitSha: snapshot.pullRequest.headSha,
    submittedAt: '2026-11-02T00:00:00.000Z',
    authorAssociation: 'MEMBER',
  };
  const access = {
    login: author.login,
    id: author.id,
    permission: 'admin' as const,
    teams: ['acme/platform'],
  };
  return {
    ...snapshot,
    reviews: [...snapshot.reviews, review],
    reviewerAccess: [...snapshot.reviewerAccess, access],
  };
}

describe('the guarantee, over generated pull requests', () => {
  it('a satisfied verdict has enough approvals on the head from humans who took no part (any_push)', () => {
    fc.assert(
      fc.property(scenario, ([shape, input]) => {
        const { snapshot, policy } = build(shape, { ...input, invalidation: 'any_push' });
        const verdict = evaluate(snapshot, policy);
        if (verdict.state !== 'satisfied') return;
        expect(independentApproversOnHead(snapshot, policy).size).toBeGreaterThanOrEqual(
          policy.approvals.count,
        );
        const counted = verdict.approvals.filter((approval) => approval.counted);
        for (const approval of counted) {
          expect(approval.commitSha).toBe(snapshot.pullRequest.headSha);
          expect(participantIds(snapshot).has(approval.reviewer?.id ?? -1)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('under agent_push, an approval below the head counts only if no agent touched what came after it', () => {
    fc.assert(
      fc.property(scenario, ([shape, input]) => {
        const { snapshot, policy } = build(shape, { ...input, invalidation: 'agent_push' });
        const verdict = evaluate(snapshot, policy);
        const shas = snapshot.commits.map((commit) => commit.sha);
        const pusherIsAgent = shape.pusher === null || AGENT_REVIEWERS.includes(shape.pusher);
        for (const approval of verdict.approvals.filter((entry) => entry.counted)) {
          const position = shas.indexOf(approval.commitSha ?? '');
          expect(position).toBeGreaterThanOrEqual(0);
          if (position === shas.length - 1) continue;
          // The builder chains commits linearly, so everything listed later came after it.
          expect(pusherIsAgent).toBe(false);
          for (const later of shape.commits.slice(position + 1)) expect(isAgentCommit(later)).toBe(false);
          // An agent seen only at pull-request level may have written any commit after it.
          if (!shape.commits.some(isAgentCommit)) expect(isAgentAtPullRequestLevel(shape)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("adding an agent's or a participant's approval never turns a verdict satisfied", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ([shape, input], pick) => {
        const { snapshot, policy } = build(shape, input);
        const before = evaluate(snapshot, policy);
        if (before.state === 'satisfied') return;
        const participants = [...participantIds(snapshot)];
        const humanParticipants = PEOPLE.map((person) => person.account).filter((account) =>
          participants.includes(account.id!),
        );
        const candidates = [...AGENT_REVIEWERS, ...humanParticipants];
        const reviewer = candidates[pick % candidates.length]!;
        expect(evaluate(withReview(snapshot, reviewer), policy).state).not.toBe('satisfied');
      }),
      { numRuns: 300 },
    );
  });

  it('adding a commit after the approvals never leaves the verdict satisfied under any_push', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...PEOPLE), ([shape, input], person) => {
        const { snapshot, policy } = build(shape, { ...input, invalidation: 'any_push' });
        const head = snapshot.pullRequest.headSha;
        const sha = fakeSha(777, shape.salt + 5000);
        const pushed: Snapshot = {
          ...snapshot,
          pullRequest: { ...snapshot.pullRequest, headSha: sha },
          commits: [
            ...snapshot.commits,
            {
              sha,
              parents: [head],
              author: person.git,
              committer: person.git,
              coAuthors: [],
              message: 'More',
              signature: null,
            },
          ],
          pusher: { account: person.account, source: 'event' },
        };
        expect(evaluate(pushed, policy).state).not.toBe('satisfied');
      }),
      { numRuns: 300 },
    );
  });

  it('a pull request that renames the policy file away is always gated', () => {
    fc.assert(
      fc.property(scenario, ([shape, input]) => {
        const { snapshot, policy } = build(shape, input);
        const renamesPolicy = shape.rename?.[0] === '.github/custody.yml';
        if (renamesPolicy) expect(evaluate(snapshot, policy).state).not.toBe('not_applicable');
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the same input gives a deep-equal verdict', () => {
    fc.assert(
      fc.property(scenario, ([shape, input]) => {
        const { snapshot, policy } = build(shape, input);
        expect(evaluate(structuredClone(snapshot), structuredClone(policy))).toEqual(
          evaluate(snapshot, policy),
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe('totality', () => {
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
  const account = fc.record({
    login: text,
    id: fc.option(fc.integer({ min: -1, max: 2 ** 31 }), { nil: null }),
    type: fc.constantFrom('User', 'Bot', 'Organization', 'Mannequin', 'EnterpriseUserAccount', 'Unknown'),
  });
  const gitActor = fc.record({ name: text, email: text, account: fc.option(account, { nil: null }) });
  const sha = fc.constantFrom('a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40), 'abcdef0');
  const snapshotInput = fc.record({
    schemaVersion: fc.constant(1 as const),
    repo: fc.record({ owner: fc.constant('acme'), name: fc.constant('widgets') }),
    pullRequest: fc.record({
      number: fc.integer({ min: 1, max: 99999 }),
      title: text,
      body: text,
      state: fc.constantFrom('OPEN', 'CLOSED', 'MERGED'),
      isDraft: fc.boolean(),
      baseRef: text,
      headRef: text,
      headSha: sha,
      opener: fc.option(account, { nil: null }),
      assignees: fc.array(account, { maxLength: 3 }),
    }),
    commits: fc.array(
      fc.record({
        sha,
        author: gitActor,
        committer: gitActor,
        coAuthors: fc.array(gitActor, { maxLength: 2 }),
        message: fc.oneof(
          text,
          fc.constant('Co-authored-by: Claude <noreply@anthropic.com>\nAssisted-by: x'),
        ),
        signature: fc.option(
          fc.record({
            isValid: fc.boolean(),
            state: text,
            signer: fc.option(account, { nil: null }),
            wasSignedByGitHub: fc.boolean(),
          }),
          { nil: null },
        ),
      }),
      { maxLength: 4 },
    ),
    reviews: fc.array(
      fc.record({
        author: fc.option(account, { nil: null }),
        state: fc.constantFrom('APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING'),
        commitSha: fc.option(sha, { nil: null }),
        submittedAt: fc.option(text, { nil: null }),
      }),
      { maxLength: 5 },
    ),
    files: fc.array(fc.record({ path: text, previousPath: fc.option(text, { nil: null }) }), {
      maxLength: 4,
    }),
    pusher: fc.option(fc.record({ account, source: fc.constantFrom('event', 'check-run') }), { nil: null }),
    reviewerAccess: fc.array(
      fc.record({
        login: text,
        id: fc.option(fc.integer(), { nil: null }),
        permission: fc.constantFrom('admin', 'maintain', 'write', 'triage', 'read', 'none'),
        teams: fc.array(text, { maxLength: 2 }),
      }),
      { maxLength: 4 },
    ),
  });
  const policyInput = fc.record({
    agents: fc.array(
      fc.record({
        id: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,8}$/),
        logins: fc.array(
          text.filter((s) => s.length > 0 && s.length <= 100),
          { maxLength: 2 },
        ),
        ids: fc.array(fc.integer({ min: 1, max: 2 ** 31 }), { maxLength: 2 }),
        emails: fc.array(
          text.filter((s) => s.length > 0),
          { maxLength: 2 },
        ),
        trailers: fc.array(
          text.filter((s) => s.length > 0),
          { maxLength: 2 },
        ),
        markers: fc.array(
          text.filter((s) => s.length > 0),
          { maxLength: 2 },
        ),
        branch_prefixes: fc.array(
          text.filter((s) => s.length > 0),
          { maxLength: 2 },
        ),
      }),
      { maxLength: 2 },
    ),
    paths: fc.array(
      fc.record({
        name: fc.constant('rule'),
        globs: fc.array(
          text.filter((s) => s.length > 0),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { maxLength: 2 },
    ),
    applies_to: fc.constantFrom('agents', 'agents_and_automation', 'all'),
    invalidation: fc.constantFrom('any_push', 'agent_push'),
  });

  it('never throws on schema-valid input, and never passes an inconsistent snapshot', () => {
    fc.assert(
      fc.property(snapshotInput, policyInput, (rawSnapshot, rawPolicy) => {
        const snapshot = Snapshot.safeParse(rawSnapshot as SnapshotInput);
        const policy = Policy.safeParse(rawPolicy);
        if (!snapshot.success || !policy.success) return;
        const verdict = evaluate(snapshot.data, policy.data);
        const commits = snapshot.data.commits;
        if (!commits.some((commit) => commit.sha === snapshot.data.pullRequest.headSha)) {
          expect(verdict.state).toBe('error');
        }
      }),
      { numRuns: 500 },
    );
  });
});
