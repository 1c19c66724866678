import { beforeAll, describe, expect, test } from 'vitest';
import { copilotAgentPullRequest } from '../../simulator/drivers/copilot-agent.js';
import { signInToCustody } from '../../simulator/web-client.js';
import { useEnvironment } from './use-environment.js';

/**
 * Who sees which rows of the organisation report, end to end (the real app, its pages and the
 * simulator's GitHub): a private repository's pull requests reach only people who can read it.
 * bob, a member, cannot read `acme/vault`; erin owns the organisation.
 */

const env = useEnvironment({ web: true });

const REPORT = '/custody/orgs/acme/report';
const JSONL = '/custody/orgs/acme/export.jsonl';
const CSV = '/custody/orgs/acme/export.csv';

/** A Copilot PR merged by erin past the check (a bypass) in `repo`. */
async function mergeCopilotPr(repo: string, head: string): Promise<number> {
  const pr = await env.act(() =>
    env.sim.drivers.openPullRequest({
      ...copilotAgentPullRequest({
        head,
        title: `Change ${head}`,
        summary: 'A change.',
        files: { [`${head}.js`]: 'x\n' },
      }),
      repo,
    }),
  );
  await env.sim.drivers.merge({ as: 'erin', number: pr.number, repo });
  await env.settle();
  return pr.number;
}

const repositoriesOf = (jsonl: string) =>
  [
    ...new Set(
      jsonl
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { repo: string }).repo),
    ),
  ].sort();

beforeAll(async () => {
  const vault = env.sim.drivers.createRepository({ owner: 'acme', name: 'vault' });
  vault.collaborators.delete(env.sim.store.accountByLogin('bob').id);
  await env.sim.drivers.addToInstallation({ as: 'erin', repo: 'acme/vault' });
  await env.settle();
  await mergeCopilotPr('acme/widgets', 'copilot/public-change');
  await mergeCopilotPr('acme/vault', 'copilot/secret-change');
}, 120_000);

describe('the organisation report, by who is reading', () => {
  test('a member sees only the repositories they can read, on the page and in both downloads', async () => {
    const bob = await signInToCustody(env.app.url, 'bob');
    const page = await bob.get(REPORT);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('acme/widgets');
    expect(html).not.toContain('acme/vault');
    expect(html).not.toContain('copilot/secret-change');
    expect(html).toContain('Showing the repositories you can read');
    expect(repositoriesOf(await (await bob.get(JSONL)).text())).toEqual(['acme/widgets']);
    const csv = await (await bob.get(CSV)).text();
    expect(csv).toContain('acme/widgets');
    expect(csv).not.toContain('acme/vault');
  }, 60_000);

  test('an owner sees every repository', async () => {
    const erin = await signInToCustody(env.app.url, 'erin');
    const html = await (await erin.get(REPORT)).text();
    expect(html).toContain('acme/widgets');
    expect(html).toContain('acme/vault');
    expect(html).not.toContain('Showing the repositories you can read');
    expect(repositoriesOf(await (await erin.get(JSONL)).text())).toEqual(['acme/vault', 'acme/widgets']);
  }, 60_000);

  test('someone outside the organisation gets a 404', async () => {
    const oscar = await signInToCustody(env.app.url, 'oscar');
    expect((await oscar.get(REPORT)).status).toBe(404);
    expect((await oscar.get(JSONL)).status).toBe(404);
  }, 60_000);

  test('a failed lookup of what a member can read shows an error page, never the unfiltered report', async () => {
    const bob = await signInToCustody(env.app.url, 'bob');
    for (const path of [REPORT, JSONL]) {
      env.sim.faults.add({
        path: /\/user\/installations\/\d+\/repositories$/,
        answer: { status: 502, body: { message: 'Server Error' } },
        times: 1,
      });
      const answer = await bob.get(path);
      expect(answer.status).toBe(502);
      const text = await answer.text();
      expect(text).toContain('Try again');
      expect(text).not.toContain('acme/vault');
      expect(text).not.toContain('acme/widgets');
    }
  }, 60_000);
});
