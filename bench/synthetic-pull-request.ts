import type { PolicyInput } from '../src/core/policy/schema.js';
import type { Snapshot } from '../src/core/snapshot.js';
import {
  alice,
  bob,
  CLAUDE_FOOTER,
  carol,
  claudeCoAuthor,
  coderabbit,
  copilotAgent,
  copilotAgentGit,
  copilotReviewer,
  dave,
  devinGit,
  erin,
  HUMANS,
  webFlowGit,
} from '../test/builders/identities.js';
import { aSnapshot } from '../test/builders/snapshot.js';

/** A small deterministic PRNG (mulberry32), so every run measures the same snapshot. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BODY =
  'The retry loop slept for a fixed interval, so every client woke up at once after an outage.\n' +
  'Use exponential backoff with full jitter, cap it at 30 s, and cover it with a fake clock.';
const DIRECTORIES = [
  'src/core',
  'src/github',
  'src/app/handlers',
  'test/core',
  'docs',
  'infra/terraform',
  '.github/workflows',
];

/**
 * A pull request shaped like a long-lived agent branch: commits by the Copilot coding agent
 * (co-authored by the requester, committed by web-flow), human commits with Claude Code's
 * trailer and footer, plain human commits, Devin commits and web-flow merge commits; reviews
 * by humans and AI reviewers on assorted commits; thousands of changed files.
 */
export function syntheticPullRequest(commitCount: number, reviewCount = 100, fileCount = 3000): Snapshot {
  const next = random(commitCount);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const builder = aSnapshot()
    .openedBy(copilotAgent)
    .assignedTo(alice.account)
    .headRef('copilot/retry-jitter');
  for (let i = 0; i < commitCount; i += 1) {
    const roll = next();
    const headline = `${pick(['Fix', 'Add', 'Refactor', 'Test', 'Document'])} ${pick(['retry', 'backoff', 'clock', 'queue'])} handling (#${i})`;
    if (roll < 0.3) {
      builder.withCommit(copilotAgentGit, (c) =>
        c.message(headline).line(BODY).coAuthoredBy(alice.git).committedBy(webFlowGit).signedByGitHub(),
      );
    } else if (roll < 0.6) {
      const person = pick([alice, bob, carol]);
      builder.withCommit(person.git, (c) =>
        c.message(headline).line(BODY).line(CLAUDE_FOOTER).coAuthoredBy(claudeCoAuthor),
      );
    } else if (roll < 0.9) {
      builder.withCommit(pick([alice, bob, carol]).git, (c) => c.message(headline).line(BODY));
    } else if (roll < 0.95) {
      builder.withCommit(devinGit, (c) => c.message(headline).line(BODY));
    } else {
      builder.withCommit(alice.git, (c) =>
        c.message(`Merge branch 'main' into copilot/retry-jitter`).committedBy(webFlowGit),
      );
    }
  }
  const reviewers = [dave.account, erin.account, bob.account, copilotReviewer, coderabbit];
  for (let i = 0; i < reviewCount; i += 1) {
    const state = pick(['APPROVED', 'APPROVED', 'COMMENTED', 'CHANGES_REQUESTED'] as const);
    const on = i >= reviewCount - 5 ? 'head' : Math.floor(next() * commitCount);
    builder.reviewedBy(pick(reviewers), state, on);
  }
  builder.approvedBy(dave.account).approvedBy(erin.account);
  builder
    .withAccess(dave.account, 'write', ['acme/platform'])
    .withAccess(erin.account, 'admin', ['acme/platform']);
  const files = Array.from({ length: fileCount }, (_, i) => `${pick(DIRECTORIES)}/module-${i}/file-${i}.ts`);
  builder.withFiles(...files).withRename('infra/old/main.tf', 'infra/terraform/main.tf');
  builder.pushedBy(HUMANS[0]!.account);
  return builder.build();
}

/** A policy that exercises every rule: path rules over 3,000 files, signatures, handoff. */
export const BENCH_POLICY: PolicyInput = {
  approvals: { count: 2 },
  paths: [
    { name: 'infra', globs: ['infra/**', '.github/workflows/**'], approvals: 2, teams: ['acme/platform'] },
    { name: 'docs', globs: ['docs/**/*.md', '**/*.mdx'], approvals: 1 },
  ],
  signatures: { agent_commits: 'required' },
  handoff: { approvals: 2 },
};
