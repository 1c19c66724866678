/**
 * The production install, without Docker: pack the project as npm would publish it, install
 * the tarball into an empty folder with `--omit=dev`, start the installed `custody-server`
 * against the local GitHub simulator, wait for `/readyz` and one evaluated pull request, and
 * run the installed `custody` CLI on an example snapshot. CI runs it after the tests
 * (`npm run check:package`); it exits non-zero on the first thing that does not hold.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEnvironment } from '../simulator/environment.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const step = (what: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/**
 * better-sqlite3's native binding compiles from source for a minute when its prebuilt download
 * is unreachable, as it is offline. The checkout's own `npm ci` already built it for this Node,
 * so the same version reuses that build; another version is rebuilt as npm would.
 */
async function provideSqliteBinding(install: string): Promise<void> {
  // The install skipped every package's scripts: only better-sqlite3's may be skipped that way.
  const lock = JSON.parse(readFileSync(join(install, 'node_modules', '.package-lock.json'), 'utf8')) as {
    packages: Record<string, { hasInstallScript?: boolean }>;
  };
  const scripted = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([path]) => path.replace(/^.*node_modules\//, ''));
  check(
    scripted.every((name) => name === 'better-sqlite3'),
    `packages with install scripts the check does not provide for: ${scripted.join(', ')}`,
  );
  const version = (dir: string) =>
    (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const built = join(ROOT, 'node_modules', 'better-sqlite3');
  const installed = join(install, 'node_modules', 'better-sqlite3');
  if (
    existsSync(join(built, 'build', 'Release', 'better_sqlite3.node')) &&
    version(built) === version(installed)
  ) {
    cpSync(join(built, 'build'), join(installed, 'build'), { recursive: true });
    return;
  }
  step('better-sqlite3 differs from the checkout: npm rebuild');
  await run('npm', ['rebuild', 'better-sqlite3'], { cwd: install });
}

const work = mkdtempSync(join(tmpdir(), 'custody-packed-'));
try {
  step('npm pack (builds dist through prepack)');
  await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  check(tarball !== undefined, 'npm pack wrote no tarball');

  const install = join(work, 'install');
  mkdirSync(install);
  writeFileSync(join(install, 'package.json'), '{ "private": true }\n');
  step(`npm install --omit=dev ${tarball}`);
  await run(
    'npm',
    [
      'install',
      '--omit=dev',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--ignore-scripts',
      join(work, tarball!),
    ],
    { cwd: install },
  );
  await provideSqliteBinding(install);
  const packageDir = join(install, 'node_modules', 'custody');
  const shipped = readdirSync(packageDir);
  for (const unwanted of ['test', 'simulator', 'src', 'bench']) {
    check(!shipped.includes(unwanted), `the tarball ships ${unwanted}/`);
  }

  step('installed custody-server against the simulator: /readyz, then one evaluated pull request');
  const env = await startEnvironment({
    appEntry: { path: join(install, 'node_modules', '.bin', 'custody-server'), cwd: install },
  });
  try {
    check((await fetch(`${env.app.url}/readyz`)).status === 200, '/readyz did not answer 200');
    const pr = await env.act(
      () =>
        env.sim.drivers.openPullRequest({
          as: 'alice',
          head: 'alice/packed',
          title: 'Packed install',
          commits: [
            {
              message: 'Change with Claude',
              coAuthors: [{ name: 'Claude', email: 'noreply@anthropic.com' }],
              files: { 'p.txt': 'p\n' },
            },
          ],
        }),
      60_000,
    );
    const view = await env.waitFor(pr.number, (v) => v.check?.status === 'completed', 'the check', 60_000);
    check(view.check?.conclusion === 'action_required', `the check is ${view.check?.conclusion}`);
  } finally {
    await env.stop();
  }

  step('installed custody CLI on an example snapshot');
  const snapshot = join(packageDir, 'examples', 'devin-copilot-handoff.json');
  const explained = await run(join(install, 'node_modules', '.bin', 'custody'), [
    'explain',
    '--snapshot',
    snapshot,
  ]).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  check(explained.code === 1, `custody explain exited ${explained.code}, expected 1 (waiting)`);
  check(
    /Devin/.test(explained.stdout) && /waiting/.test(explained.stdout),
    'custody explain did not explain the handoff',
  );
  step('the packed package installs, serves and explains');
} finally {
  rmSync(work, { recursive: true, force: true });
}
