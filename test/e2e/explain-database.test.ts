import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copilotAgentPullRequest } from '../../simulator/drivers/copilot-agent.js';
import { type Environment, startEnvironment } from '../../simulator/environment.js';
import { explainLive } from '../../src/cli/explain-live.js';
import { run } from '../cli/fake-io.js';

/**
 * `custody explain owner/repo#n --database URL` against the real app's ledger: the CLI reads the
 * history through the reader the app uses, so it reaches the app's verdict where GitHub alone
 * would not (an earlier pusher GitHub no longer shows).
 */

let env: Environment;
let folder: string;
beforeAll(async () => {
  env = await startEnvironment();
  folder = mkdtempSync(join(tmpdir(), 'custody-explain-'));
}, 60_000);
afterAll(async () => {
  await env?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('custody explain --database', () => {
  test('gives the app’s verdict on a PR whose earlier pusher only the ledger remembers', async () => {
    const d = env.sim.drivers;
    const branch = 'copilot/explain-database';
    const pr = await env.act(() =>
      d.openPullRequest(
        copilotAgentPullRequest({
          head: branch,
          title: 'Tune the widget',
          summary: 'Tunes the widget size.',
          files: { 'src/size.js': 'export const SIZE = 1;\n' },
        }),
      ),
    );
    await env.act(() =>
      d.push({
        as: 'bob',
        branch,
        commits: [
          {
            message: 'Quick fix',
            author: { name: 'bob', email: 'bob@laptop.local' },
            committer: { name: 'bob', email: 'bob@laptop.local' },
            coAuthors: [{ name: 'Claude', email: 'noreply@anthropic.com' }],
            files: { 'src/fix.js': 'export const FIX = 1;\n' },
          },
        ],
      }),
    );
    await env.act(() =>
      d.push({
        as: 'Copilot',
        branch,
        commits: [{ message: 'Tweak', author: 'Copilot', signature: 'github', files: { 'src/t.js': 't\n' } }],
      }),
    );
    await env.act(() => d.submitReview({ as: 'bob', number: pr.number, state: 'APPROVED' }));
    expect(env.view(pr.number).check?.conclusion).toBe('action_required');

    const target = `acme/widgets#${pr.number}`;
    const saved = join(folder, 'pr.json');
    const io = {
      env: { GITHUB_TOKEN: env.sim.personalToken('carol'), GITHUB_API_URL: `${env.sim.url}/api/v3` },
      explainLive,
    };
    const withLedger = await run(
      ['explain', target, '--database', env.databaseUrl, '--save-snapshot', saved],
      io,
    );
    expect(withLedger.stderr).toBe('');
    expect(withLedger.code).toBe(1);
    expect(withLedger.stdout).toMatch(/bob[^\n]*\(ledger\)/);
    // The saved snapshot carries the history, so the offline replay decides the same.
    expect(JSON.parse(readFileSync(saved, 'utf8')).history.pushers.length).toBeGreaterThan(0);
    expect((await run(['explain', '--snapshot', saved], io)).code).toBe(1);

    // What GitHub shows now, alone, would pass: the ledger is what makes the difference.
    expect((await run(['explain', target], io)).code).toBe(0);
  }, 90_000);

  test('refuses --database with a saved snapshot', async () => {
    const result = await run(['explain', '--snapshot', 'x.json', '--database', 'y.db']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--database only applies to a live pull request/);
  });
});
