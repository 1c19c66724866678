import type { Octokit } from './octokit-types.js';

/**
 * What the web pages ask GitHub about the signed-in user, with the user's own token (GitHub's
 * OAuth web flow for a GitHub App): who they are, whether they can read a repository and with
 * what permission, and their role in an organisation. The token is sent in a header
 * only: never in a URL, never in an error message.
 */

export interface GithubSite {
  /** Where people sign in: https://github.com, or a GitHub Enterprise Server. */
  readonly webUrl: string;
  /** The REST API: https://api.github.com, or `<server>/api/v3`. */
  readonly apiUrl: string;
}

export type RepositoryPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

export interface Viewer {
  readonly login: string;
  readonly id: number;
}

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
}

/** GitHub no longer accepts the user's token (expired or revoked): they must sign in again. */
export class SignInExpiredError extends Error {
  override readonly name = 'SignInExpiredError';
}

/**
 * GET `path` on the API, or a full URL a pagination link gave, with the user's token; never a
 * URL outside the API (the token goes nowhere else).
 */
export async function getJson(
  site: GithubSite,
  token: string,
  path: string,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const url = path.startsWith('/') ? `${site.apiUrl}${path}` : path;
  if (!url.startsWith(`${site.apiUrl}/`)) throw new Error('GitHub linked to a page outside its API');
  const response = await fetch(url, {
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'custody-web',
    },
  });
  if (response.status === 401) throw new SignInExpiredError('GitHub refused the user token');
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body, headers: response.headers };
}

/** Trades the one-time code of the OAuth redirect for the user's token. */
export async function exchangeOAuthCode(
  site: GithubSite,
  request: { clientId: string; clientSecret: string; code: string; redirectUri: string },
): Promise<string> {
  const response = await fetch(`${site.webUrl}/login/oauth/access_token`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'custody-web' },
    body: JSON.stringify({
      client_id: request.clientId,
      client_secret: request.clientSecret,
      code: request.code,
      redirect_uri: request.redirectUri,
    }),
  });
  const body = (await response.json().catch(() => null)) as {
    access_token?: unknown;
    error?: unknown;
  } | null;
  if (!response.ok || typeof body?.access_token !== 'string')
    throw new OAuthError(`GitHub refused the sign-in code (${String(body?.error ?? response.status)})`);
  return body.access_token;
}

export async function fetchViewer(site: GithubSite, token: string): Promise<Viewer> {
  const { status, body } = await getJson(site, token, '/user');
  const user = body as { login?: unknown; id?: unknown } | null;
  if (status !== 200 || typeof user?.login !== 'string' || typeof user.id !== 'number')
    throw new OAuthError(`GitHub did not say who signed in (${status})`);
  return { login: user.login, id: user.id };
}

/** The user's permission on the repository; null when they cannot read it (GitHub's 404/403). */
export async function fetchViewerPermission(
  site: GithubSite,
  token: string,
  repo: { owner: string; name: string },
): Promise<RepositoryPermission | null> {
  const path = `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;
  const { status, body } = await getJson(site, token, path);
  if (status === 404 || status === 403) return null;
  if (status !== 200) throw new Error(`GitHub answered ${status} to the permission read`);
  const p = (body as { permissions?: Record<string, boolean> } | null)?.permissions;
  if (!p) return null;
  if (p.admin) return 'admin';
  if (p.maintain) return 'maintain';
  if (p.push) return 'write';
  if (p.triage) return 'triage';
  return p.pull ? 'read' : null;
}

/** The user's active role in the organisation: `owner` (GitHub's `admin`), `member`, or null (none, or pending). */
export async function fetchViewerOrgRole(
  site: GithubSite,
  token: string,
  org: string,
): Promise<'owner' | 'member' | null> {
  const { status, body } = await getJson(site, token, `/user/memberships/orgs/${encodeURIComponent(org)}`);
  if (status === 404 || status === 403) return null;
  if (status !== 200) throw new Error(`GitHub answered ${status} to the membership read`);
  const membership = body as { state?: unknown; role?: unknown } | null;
  if (membership?.state !== 'active') return null;
  return membership.role === 'admin' ? 'owner' : 'member';
}

/** The installation of our app on a repository (app-level Octokit); null when not installed. */
export async function findInstallationId(
  appOctokit: Octokit,
  repo: { owner: string; name: string },
): Promise<number | null> {
  try {
    const { data } = await appOctokit.rest.apps.getRepoInstallation({ owner: repo.owner, repo: repo.name });
    return data.id;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}
