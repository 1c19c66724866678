import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import type { ExplainLive } from '../../src/cli/cli-io.js';
import { DEFAULT_POLICY } from '../../src/core/policy/schema.js';
import { Snapshot } from '../../src/core/snapshot.js';
import type { Verdict } from '../../src/core/verdict.js';
import { run } from './fake-io.js';

const EXAMPLES = 'examples';

describe('custody explain --snapshot', () => {
  it('waits for an independent human when the delegator approves their own Copilot PR', async () => {
    const { code, stdout } = await run(['explain', '--snapshot', `${EXAMPLES}/copilot-agent-waiting.json`]);
    expect(code).toBe(1);
    expect(stdout).toContain('Policy: built-in defaults (no --policy given)');
    expect(stdout).toContain('acme/payments-api#512 at');
    expect(stdout).toContain('State: waiting (check run: action_required)');
    expect(stdout).toMatch(/- @octo-alice on \w{7} — not counted \(took part in this pull request\)/);
    expect(stdout).toContain('Labels: agent:copilot');
  });

  it('replays an override the saved history carries, for that head only', async () => {
    const saved = JSON.parse(await readFile(`${EXAMPLES}/copilot-agent-waiting.json`, 'utf8'));
    const override = (headSha: string) => ({
      by: { login: 'octo-admin', id: 99, type: 'User' },
      reason: 'Outage: ship the fix',
      headSha,
      at: '2026-12-05T03:00:00Z',
      grounds: { permission: 'admin', teams: [] },
    });
    const withOverride = (headSha: string) =>
      JSON.stringify({ ...saved, history: { ...saved.history, overrides: [override(headSha)] } });
    const files = {
      'overridden.json': withOverride(saved.pullRequest.headSha),
      'other-head.json': withOverride('0'.repeat(40)),
    };
    const overridden = await run(['explain', '--snapshot', 'overridden.json'], { files });
    expect(overridden.code).toBe(0);
    expect(overridden.stdout).toContain('State: overridden (check run: success)');
    expect(overridden.stdout).toContain('Overridden by @octo-admin: Outage: ship the fix');
    expect((await run(['explain', '--snapshot', 'other-head.json'], { files })).code).toBe(1);
  });

  it('passes when a teammate who took no part approves a Claude-co-authored change', async () => {
    const { code, stdout } = await run([
      'explain',
      '--snapshot',
      `${EXAMPLES}/claude-coauthored-satisfied.json`,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('State: satisfied (check run: success)');
    expect(stdout).toMatch(/\+ @mo-rahman on \w{7} — counted/);
    expect(stdout).toContain('@dana-k:');
  });

  it('blocks the same change under the strict policy, which requires signed agent commits', async () => {
    const { code, stdout } = await run([
      'explain',
      '--snapshot',
      `${EXAMPLES}/claude-coauthored-satisfied.json`,
      '--policy',
      `${EXAMPLES}/policies/strict.yml`,
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(`Policy: ${EXAMPLES}/policies/strict.yml`);
    expect(stdout).toContain('State: blocked (check run: failure)');
    expect(stdout).toMatch(/\[!\] /);
  });

  it('names a handoff between Devin and Copilot and labels it', async () => {
    const { code, stdout } = await run(['explain', '--snapshot', `${EXAMPLES}/devin-copilot-handoff.json`]);
    expect(code).toBe(1);
    expect(stdout).toContain('State: waiting');
    expect(stdout).toContain('Handoff: two or more agents in this chain');
    expect(stdout).toMatch(/Labels: .*agent-handoff/);
    expect(stdout).toMatch(/- @priya-n on \w{7} — not counted \(given before the latest commit\)/);
  });

  it('does not gate a Dependabot PR by default', async () => {
    const { code, stdout } = await run([
      'explain',
      '--snapshot',
      `${EXAMPLES}/dependabot-not-applicable.json`,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('State: not_applicable (check run: success)');
    expect(stdout).toContain('Agents: none');
  });

  it('prints the verdict as JSON with --json', async () => {
    const { code, stdout } = await run([
      'explain',
      '--snapshot',
      `${EXAMPLES}/copilot-agent-waiting.json`,
      '--json',
    ]);
    expect(code).toBe(1);
    const verdict = JSON.parse(stdout) as Verdict;
    expect(verdict.state).toBe('waiting');
    expect(verdict.pullNumber).toBe(512);
    expect(verdict.agents.map((agent) => agent.id)).toContain('copilot');
  });
});

describe('custody explain on bad input', () => {
  it('names the failing field of a bad snapshot', async () => {
    const snapshot = JSON.parse(await readFile(`${EXAMPLES}/copilot-agent-waiting.json`, 'utf8'));
    delete snapshot.commits[1].author.email;
    snapshot.pullRequest.number = -3;
    const { code, stderr, stdout } = await run(['explain', '--snapshot', 'bad.json'], {
      files: { 'bad.json': JSON.stringify(snapshot) },
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('bad.json is not a valid Custody snapshot:');
    expect(stderr).toMatch(/^ {2}commits\[1\]\.author\.email: /m);
    expect(stderr).toMatch(/^ {2}pullRequest\.number: /m);
  });

  it('says when a snapshot is not JSON or not there', async () => {
    const notJson = await run(['explain', '--snapshot', 'pr.json'], {
      files: { 'pr.json': '{"schemaVersion": 1,' },
    });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('pr.json is not valid JSON');
    const missing = await run(['explain', '--snapshot', 'does/not/exist.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read snapshot does/not/exist.json: no such file');
    expect(missing.stderr).not.toContain('--help');
  });

  it('prints every error of an invalid policy as file:line:col path: message', async () => {
    const { code, stderr } = await run([
      'explain',
      '--snapshot',
      `${EXAMPLES}/copilot-agent-waiting.json`,
      '--policy',
      `${EXAMPLES}/policies/invalid.yml`,
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/examples\/policies\/invalid\.yml:3:3 approvals\.count: /);
    expect(stderr).toMatch(/examples\/policies\/invalid\.yml:10:3 labels\.colour: /);
  });

  it('with --json, prints an invalid policy as a JSON error object on stdout, and exits 2', async () => {
    const { code, stdout } = await run([
      'explain',
      '--snapshot',
      `${EXAMPLES}/copilot-agent-waiting.json`,
      '--policy',
      `${EXAMPLES}/policies/invalid.yml`,
      '--json',
    ]);
    expect(code).toBe(2);
    const printed = JSON.parse(stdout) as {
      error: { kind: string; message: string; errors: { path: string; line: number; column: number }[] };
    };
    expect(printed.error.kind).toBe('invalid_policy');
    expect(printed.error.message).toContain('examples/policies/invalid.yml is not a valid policy');
    expect(printed.error.errors).toContainEqual(
      expect.objectContaining({ path: 'approvals.count', line: 3, column: 3 }),
    );
    expect(printed.error.errors).toContainEqual(
      expect.objectContaining({ path: 'labels.colour', line: 10, column: 3 }),
    );
  });

  it.each([
    [['explain'], 'explain needs either --snapshot'],
    [['explain', '--snapshot', 'a.json', 'acme/app#1'], 'explain needs either --snapshot'],
    [['explain', '--snapshot'], "Option '--snapshot <value>' argument missing"],
    [['explain', '--snapshot', 'a.json', '--verbose'], "Unknown option '--verbose'"],
    [['explain', 'acme/app'], 'not a pull request: acme/app'],
    [['explain', '--snapshot', 'a.json', '--save-snapshot', 'b.json'], '--save-snapshot only applies'],
  ])('rejects %j with a usage message', async (argv, message) => {
    const { code, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Run custody --help for usage.');
  });
});

const NO_ORIGIN = { files: [], orgRepository: 'acme/.github', orgUnreadable: false };

describe('custody explain owner/repo#123 (live)', () => {
  async function exampleSnapshot(): Promise<Snapshot> {
    return Snapshot.parse(JSON.parse(await readFile(`${EXAMPLES}/copilot-agent-waiting.json`, 'utf8')));
  }

  it('fetches with the token and API URL from the environment and evaluates the same way', async () => {
    const snapshot = await exampleSnapshot();
    const explainLive = vi.fn<ExplainLive>(async () => ({
      snapshot,
      policy: { ok: true, policy: DEFAULT_POLICY, source: 'repo', origin: NO_ORIGIN },
    }));
    const { code, stdout } = await run(['explain', 'acme/payments-api#512', '--save-snapshot', 'pr.json'], {
      env: { GITHUB_TOKEN: 'ghs_test', GITHUB_API_URL: 'http://localhost:3000/api/v3' },
      explainLive,
    });
    expect(explainLive).toHaveBeenCalledWith('acme/payments-api#512', {
      token: 'ghs_test',
      apiUrl: 'http://localhost:3000/api/v3',
      saveSnapshot: 'pr.json',
    });
    expect(code).toBe(1);
    expect(stdout).toContain('Policy: .github/custody.yml on the base branch');
    expect(stdout).toContain('State: waiting');
  });

  it('accepts a pull request address and says when the defaults apply', async () => {
    const snapshot = await exampleSnapshot();
    const explainLive = vi.fn<ExplainLive>(async () => ({
      snapshot,
      policy: { ok: true, policy: DEFAULT_POLICY, source: 'default', origin: NO_ORIGIN },
    }));
    const { code, stdout } = await run(
      ['explain', 'https://github.com/acme/payments-api/pull/512', '--json'],
      {
        env: { GH_TOKEN: 'gho_test' },
        explainLive,
      },
    );
    expect(explainLive).toHaveBeenCalledWith('https://github.com/acme/payments-api/pull/512', {
      token: 'gho_test',
    });
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as Verdict).state).toBe('waiting');
  });

  it('tries a local policy instead of the base branch’s, and checks it before fetching', async () => {
    const snapshot = await exampleSnapshot();
    const explainLive = vi.fn<ExplainLive>(async () => ({
      snapshot,
      policy: { ok: true, policy: DEFAULT_POLICY, source: 'repo', origin: NO_ORIGIN },
    }));
    const env = { GITHUB_TOKEN: 't' };
    const strict = await run(
      ['explain', 'acme/payments-api#512', '--policy', `${EXAMPLES}/policies/strict.yml`],
      {
        env,
        explainLive,
      },
    );
    expect(strict.stdout).toContain(`Policy: ${EXAMPLES}/policies/strict.yml (instead of the base branch's)`);
    // The reviewers' access is looked up for the given policy, not the base branch's.
    expect(explainLive.mock.calls[0]?.[1].policy).toMatchObject({ approvals: { count: 2 } });
    expect(strict.stdout).toMatch(/\[ \] 2 approvals/);
    explainLive.mockClear();
    const invalid = await run(
      ['explain', 'acme/payments-api#512', '--policy', `${EXAMPLES}/policies/invalid.yml`],
      {
        env,
        explainLive,
      },
    );
    expect(invalid.code).toBe(2);
    expect(explainLive).not.toHaveBeenCalled();
  });

  it('needs a token', async () => {
    const { code, stderr } = await run(['explain', 'acme/payments-api#512']);
    expect(code).toBe(2);
    expect(stderr).toContain('set GITHUB_TOKEN');
  });

  it('reports an invalid base-branch policy with every error, and exits 2', async () => {
    const snapshot = await exampleSnapshot();
    const error = {
      file: '.github/custody.yml',
      path: 'approvals.count',
      line: 2,
      column: 10,
      message: 'must be at least 1',
    };
    const { code, stderr } = await run(['explain', 'acme/payments-api#512'], {
      env: { GITHUB_TOKEN: 't' },
      explainLive: async () => ({ snapshot, policy: { ok: false, errors: [error] } }),
    });
    expect(code).toBe(2);
    expect(stderr).toContain('.github/custody.yml:2:10 approvals.count: must be at least 1');

    const json = await run(['explain', 'acme/payments-api#512', '--json'], {
      env: { GITHUB_TOKEN: 't' },
      explainLive: async () => ({ snapshot, policy: { ok: false, errors: [error] } }),
    });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: {
        kind: 'invalid_policy',
        message: expect.stringContaining('The policy of acme/payments-api#512 is not a valid policy'),
        errors: [error],
      },
    });
  });

  it('turns a fetch failure into a message, never a verdict', async () => {
    const { code, stdout, stderr } = await run(['explain', 'acme/payments-api#512', '--json'], {
      env: { GITHUB_TOKEN: 't' },
      explainLive: async () => {
        throw new Error('the pull request has more than 3,000 files; refusing to judge partial data');
      },
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'cannot explain acme/payments-api#512: the pull request has more than 3,000 files',
    );
  });
});
