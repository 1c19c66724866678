import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Environment, startEnvironment } from '../../simulator/environment.js';

/**
 * The organisation policy is never silently skipped: the check names the sources it used, says
 * when `acme/.github` cannot be read, and a change to it re-evaluates every governed repository.
 */

const agentPullRequest = (head: string, files: Record<string, string>) => ({
  as: 'alice',
  head,
  title: head,
  commits: [
    {
      message: 'Change with Claude',
      coAuthors: [{ name: 'Claude', email: 'noreply@anthropic.com' }],
      files,
    },
  ],
});

describe('organisation policy, against the simulator', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await startEnvironment();
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  test('names its sources, says when acme/.github is unreadable, and follows a change to it', async () => {
    const d = env.sim.drivers;
    const pr = await env.act(() =>
      d.openPullRequest(agentPullRequest('alice/org-policy', { 'a.txt': 'a\n' })),
    );
    let summary = env.view(pr.number).check?.summary ?? '';
    expect(summary).toMatch(/Policy: built-in defaults \(no \.github\/custody\.yml on the base branch\)/);
    expect(summary).toMatch(/acme\/\.github was not readable/);

    // The organisation's policy repository appears and the app is installed on it.
    d.createRepository({ owner: 'acme', name: '.github' });
    await d.addToInstallation({ as: 'erin', repo: 'acme/.github' });
    await env.settle(); // it has no open PR: the app only lists them
    await env.act(() => d.rerequestCheck({ as: 'alice', number: pr.number }));
    summary = env.view(pr.number).check?.summary ?? '';
    expect(summary).toMatch(
      /Policy: built-in defaults \(no \.github\/custody\.yml on the base branch or in acme\/\.github\)/,
    );
    expect(summary).not.toMatch(/not readable/);

    // A stricter org policy re-evaluates the open PRs of every governed repository.
    await env.act(() =>
      d.changePolicy({ as: 'erin', repo: 'acme/.github', branch: 'main', text: 'approvals:\n  count: 2\n' }),
    );
    const view = await env.waitFor(
      pr.number,
      (v) => /2 approvals/.test(v.check?.title ?? ''),
      'the org policy',
    );
    expect(view.check?.summary).toMatch(/Policy: acme\/\.github:\.github\/custody\.yml/);
  }, 60_000);

  test('a PR proposing an invalid policy file shows its errors with file:line:col', async () => {
    const d = env.sim.drivers;
    const pr = await env.act(() =>
      d.openPullRequest(
        agentPullRequest('alice/bad-policy', { '.github/custody.yml': 'approvals:\n  count: 0\n' }),
      ),
    );
    const summary = env.view(pr.number).check?.summary ?? '';
    expect(summary).toMatch(/proposes is invalid \(1 error\)/);
    expect(summary).toMatch(/\.github\/custody\.yml:2:\d+ approvals\.count/);
  }, 60_000);
});

describe('CUSTODY_REQUIRE_ORG_POLICY=true', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await startEnvironment({ appEnv: { CUSTODY_REQUIRE_ORG_POLICY: 'true' } });
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  test('an unreadable organisation policy fails the check', async () => {
    const d = env.sim.drivers;
    const pr = await env.act(() =>
      d.openPullRequest(agentPullRequest('alice/strict-org', { 'b.txt': 'b\n' })),
    );
    const check = env.view(pr.number).check;
    expect(check?.conclusion).toBe('failure');
    expect(check?.title).toMatch(/acme\/\.github is not readable and CUSTODY_REQUIRE_ORG_POLICY=true/);
  }, 60_000);
});
