import { beforeEach } from 'vitest';
import { buildCatalogue, type Catalogue } from '../../../src/core/identity/index.js';
import { DEFAULT_POLICY } from '../../../src/core/policy/schema.js';
import type { Account, Commit, GitActor, Snapshot } from '../../../src/core/snapshot.js';

/**
 * The built-in catalogue under the default policy, built afresh for each test (about 2 ms):
 * built once at import it would run outside every test, and mutation testing would then have
 * to judge each change to the catalogue code with the whole suite instead of the tests using it.
 */
export let catalogue: Catalogue;
export function rebuildCatalogue(): void {
  catalogue = buildCatalogue(DEFAULT_POLICY);
}
beforeEach(rebuildCatalogue);

export const octocat: Account = { login: 'octocat', id: 583231, type: 'User' };
export const octocatActor: GitActor = {
  name: 'The Octocat',
  email: '583231+octocat@users.noreply.github.com',
  account: octocat,
};
/** GitHub's committer for web edits and merges (§3 of the research). */
export const webFlow: GitActor = {
  name: 'GitHub',
  email: 'noreply@github.com',
  account: { login: 'web-flow', id: 19864447, type: 'User' },
};

export function aCommit(overrides: Partial<Commit> = {}): Commit {
  return {
    sha: '0123456789abcdef0123456789abcdef01234567',
    parents: [],
    author: octocatActor,
    committer: octocatActor,
    coAuthors: [],
    message: 'Fix the widget',
    signature: null,
    ...overrides,
  };
}

export function aPullRequest(overrides: Partial<Snapshot['pullRequest']> = {}): Snapshot['pullRequest'] {
  return {
    number: 42,
    title: 'Fix the widget',
    body: '',
    state: 'OPEN',
    isDraft: false,
    createdAt: null,
    baseRef: 'main',
    baseSha: null,
    headRef: 'fix-widget',
    headSha: 'abcdef0123456789abcdef0123456789abcdef01',
    isFork: false,
    opener: octocat,
    assignees: [],
    labels: [],
    ...overrides,
  };
}
