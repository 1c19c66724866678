import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeDotEnv } from '../../src/app/server/manifest-flow.js';
import { MAIN, portOf, type StartedProcess, startProcess } from './start-process.js';

/**
 * `npm start` as a user runs it after the manifest flow: the credentials are only in `.env`
 * (written as the flow writes it), the shell sets at most NODE_ENV.
 */

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const OFFLINE = { CUSTODY_SWEEP_INTERVAL: 'off', CUSTODY_REDELIVERY_INTERVAL: 'off' };

let dirs: string[] = [];
let started: StartedProcess[] = [];
afterEach(async () => {
  await Promise.all(started.map((p) => p.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
  started = [];
});

function folderWithDotEnv(values: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'custody-start-'));
  dirs.push(dir);
  writeDotEnv(dir, values);
  return dir;
}

function start(cwd: string, env: Record<string, string>): StartedProcess {
  const p = startProcess([MAIN], { cwd, env });
  started.push(p);
  return p;
}

describe('npm start with a .env from the manifest flow', () => {
  it('serves Custody’s own server in production: /readyz answers 200, logs are JSON with one name', async () => {
    const cwd = folderWithDotEnv({
      APP_ID: '4242',
      PRIVATE_KEY: PEM,
      WEBHOOK_SECRET: 'f3a9c1d7e2b84c6f0e5d9b1a7c3e8f2d',
      HOST: '127.0.0.1',
      PORT: '0',
      ...OFFLINE,
    });
    const app = start(cwd, { NODE_ENV: 'production' });
    const line = await app.waitFor(/custody listening/);
    expect(typeof line, app.lines.join('\n')).toBe('string');
    const port = portOf(line as string);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    for (const logged of app.lines) expect(logged.match(/"name":/g) ?? [], logged).toHaveLength(1);
  });

  it('lets the environment win over .env', async () => {
    const cwd = folderWithDotEnv({
      APP_ID: '4242',
      PRIVATE_KEY: PEM,
      WEBHOOK_SECRET: 'f3a9c1d7e2b84c6f0e5d9b1a7c3e8f2d',
    });
    const app = start(cwd, { WEBHOOK_SECRET: 'development', PORT: '0', HOST: '127.0.0.1', ...OFFLINE });
    expect(await app.waitFor(/refuses to start/)).toMatch(/placeholder "development"/);
    expect(await app.waitFor(/never/)).toEqual({ exit: 2 });
  });

  it.each([
    ['production', { NODE_ENV: 'production' }],
    ['development', { NODE_ENV: 'development' }],
    ['no NODE_ENV', {}],
  ])('refuses to start without a webhook secret (%s)', async (_label, mode) => {
    const cwd = folderWithDotEnv({ APP_ID: '4242', PRIVATE_KEY: PEM });
    const app = start(cwd, { ...mode, PORT: '0', HOST: '127.0.0.1', ...OFFLINE });
    expect(await app.waitFor(/never/)).toEqual({ exit: 2 });
    expect(app.lines.join('\n')).toMatch(/refuses to start: WEBHOOK_SECRET is not set/);
  });

  it('in production without credentials, exits 2 and says how to register', async () => {
    const cwd = folderWithDotEnv({});
    const app = start(cwd, { NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1' });
    expect(await app.waitFor(/never/)).toEqual({ exit: 2 });
    expect(app.lines.join('\n')).toMatch(/without APP_ID and PRIVATE_KEY.*register the app first/);
  });
});
