import fc from 'fast-check';
import type { PolicyInput } from '../../src/core/policy/schema.js';
import type { Account, GitActor, Permission, ReviewState } from '../../src/core/snapshot.js';
import {
  CLAUDE_FOOTER,
  claudeCoAuthor,
  coderabbit,
  copilotAgent,
  copilotAgentGit,
  copilotReviewer,
  dependabot,
  dependabotGit,
  devin,
  devinGit,
  HUMANS,
  unlinkedGit,
  webFlowGit,
} from './identities.js';
import { aSnapshot, type ReviewedCommit, type SnapshotBuilder } from './snapshot.js';

/**
 * fast-check arbitraries for realistic pull requests: every actor is one of the real
 * identity shapes, mixed at random (agents, humans, co-authored commits, AI reviewers).
 */

const humanGit = HUMANS.map((person) => person.git);
const humanAccounts = HUMANS.map((person) => person.account);
// Writers are drawn mostly from the first three people, reviewers mostly from the last two, so
// independent approvals are common but participants approving still happens.
const writerGit = humanGit.slice(0, 3);
const writerAccounts = humanAccounts.slice(0, 3);
const reviewerAccounts = humanAccounts.slice(3);
export const AGENT_REVIEWERS: readonly Account[] = [copilotReviewer, coderabbit, copilotAgent, devin];

const authorArb: fc.Arbitrary<GitActor> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...writerGit) },
  { weight: 3, arbitrary: fc.constant(copilotAgentGit) },
  { weight: 1, arbitrary: fc.constantFrom(devinGit, dependabotGit, unlinkedGit) },
);

/** Mostly true or mostly false: keeps every branch reachable without drowning the common case. */
const rarely = fc.oneof(
  { weight: 6, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
);

const commitArb = fc.record({
  author: authorArb,
  committer: fc.option(fc.constantFrom(webFlowGit, ...writerGit, copilotAgentGit), { nil: null, freq: 2 }),
  coAuthors: fc.subarray([...writerGit, claudeCoAuthor, claudeCoAuthor, claudeCoAuthor], { maxLength: 2 }),
  footer: rarely,
  signed: fc.boolean(),
});

const reviewArb = fc.record({
  reviewer: fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom<Account | null>(...reviewerAccounts) },
    { weight: 4, arbitrary: fc.constantFrom<Account | null>(...writerAccounts) },
    { weight: 2, arbitrary: fc.constantFrom<Account | null>(...AGENT_REVIEWERS, dependabot) },
    { weight: 1, arbitrary: fc.constant<Account | null>(null) },
  ),
  state: fc.oneof(
    { weight: 6, arbitrary: fc.constant<ReviewState>('APPROVED') },
    { weight: 1, arbitrary: fc.constantFrom<ReviewState>('CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED') },
  ),
  on: fc.oneof(
    { weight: 8, arbitrary: fc.constant<'head'>('head') },
    { weight: 2, arbitrary: fc.nat({ max: 5 }) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
});

export const pullRequestArb = fc.record({
  opener: fc.constantFrom<Account | null>(
    ...writerAccounts,
    copilotAgent,
    copilotAgent,
    devin,
    dependabot,
    null,
  ),
  assignees: fc.subarray(humanAccounts, { maxLength: 1 }),
  commits: fc.array(commitArb, { minLength: 1, maxLength: 5 }),
  reviews: fc.array(reviewArb, { minLength: 1, maxLength: 8 }),
  pusher: fc.constantFrom<Account | null>(
    null,
    ...writerAccounts,
    ...writerAccounts,
    humanAccounts[3]!,
    copilotAgent,
    devin,
  ),
  access: fc.array(
    fc.record({
      permission: fc.constantFrom<Permission>('read', 'write', 'write', 'write', 'maintain', 'admin'),
      platform: fc.boolean(),
    }),
    { minLength: HUMANS.length, maxLength: HUMANS.length },
  ),
  files: fc.subarray(['src/retry.ts', 'infra/main.tf', '.github/workflows/ci.yml', 'docs/guide.md'], {
    minLength: 1,
  }),
  salt: fc.nat({ max: 1000 }),
});
export type PullRequestShape = typeof pullRequestArb extends fc.Arbitrary<infer T> ? T : never;

export function buildPullRequest(shape: PullRequestShape): SnapshotBuilder {
  const builder = aSnapshot()
    .openedBy(shape.opener)
    .assignedTo(...shape.assignees)
    .shaSalt(shape.salt);
  for (const commit of shape.commits) {
    builder.withCommit(commit.author, (c) => {
      if (commit.committer !== null) c.committedBy(commit.committer);
      for (const coAuthor of commit.coAuthors) c.coAuthoredBy(coAuthor);
      if (commit.footer) c.line(CLAUDE_FOOTER);
      if (commit.signed) c.signed();
      return c;
    });
  }
  for (const review of shape.reviews) {
    const on: ReviewedCommit = typeof review.on === 'number' ? review.on % shape.commits.length : review.on;
    builder.reviewedBy(review.reviewer, review.state, on);
  }
  if (shape.pusher !== null) builder.pushedBy(shape.pusher);
  HUMANS.forEach((person, index) => {
    const access = shape.access[index]!;
    builder.withAccess(person.account, access.permission, access.platform ? ['acme/platform'] : []);
  });
  return builder.withFiles(...shape.files);
}

export const policyArb: fc.Arbitrary<PolicyInput> = fc.record({
  applies_to: fc.constantFrom('agents', 'agents_and_automation', 'all'),
  unknown_bots: fc.constantFrom('agent', 'automation'),
  approvals: fc.record({
    count: fc.constantFrom(1, 1, 1, 2, 3),
    permission: fc.constantFrom('write', 'write', 'write', 'maintain', 'admin'),
    teams: fc.constantFrom([], [], [], ['acme/platform']),
  }),
  invalidation: fc.constantFrom('any_push', 'agent_push'),
  paths: fc.constantFrom(
    [],
    [],
    [],
    [{ name: 'infra', globs: ['infra/**', '.github/**'], approvals: 2, teams: ['acme/platform'] }],
  ),
  signatures: fc.record({ agent_commits: fc.constantFrom('off', 'off', 'off', 'required') }),
  handoff: fc.record({
    approvals: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    block: rarely,
  }),
  unattributed_commits: fc.constantFrom('flag', 'flag', 'flag', 'block'),
  labels: fc.record({ enabled: fc.boolean() }),
}) as fc.Arbitrary<PolicyInput>;
