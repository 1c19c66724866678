import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The layer rule in biome.json, tried on files that would break it: each case is linted with the
 * repository's own configuration in a scratch directory, so the real tree is never touched.
 */
const BIOME = join(process.cwd(), 'node_modules', '.bin', 'biome');
const scratch = mkdtempSync(join(tmpdir(), 'custody-layers-'));
copyFileSync('biome.json', join(scratch, 'biome.json'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function lint(path: string, specifier: string): Promise<{ ok: boolean; output: string }> {
  rmSync(join(scratch, 'src'), { recursive: true, force: true });
  mkdirSync(dirname(join(scratch, path)), { recursive: true });
  writeFileSync(join(scratch, path), `import { a } from '${specifier}';\n\nexport const b = a;\n`);
  try {
    const { stdout, stderr } = await promisify(execFile)(BIOME, ['lint', 'src'], { cwd: scratch });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return { ok: false, output: stdout + stderr };
  }
}

describe('imports across layers', () => {
  it.each([
    ['src/core/evaluate/x.ts', '../../app/log.js'],
    ['src/core/x.ts', '../github/octokit-types.js'],
    ['src/core/policy/x.ts', '../../cli/cli-io.js'],
    ['src/core/x.ts', '../ledger/store.js'],
    ['src/github/x.ts', '../app/log.js'],
    ['src/github/x.ts', '../cli/cli-io.js'],
    ['src/github/x.ts', '../ledger/store.js'],
    ['src/github/x.ts', '../core/render/render-outputs.js'],
    ['src/ledger/store/x.ts', '../../github/octokit-types.js'],
    ['src/ledger/x.ts', '../app/log.js'],
    ['src/web/x.ts', '../app/web/session.js'],
    ['src/web/x.ts', '../github/fetch-viewer-access.js'],
    ['src/web/x.ts', '../ledger/index.js'],
  ])('%s may not import %s', async (path, specifier) => {
    const result = await lint(path, specifier);
    expect(result.ok, result.output).toBe(false);
    expect(result.output).toContain('noRestrictedImports');
  });

  it.each([
    ['src/core/evaluate/x.ts', '../policy/schema.js'],
    ['src/github/x.ts', '../core/output.js'],
    ['src/ledger/x.ts', '../core/snapshot.js'],
    ['src/app/pipeline/x.ts', '../../github/read-pull-request.js'],
    ['src/cli/x.ts', '../github/read-pull-request.js'],
    ['src/web/x.ts', '../core/verdict.js'],
    ['src/app/web/x.ts', '../../web/html.js'],
  ])('%s may import %s', async (path, specifier) => {
    const result = await lint(path, specifier);
    expect(result.ok, result.output).toBe(true);
  });
});
