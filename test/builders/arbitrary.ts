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
  type Human,
  human,
  unlinkedGit,
  webFlowGit,
} from './identities.js';
import { aSnapshot, type ReviewedCommit, type SnapshotBuilder } from './snapshot.js';

/**
 * fast-check arbitraries for realistic pull requests: every actor is one of the real
 * identity shapes, mixed at random (agents, humans, co-authored commits, AI reviewers).
 */

/** An enterprise-managed user: a `User` whose login carries the enterprise's short code. */
const emuHuman: Human = human('frank_acme', 6789012, 'Frank Acme');
/** Everyone the generators draw from; the oracles treat each of them as a human by id. */
export const PEOPLE: readonly Human[] = [...HUMANS, emuHuman];

/**
 * The ways a person's git identity reaches GitHub: the linked noreply email, a corporate email
 * GitHub links to the account, or a noreply trailer GitHub left unresolved (mixed-case login).
 */
function gitIdentitiesOf(person: Human): GitActor[] {
  const { login, id } = person.account;
  const shouted = login.toUpperCase();
  return [
    person.git,
    { name: person.git.name, email: `${login}@acme.example`, account: person.account },
    { name: person.git.name, email: `${id}+${shouted}@users.noreply.github.com`, account: null },
  ];
}

const writers = [PEOPLE[0]!, PEOPLE[1]!, PEOPLE[2]!, emuHuman];
// Writers are drawn mostly from the first three people, reviewers mostly from the last two, so
// independent approvals are common but participants approving still happens.
const writerGit = writers.flatMap(gitIdentitiesOf);
const writerAccounts = writers.map((person) => person.account);
const reviewerPeople = [PEOPLE[3]!, PEOPLE[4]!];
const reviewerAccounts = reviewerPeople.map((person) => person.account);
/** The same ids under a new login: GitHub accounts can be renamed. */
const renamedAccounts: Account[] = [...reviewerPeople, ...writers].map(({ account }) => ({
  ...account,
  login: `${account.login}-renamed`,
}));
const mannequin: Account = { login: 'imported-dave', id: 9_000_001, type: 'Mannequin' };
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
  committer: fc.option(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(webFlowGit, copilotAgentGit) },
      { weight: 4, arbitrary: fc.constantFrom(...writerGit) },
    ),
    { nil: null, freq: 2 },
  ),
  coAuthors: fc.array(fc.oneof(fc.constantFrom(...writerGit), fc.constant(claudeCoAuthor)), { maxLength: 2 }),
  footer: rarely,
  signed: fc.boolean(),
});

const reviewArb = fc.record({
  reviewer: fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom<Account | null>(...reviewerAccounts) },
    { weight: 4, arbitrary: fc.constantFrom<Account | null>(...writerAccounts) },
    { weight: 2, arbitrary: fc.constantFrom<Account | null>(...renamedAccounts) },
    { weight: 2, arbitrary: fc.constantFrom<Account | null>(...AGENT_REVIEWERS, dependabot) },
    { weight: 1, arbitrary: fc.constantFrom<Account | null>(null, mannequin) },
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
  assignees: fc.subarray(
    PEOPLE.map((person) => person.account),
    { maxLength: 1 },
  ),
  commits: fc.array(commitArb, { minLength: 1, maxLength: 5 }),
  reviews: fc.array(reviewArb, { minLength: 1, maxLength: 8 }),
  pusher: fc.constantFrom<Account | null>(
    null,
    ...writerAccounts,
    ...writerAccounts,
    reviewerAccounts[0]!,
    copilotAgent,
    devin,
  ),
  access: fc.array(
    fc.record({
      permission: fc.constantFrom<Permission>('read', 'write', 'write', 'write', 'maintain', 'admin'),
      platform: fc.boolean(),
    }),
    { minLength: PEOPLE.length, maxLength: PEOPLE.length },
  ),
  files: fc.subarray(['src/retry.ts', 'infra/main.tf', '.github/workflows/ci.yml', 'docs/guide.md'], {
    minLength: 1,
  }),
  /** Renames, the policy file's among them: renaming it away changes the policy. */
  rename: fc.constantFrom<[string, string] | null>(
    null,
    null,
    ['docs/old.md', 'docs/new.md'],
    ['.github/custody.yml', '.github/custody.yml.off'],
  ),
  /** Agent traces outside the commits: a marker in the body or an agent's branch prefix. */
  hint: fc.constantFrom<'body' | 'branch' | null>(null, null, null, null, 'body', 'branch'),
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
  if (shape.hint === 'body') builder.body(`Drafted by an agent.\n\n${CLAUDE_FOOTER}`);
  if (shape.hint === 'branch') builder.headRef('claude/retry-jitter');
  PEOPLE.forEach((person, index) => {
    const access = shape.access[index]!;
    builder.withAccess(person.account, access.permission, access.platform ? ['acme/platform'] : []);
  });
  builder.withFiles(...shape.files);
  if (shape.rename !== null) builder.withRename(...shape.rename);
  return builder;
}

export const policyArb: fc.Arbitrary<PolicyInput> = fc.record({
  applies_to: fc.constantFrom('agents', 'agents_and_automation', 'all'),
  unknown_bots: fc.constantFrom('agent', 'automation'),
  approvals: fc.record({
    count: fc.constantFrom(1, 1, 1, 2, 3),
    permission: fc.constantFrom('write', 'write', 'write', 'maintain', 'admin'),
    teams: fc.constantFrom([], [], [], ['acme/platform']),
    // Users-only allow-lists too, spelled in any case.
    users: fc.constantFrom([], [], [], ['Dave'], ['erin', 'FRANK_ACME']),
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
