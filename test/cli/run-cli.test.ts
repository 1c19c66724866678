import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { run } from './fake-io.js';

describe('custody (commands, help, schema)', () => {
  it('prints usage with --help and exits 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['explain', '--help']]) {
      const { code, stdout } = await run(argv);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: custody <command> \[options\]/);
      expect(stdout).toContain('explain --snapshot <pr.json> [--policy <custody.yml>] [--json]');
    }
  });

  it('exits 2 with usage on a missing or unknown command', async () => {
    const missing = await run([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('custody: missing command');
    const unknown = await run(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('custody: unknown command deploy');
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    expect((await run(['--version'])).stdout).toBe(`${version}\n`);
  });

  it('prints the JSON Schemas of a snapshot and of the policy', async () => {
    const snapshot = await run(['schema', 'snapshot']);
    expect(snapshot.code).toBe(0);
    expect(JSON.parse(snapshot.stdout)).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $defs: { Snapshot: { title: 'Custody snapshot', type: 'object' } },
    });
    const policy = await run(['schema', 'policy']);
    expect(JSON.parse(policy.stdout)).toMatchObject({
      $defs: { CustodyPolicy: { title: 'Custody policy (.github/custody.yml)' } },
    });
    const bad = await run(['schema', 'verdict']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('schema takes one of: snapshot, policy');
  });

  it('runs as an executable script whose exit code is the verdict', async () => {
    expect((await readFile('src/cli/main.ts', 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'explain', '--snapshot', 'examples/copilot-agent-waiting.json'],
      { encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('State: waiting');
  });
});
