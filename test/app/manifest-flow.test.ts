import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { serveManifestFlow, writeDotEnv } from '../../src/app/server/manifest-flow.js';

const APP_YML = readFileSync(new URL('../../app.yml', import.meta.url), 'utf8');
const quiet = { info: () => {}, error: () => {} };

let servers: Server[] = [];
let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  servers = [];
  dirs = [];
});

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'custody-manifest-'));
  dirs.push(dir);
  return dir;
}

async function serve(env: Record<string, string>, cwd = tempDir()) {
  const server = await serveManifestFlow({
    env,
    appYml: APP_YML,
    webhookPath: '/api/github/webhooks',
    cwd,
    port: 0,
    host: '127.0.0.1',
    log: quiet,
  });
  servers.push(server);
  return { url: urlOf(server), cwd };
}

interface Manifest {
  readonly hook_attributes: { readonly url: string };
  readonly redirect_url: string;
  readonly public: boolean;
  readonly default_permissions: Record<string, string>;
  readonly default_events: string[];
}

/** The manifest the setup page would post to GitHub, decoded from the form. */
async function postedManifest(url: string, headers: Record<string, string> = {}) {
  const html = await (await fetch(`${url}/probot`, { headers })).text();
  const action = /<form action="([^"]+)"/.exec(html)?.[1];
  const value = /name="manifest" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const decoded = value.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
  return { action, manifest: JSON.parse(decoded) as Manifest };
}

describe('the manifest flow', () => {
  it('registers the webhook on the path Custody serves, with app.yml’s permissions', async () => {
    const { url } = await serve({});
    const { action, manifest } = await postedManifest(url, {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'custody.example.com',
    });
    expect(action).toBe('https://github.com/settings/apps/new');
    expect(manifest.hook_attributes.url).toBe('https://custody.example.com/api/github/webhooks');
    expect(manifest.redirect_url).toBe('https://custody.example.com/probot/setup');
    expect(manifest.public).toBe(false);
    expect(manifest.default_permissions.checks).toBe('write');
    expect(manifest.default_events).toContain('pull_request');
  });

  it('registers on the organisation GH_ORG, and sends webhooks to WEBHOOK_PROXY_URL when set', async () => {
    const { url } = await serve({ GH_ORG: 'acme', WEBHOOK_PROXY_URL: 'https://smee.io/abc123' });
    const { action, manifest } = await postedManifest(url);
    expect(action).toBe('https://github.com/organizations/acme/settings/apps/new');
    expect(manifest.hook_attributes.url).toBe('https://smee.io/abc123');
  });

  it('trades the code for credentials and writes them to .env, keeping the other lines', async () => {
    const conversions: string[] = [];
    const github = createServer((req, res) => {
      conversions.push(`${req.method} ${req.url}`);
      res.writeHead(201, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 77,
          slug: 'custody-acme',
          html_url: 'https://github.com/apps/custody-acme',
          pem: '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n',
          webhook_secret: 'e5d9b1a7c3e8f2d3f9c1d7e2b8a4c6f0',
          client_id: 'Iv1.abc',
          client_secret: 'shh',
        }),
      );
    });
    await new Promise<void>((r) => github.listen(0, '127.0.0.1', r));
    servers.push(github);
    const cwd = tempDir();
    writeDotEnv(cwd, { PORT: '3000' });
    const host = new URL(urlOf(github)).host;
    const { url } = await serve({ GHE_HOST: host, GHE_PROTOCOL: 'http' }, cwd);

    const answer = await fetch(`${url}/probot/setup?code=c0de`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('https://github.com/apps/custody-acme/installations/new');
    expect(conversions).toEqual(['POST /api/v3/app-manifests/c0de/conversions']);
    const env = parseEnv(readFileSync(join(cwd, '.env'), 'utf8'));
    expect(env).toMatchObject({
      PORT: '3000',
      APP_ID: '77',
      WEBHOOK_SECRET: 'e5d9b1a7c3e8f2d3f9c1d7e2b8a4c6f0',
      CUSTODY_APP_SLUG: 'custody-acme',
      PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n',
    });
  });

  it('answers a missing code with 400, and is live but not ready before registration', async () => {
    const { url } = await serve({});
    expect((await fetch(`${url}/probot/setup`)).status).toBe(400);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
  });
});
