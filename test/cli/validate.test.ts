import { describe, expect, it } from 'vitest';
import { run } from './fake-io.js';

describe('custody validate', () => {
  it('accepts the example strict policy', async () => {
    const { code, stdout } = await run(['validate', 'examples/policies/strict.yml']);
    expect(code).toBe(0);
    expect(stdout).toBe('examples/policies/strict.yml: valid\n');
  });

  it('reports every error with its key path, line and column', async () => {
    const { code, stderr } = await run(['validate', 'examples/policies/invalid.yml']);
    expect(code).toBe(2);
    const errors = stderr.split('\n').filter((line) => line.startsWith('  examples/'));
    expect(errors).toHaveLength(5);
    for (const line of errors)
      expect(line).toMatch(/^ {2}examples\/policies\/invalid\.yml:\d+:\d+ [\w.[\]]+: /);
    expect(stderr).toContain('invalid.yml:5:1 invalidation: ');
  });

  it('checks several files and fails if any is invalid', async () => {
    const { code, stdout, stderr } = await run(['validate', 'ok.yml', 'bad.yml'], {
      files: { 'ok.yml': 'approvals:\n  count: 2\n', 'bad.yml': 'approvals:\n  count: [\n' },
    });
    expect(code).toBe(2);
    expect(stdout).toContain('ok.yml: valid');
    expect(stderr).toMatch(/bad\.yml:\d+:\d+/);
  });

  it('says when the file is missing or not given', async () => {
    expect((await run(['validate', 'nope.yml'])).stderr).toContain(
      'cannot read policy nope.yml: no such file',
    );
    expect((await run(['validate'])).code).toBe(2);
  });
});
