import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/core/policy/schema.js';
import { loadPolicy, validateProposedPolicy } from '../../src/github/load-policy.js';
import { API, testOctokit, useStrictNock } from '../fixtures/graphql/strict-nock.js';

const repo = { owner: 'acme', repo: 'rocket' };
const raw = (owner: string, name: string, path: string) =>
  nock(API, { reqheaders: { accept: 'application/vnd.github.v3.raw' } }).get(
    `/repos/${owner}/${name}/contents/${path.split('/').map(encodeURIComponent).join('%2F')}`,
  );

useStrictNock();

describe('loadPolicy', () => {
  it('uses the base branch’s file when there is one, and makes no request', async () => {
    const result = await loadPolicy(testOctokit(), repo, {
      repo: 'approvals:\n  count: 2\n',
      org: 'approvals:\n  count: 3\n',
    });

    expect(result).toMatchObject({ ok: true, source: 'repo', policy: { approvals: { count: 2 } } });
  });

  it('falls back to the organisation’s .github repository', async () => {
    const result = await loadPolicy(testOctokit(), repo, { repo: null, org: 'approvals:\n  count: 3\n' });

    expect(result).toMatchObject({ ok: true, source: 'org', policy: { approvals: { count: 3 } } });
  });

  it('uses the documented defaults when neither file exists', async () => {
    expect(await loadPolicy(testOctokit(), repo, { repo: null, org: null })).toEqual({
      ok: true,
      source: 'default',
      policy: DEFAULT_POLICY,
      origin: { files: [], orgRepository: 'acme/.github', orgUnreadable: false },
    });
  });

  it('returns located errors for an invalid file', async () => {
    const result = await loadPolicy(testOctokit(), repo, { repo: 'approvals:\n  count: 0\n', org: null });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatchObject({
      file: '.github/custody.yml',
      path: 'approvals.count',
      line: 2,
    });
  });

  it('never falls back to the organisation’s file when the repository’s is invalid', async () => {
    const result = await loadPolicy(testOctokit(), repo, {
      repo: 'applies_to: nobody\n',
      org: 'approvals:\n  count: 3\n',
    });

    expect(result.ok).toBe(false);
  });

  it('extends the organisation policy, local keys winning', async () => {
    raw('acme', '.github', '.github/custody.yml').reply(
      200,
      'approvals:\n  count: 2\n  permission: maintain\n',
    );

    const result = await loadPolicy(testOctokit(), repo, {
      repo: '_extends: .github\napprovals:\n  count: 3\n',
      org: null,
    });

    expect(result).toMatchObject({
      ok: true,
      source: 'repo',
      policy: { approvals: { count: 3, permission: 'maintain' } },
    });
  });

  it('names every source it used, the base branch and the extended repository', async () => {
    raw('acme', '.github', '.github/custody.yml').reply(200, 'approvals:\n  count: 2\n');
    raw('acme', 'policies', 'custody/base.yml').reply(200, 'approvals:\n  count: 2\n');

    const extendsOrg = await loadPolicy(testOctokit(), repo, {
      repo: '_extends: .github\n',
      org: null,
      baseRef: 'main',
    });
    const extendsPath = await loadPolicy(testOctokit(), repo, {
      repo: '_extends: policies:custody/base.yml\n',
      org: null,
      baseRef: 'release/2',
    });
    const orgOnly = await loadPolicy(testOctokit(), repo, { repo: null, org: 'approvals:\n  count: 2\n' });

    expect(extendsOrg.ok && extendsOrg.origin.files).toEqual([
      'acme/rocket@main:.github/custody.yml',
      'acme/.github',
    ]);
    expect(extendsPath.ok && extendsPath.origin.files).toEqual([
      'acme/rocket@release/2:.github/custody.yml',
      'acme/policies:custody/base.yml',
    ]);
    expect(orgOnly.ok && orgOnly.origin.files).toEqual(['acme/.github:.github/custody.yml']);
  });

  it('reports an unreadable organisation repository instead of treating it as no policy', async () => {
    const result = await loadPolicy(testOctokit(), repo, { repo: null, org: null, orgReadable: false });

    expect(result).toMatchObject({ ok: true, source: 'default', origin: { orgUnreadable: true } });
  });

  it('refuses an _extends into another organisation, without a request', async () => {
    const result = await loadPolicy(testOctokit(), repo, {
      repo: 'approvals:\n  count: 2\n_extends: evil/policies:custody.yml\n',
      org: null,
    });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatchObject({
      path: '_extends',
      line: 3,
      message: expect.stringContaining('another organisation'),
    });
  });

  it('locates errors inside the extended file', async () => {
    raw('acme', 'policies', 'custody/base.yml').reply(200, 'approvals:\n  permission: read\n');

    const result = await loadPolicy(testOctokit(), repo, {
      repo: '_extends: policies:custody/base.yml\n',
      org: null,
    });

    expect(!result.ok && result.errors[0]).toMatchObject({
      file: 'acme/policies:custody/base.yml',
      path: 'approvals.permission',
      line: 2,
    });
  });

  it('says so when the extended file does not exist', async () => {
    raw('acme', '.github', '.github/custody.yml').reply(404, { message: 'Not Found' });

    const result = await loadPolicy(testOctokit(), repo, { repo: '_extends: .github\n', org: null });

    expect(!result.ok && result.errors[0]?.message).toMatch(
      /acme\/\.github:\.github\/custody\.yml was not found/,
    );
  });

  it('stops an _extends chain after one level', async () => {
    raw('acme', '.github', '.github/custody.yml').reply(200, '_extends: policies\n');

    const result = await loadPolicy(testOctokit(), repo, { repo: '_extends: .github\n', org: null });

    expect(!result.ok && result.errors[0]).toMatchObject({
      file: 'acme/.github:.github/custody.yml',
      message: expect.stringContaining('one level'),
    });
  });

  it('refuses an organisation file that extends itself', async () => {
    const result = await loadPolicy(testOctokit(), repo, { repo: null, org: '_extends: .github\n' });

    expect(!result.ok && result.errors[0]?.message).toBe('extends the file itself');
  });
});

describe('validateProposedPolicy', () => {
  const head = 'c0ffee'.padEnd(40, '0');
  const proposed = () =>
    nock(API, { reqheaders: { accept: 'application/vnd.github.v3.raw' } })
      .get('/repos/acme/rocket/contents/.github%2Fcustody.yml')
      .query({ ref: head });

  it('reads nothing when the pull request does not change the policy file', async () => {
    const files = [{ path: 'src/main.ts' }];
    expect(await validateProposedPolicy(testOctokit(), repo, { headSha: head, files })).toBeNull();
  });

  it('locates the errors of the proposed file, read at the head commit', async () => {
    proposed().reply(200, 'approvals:\n  count: 0\n');

    const errors = await validateProposedPolicy(testOctokit(), repo, {
      headSha: head,
      files: [{ path: '.github/custody.yml' }],
    });

    expect(errors).toEqual([
      expect.objectContaining({ file: '.github/custody.yml', path: 'approvals.count', line: 2 }),
    ]);
  });

  it('has nothing to say when the pull request deletes the file', async () => {
    proposed().reply(404, { message: 'Not Found' });
    const files = [{ path: '.github/custody.yml' }];
    expect(await validateProposedPolicy(testOctokit(), repo, { headSha: head, files })).toBeNull();
  });
});
