import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('npm start with a bad value', () => {
  it('exits with code 2 and a one-line reason, no stack trace', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', CUSTODY_CONCURRENCY: 'abc' },
      timeout: 15_000,
    });
    const failure = await run.then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('CUSTODY_CONCURRENCY="abc": expected an integer from 1 to 64');
    expect(failure?.stderr).not.toMatch(/^\s+at /m);
  });
});
