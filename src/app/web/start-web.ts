import { readFileSync } from 'node:fs';
import type { Probot } from 'probot';
import type { GithubSite } from '../../github/fetch-viewer-access.js';
import type { Octokit } from '../../github/octokit-types.js';
import type { Ledger } from '../../ledger/index.js';
import type { Custody } from '../handlers/register-handlers.js';
import type { CustodyConfig } from '../server/config.js';
import type { Environment } from '../server/environment.js';
import type { NodeHandler } from '../server/health.js';
import { createSealer } from './session.js';
import { createWebHandler } from './web-routes.js';

/** github.com, or the GitHub Enterprise Server Probot is pointed at (GHE_HOST, GHE_PROTOCOL). */
export function githubSiteOf(settings: Pick<Environment, 'GHE_HOST' | 'GHE_PROTOCOL'>): GithubSite {
  if (!settings.GHE_HOST) return { webUrl: 'https://github.com', apiUrl: 'https://api.github.com' };
  const webUrl = `${settings.GHE_PROTOCOL ?? 'https'}://${settings.GHE_HOST}`;
  return { webUrl, apiUrl: `${webUrl}/api/v3` };
}

/**
 * The custody pages' handler when CUSTODY_PUBLIC_URL and the OAuth client are set; null (the
 * pages are not served, and why is logged) otherwise. Sessions are sealed with
 * CUSTODY_SESSION_SECRET, else a key derived from the app's private key.
 */
export function startWeb(options: {
  readonly settings: Environment;
  readonly config: CustodyConfig;
  readonly probot: Probot;
  readonly custody: Custody;
  readonly ledger: Ledger;
  readonly log: {
    info(o: object, m: string): void;
    warn(o: object, m: string): void;
    error(o: object, m: string): void;
  };
}): NodeHandler | null {
  const { settings, config, probot } = options;
  if (config.publicUrl === null) {
    if (settings.CUSTODY_PUBLIC_URL)
      options.log.warn(
        {},
        'CUSTODY_PUBLIC_URL is set without GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET: no custody pages',
      );
    return null;
  }
  const secret =
    settings.CUSTODY_SESSION_SECRET ??
    settings.PRIVATE_KEY ??
    (settings.PRIVATE_KEY_PATH ? readFileSync(settings.PRIVATE_KEY_PATH, 'utf8') : null);
  if (!secret) {
    options.log.warn({}, 'no CUSTODY_SESSION_SECRET or private key to seal sessions with: no custody pages');
    return null;
  }
  return createWebHandler({
    publicUrl: config.publicUrl,
    site: githubSiteOf(settings),
    clientId: settings.GITHUB_CLIENT_ID!,
    clientSecret: settings.GITHUB_CLIENT_SECRET!,
    sealer: createSealer(secret),
    ledger: options.ledger,
    appOctokit: () => probot.auth() as Promise<Octokit>,
    installationOctokit: (id) => probot.auth(id) as Promise<Octokit>,
    custody: options.custody,
    config,
    now: Date.now,
    log: options.log,
  });
}
