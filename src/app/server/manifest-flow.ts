import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { composeHandlers, createHealthHandler, createReadiness, type NodeHandler } from './health.js';

/**
 * GitHub's app-manifest flow for a first `npm start` without credentials: a page that posts
 * `app.yml` to GitHub, and the redirect back that trades the one-time code for the app's
 * credentials and writes them to `.env`. Probot's own flow registers the webhook URL as
 * `<host>/`, where nothing listens; this one registers the path Custody serves webhooks on
 * (or WEBHOOK_PROXY_URL, a smee.io channel forwarding to it).
 * https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest
 */

export interface ManifestFlowOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The text of app.yml (the manifest's permissions and events). */
  readonly appYml: string;
  readonly webhookPath: string;
  /** Where `.env` is written. */
  readonly cwd: string;
  readonly log: { info(message: string): void; error(o: object, message: string): void };
}

/** What GitHub answers to `POST /app-manifests/{code}/conversions`, the fields we keep. */
interface Conversion {
  readonly id: number;
  readonly slug: string;
  readonly html_url: string;
  readonly pem: string;
  readonly webhook_secret: string;
  readonly client_id: string;
  readonly client_secret: string;
}

/** The URL the request reached us on, as the browser saw it (behind a proxy: its forwarded host). */
function baseUrlOf(req: IncomingMessage): string {
  const first = (value: string | string[] | undefined) =>
    String(value ?? '')
      .split(',')[0]
      ?.trim();
  const protocol = first(req.headers['x-forwarded-proto']) || 'http';
  const host = first(req.headers['x-forwarded-host']) || req.headers.host || 'localhost';
  return `${protocol}://${host}`;
}

/** The manifest GitHub registers the app from: app.yml plus the URLs only the running server knows. */
export function buildManifest(
  appYml: string,
  options: { readonly baseUrl: string; readonly webhookPath: string; readonly webhookProxyUrl?: string },
): Record<string, unknown> {
  const manifest = (parseYaml(appYml) ?? {}) as Record<string, unknown>;
  return {
    ...manifest,
    hook_attributes: {
      url: options.webhookProxyUrl || `${options.baseUrl}${options.webhookPath}`,
      active: true,
    },
    redirect_url: `${options.baseUrl}/probot/setup`,
  };
}

/** github.com or GHES, on the user's account or on the organisation GH_ORG. */
export function createAppUrlOf(env: Readonly<Record<string, string | undefined>>): string {
  const site = `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST || 'github.com'}`;
  return `${site}${env.GH_ORG ? `/organizations/${encodeURIComponent(env.GH_ORG)}` : ''}/settings/apps/new`;
}

function apiUrlOf(env: Readonly<Record<string, string | undefined>>): string {
  return env.GHE_HOST ? `${env.GHE_PROTOCOL || 'https'}://${env.GHE_HOST}/api/v3` : 'https://api.github.com';
}

const escapeHtml = (text: string) => text.replace(/[&<>'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function renderSetupPage(createAppUrl: string, manifest: Record<string, unknown>): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Register Custody</title></head>
<body>
<h1>Register Custody as a GitHub App</h1>
<p>GitHub creates the app from this server's manifest (permissions and events from app.yml;
webhooks to <code>${escapeHtml(String((manifest.hook_attributes as { url: string }).url))}</code>),
then sends you back here, and the credentials are written to <code>.env</code>.</p>
<form action="${escapeHtml(createAppUrl)}" method="post">
<input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}">
<button type="submit">Register on GitHub</button>
</form>
</body></html>`;
}

const quote = (value: string) => `"${value.replace(/\n/g, '\\n')}"`;

/** Sets `values` in `.env`, keeping every other line; the file holds secrets, so only we can read it. */
export function writeDotEnv(cwd: string, values: Readonly<Record<string, string>>): void {
  const path = join(cwd, '.env');
  let lines: string[] = [];
  try {
    lines = readFileSync(path, 'utf8').split('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const kept = lines.filter((line) => {
    const name = Object.keys(parseEnv(line))[0];
    return name === undefined || !(name in values);
  });
  while (kept.at(-1) === '') kept.pop();
  const added = Object.entries(values).map(([name, value]) => `${name}=${quote(value)}`);
  writeFileSync(path, `${[...kept, ...added].join('\n')}\n`, { mode: 0o600 });
}

async function convertCode(env: ManifestFlowOptions['env'], code: string): Promise<Conversion> {
  const response = await fetch(`${apiUrlOf(env)}/app-manifests/${encodeURIComponent(code)}/conversions`, {
    method: 'POST',
    headers: { accept: 'application/vnd.github+json' },
  });
  if (response.status !== 201) {
    throw new Error(
      `GitHub answered ${response.status} to the manifest conversion (codes expire after an hour)`,
    );
  }
  return (await response.json()) as Conversion;
}

export function createManifestFlowHandler(options: ManifestFlowOptions): NodeHandler {
  const { env, log } = options;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return false;
    if (url.pathname === '/') {
      res.writeHead(302, { location: '/probot' }).end();
      return true;
    }
    if (url.pathname === '/probot') {
      const manifest = buildManifest(options.appYml, {
        baseUrl: baseUrlOf(req),
        webhookPath: options.webhookPath,
        ...(env.WEBHOOK_PROXY_URL ? { webhookProxyUrl: env.WEBHOOK_PROXY_URL } : {}),
      });
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(renderSetupPage(createAppUrlOf(env), manifest));
      return true;
    }
    if (url.pathname !== '/probot/setup') return false;
    const code = url.searchParams.get('code');
    if (!code) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('code missing');
      return true;
    }
    try {
      const app = await convertCode(env, code);
      writeDotEnv(options.cwd, {
        APP_ID: String(app.id),
        PRIVATE_KEY: app.pem,
        WEBHOOK_SECRET: app.webhook_secret,
        GITHUB_CLIENT_ID: app.client_id,
        GITHUB_CLIENT_SECRET: app.client_secret,
        CUSTODY_APP_SLUG: app.slug,
      });
      log.info(`Registered ${app.html_url}; credentials written to .env. Restart with \`npm start\`.`);
      res.writeHead(302, { location: `${app.html_url}/installations/new` }).end();
    } catch (err) {
      log.error({ err }, 'manifest conversion failed');
      res
        .writeHead(502, { 'content-type': 'text/plain' })
        .end('GitHub did not complete the registration; see the log.');
    }
    return true;
  };
}

/** Setup mode: serves only the manifest flow (and liveness) until the app is registered. */
export async function serveManifestFlow(
  options: ManifestFlowOptions & { readonly port: number; readonly host: string },
): Promise<Server> {
  const readiness = createReadiness(['registered']);
  const server = createServer(
    composeHandlers([createHealthHandler(readiness), createManifestFlowHandler(options)], (err) =>
      options.log.error({ err }, 'request failed'),
    ),
  );
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  options.log.info(
    `Custody is not registered yet (no APP_ID and PRIVATE_KEY): open http://${options.host}:${port} to register it on ${createAppUrlOf(options.env)}`,
  );
  return server;
}
