import { describe, expect, it } from 'vitest';
import { alice, claudeCoAuthor } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { requirement, verdictOf } from './helpers.js';

/**
 * Path rules' globs match dot-files and dot-folders too (picomatch `dot: true`, as the policy
 * reference says): `**` must not let `.github/` or `infra/.env` slip past a protected folder.
 */

const claudePullRequest = (...paths: string[]) =>
  aSnapshot()
    .openedBy(alice.account)
    .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
    .withFiles(...paths)
    .pushedBy(alice.account);

describe('a wildcard glob', () => {
  it('covers a dot-folder it does not spell out', () => {
    const verdict = verdictOf(claudePullRequest('src/retry.ts', '.github/workflows/release.yml'), {
      paths: [{ name: 'yaml', globs: ['**/*.yml'], approvals: 2 }],
    });
    expect(requirement(verdict, 'path:yaml').title).toMatch(
      /^Path rule "yaml" \(\.github\/workflows\/release\.yml\): 2 approvals/,
    );
  });

  it('covers a dot-file inside a protected folder', () => {
    const verdict = verdictOf(claudePullRequest('infra/.env'), {
      paths: [{ name: 'infra', globs: ['infra/*'], approvals: 2 }],
    });
    expect(verdict.requirements.map((entry) => entry.id)).toEqual(['approvals', 'path:infra']);
  });
});
