import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { explainLive, parseTarget } from '../../src/cli/explain-live.js';
import { Snapshot } from '../../src/core/snapshot.js';
import { commit, pullRequestExchanges } from '../fixtures/graphql/pull-request-fixture.js';
import { useStrictNock } from '../fixtures/graphql/strict-nock.js';

useStrictNock();

describe('explainLive', () => {
  it('reads a pull request from a GitHub Enterprise Server address, read-only, and saves the snapshot', async () => {
    const [main] = pullRequestExchanges(
      { commits: [commit(1)], repoPolicy: 'approvals:\n  count: 2\n' },
      null,
    );
    nock('https://ghe.example.com', { reqheaders: { authorization: 'token ghp_test' } })
      .post(
        '/api/graphql',
        (body) => body.query === main!.document && isDeepStrictEqual(body.variables, main!.variables),
      )
      .reply(200, main!.response);
    const file = join(mkdtempSync(join(tmpdir(), 'custody-')), 'pr.json');

    const result = await explainLive('acme/rocket#42', {
      token: 'ghp_test',
      apiUrl: 'https://ghe.example.com/api/v3',
      saveSnapshot: file,
    });

    expect(result.policy).toMatchObject({ ok: true, source: 'repo', policy: { approvals: { count: 2 } } });
    expect(Snapshot.parse(JSON.parse(readFileSync(file, 'utf8')))).toEqual(result.snapshot);
  });

  it('accepts owner/repo#n and pull request addresses only', () => {
    expect(parseTarget('https://github.com/acme/rocket/pull/42')).toEqual({
      owner: 'acme',
      repo: 'rocket',
      number: 42,
    });
    expect(() => parseTarget('acme/rocket')).toThrow(/owner\/repo#123/);
  });
});
