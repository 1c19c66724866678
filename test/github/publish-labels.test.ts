import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/core/policy/schema.js';
import { renderLabelChanges } from '../../src/core/render/render-labels.js';
import { publishLabels } from '../../src/github/publish-labels.js';
import { API, testOctokit, useStrictNock } from '../fixtures/graphql/strict-nock.js';

useStrictNock();

const target = { owner: 'acme', repo: 'rocket', number: 42 };
const agents = [{ id: 'claude', name: 'Claude Code' }];
/** The label writes as the app renders them, from the labels on the PR and the wanted ones. */
const changes = (current: string[], wanted: string[]) =>
  renderLabelChanges(current, wanted, DEFAULT_POLICY.labels, agents);

describe('publishLabels', () => {
  it('creates a missing label with colour and description, then adds it', async () => {
    const created: unknown[] = [];
    const added: unknown[] = [];
    nock(API)
      .post('/repos/acme/rocket/labels', (body) => created.push(body) > 0)
      .reply(201, {});
    nock(API)
      .post('/repos/acme/rocket/issues/42/labels', (body) => added.push(body) > 0)
      .reply(200, []);
    const writes = await publishLabels(testOctokit(), target, changes(['bug'], ['agent:claude']));
    expect(created).toEqual([
      {
        name: 'agent:claude',
        color: '8250df',
        description: 'Custody: Claude Code took part in this pull request',
      },
    ]);
    expect(added).toEqual([{ labels: ['agent:claude'] }]);
    expect(writes).toEqual({ added: ['agent:claude'], removed: [], created: ['agent:claude'] });
  });

  it('treats 422 "already exists" as fine, and remembers known labels to skip the create next time', async () => {
    const knownLabels = new Set<string>();
    nock(API)
      .post('/repos/acme/rocket/labels')
      .reply(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
      });
    nock(API).post('/repos/acme/rocket/issues/42/labels').times(2).reply(200, []);
    const octokit = testOctokit();
    await publishLabels(octokit, target, changes([], ['agent:claude']), knownLabels);
    const second = await publishLabels(octokit, target, changes([], ['agent:claude']), knownLabels);
    expect(second.created).toEqual([]);
  });

  it('removes only managed labels, never a human one, and tolerates one already gone', async () => {
    nock(API).delete('/repos/acme/rocket/issues/42/labels/agent%3Adevin').reply(200, []);
    nock(API)
      .delete('/repos/acme/rocket/issues/42/labels/agent-handoff')
      .reply(404, { message: 'Label does not exist' });
    const writes = await publishLabels(
      testOctokit(),
      target,
      changes(['agent:claude', 'agent:devin', 'agent-handoff', 'needs-review'], ['agent:claude']),
    );
    expect(writes).toEqual({ added: [], removed: ['agent:devin', 'agent-handoff'], created: [] });
  });

  it('writes nothing when the labels already match', async () => {
    const writes = await publishLabels(testOctokit(), target, changes(['agent:claude'], ['agent:claude']));
    expect(writes).toEqual({ added: [], removed: [], created: [] });
  });

  it('lets other errors through (the caller logs and continues)', async () => {
    nock(API)
      .post('/repos/acme/rocket/labels')
      .reply(403, { message: 'Resource not accessible by integration' });
    await expect(publishLabels(testOctokit(), target, changes([], ['agent:claude']))).rejects.toMatchObject({
      status: 403,
    });
  });
});
