import { randomBytes } from 'node:crypto';
import type { Store } from '../state/store.js';
import type { App } from '../state/types.js';
import { issuePersonalToken } from './auth.js';

/**
 * GitHub's OAuth web flow for a GitHub App, as a browser and the app see it: `GET
 * /login/oauth/authorize` shows a sign-in form (GitHub would show its login and consent
 * pages; here you type which seeded user you are), its POST redirects to the app's
 * `redirect_uri` with a one-time `code` and the app's `state`, and `POST
 * /login/oauth/access_token` trades the code (with the client id and secret) for a user token.
 * https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app
 */

export interface OAuthResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

interface Grant {
  readonly accountId: number;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly expiresAt: number;
}

const CODE_TTL_MS = 10 * 60 * 1000;
const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, title: string, body: string): OAuthResponse {
  const text = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeText(title)}</title></head><body><main><h1>${escapeText(title)}</h1>${body}</main></body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: text };
}

function json(body: unknown): OAuthResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

function parseBody(text: string, contentType: string | undefined): URLSearchParams {
  if ((contentType ?? '').includes('application/json')) {
    try {
      const value = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(value).map(([k, v]): [string, string] => [k, String(v)]));
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(text);
}

export function createOAuthFlow(store: Store, apps: () => readonly App[]) {
  const grants = new Map<string, Grant>();
  const appOf = (clientId: string | null) => apps().find((app) => app.clientId === clientId) ?? null;

  function authorizeForm(query: URLSearchParams): OAuthResponse {
    const clientId = query.get('client_id');
    const redirectUri = query.get('redirect_uri') ?? '';
    const app = appOf(clientId);
    if (app === null || !/^https?:\/\//.test(redirectUri))
      return page(404, 'Not Found', '<p>No such application.</p>');
    const hidden = (name: string, value: string) =>
      `<input type="hidden" name="${name}" value="${escapeText(value)}">`;
    return page(
      200,
      `Sign in to authorize ${app.name}`,
      `<form method="post" action="/login/oauth/authorize">${hidden('client_id', clientId!)}${hidden('redirect_uri', redirectUri)}${hidden('state', query.get('state') ?? '')}
<p><label for="login">Username</label> <input id="login" name="login" autocomplete="username" required></p>
<p><button type="submit">Sign in and authorize</button></p></form>`,
    );
  }

  function authorize(form: URLSearchParams): OAuthResponse {
    const app = appOf(form.get('client_id'));
    const redirectUri = form.get('redirect_uri') ?? '';
    const account = store.findAccount(form.get('login') ?? '');
    if (app === null || !/^https?:\/\//.test(redirectUri))
      return page(404, 'Not Found', '<p>No such application.</p>');
    if (account?.type !== 'User')
      return page(
        401,
        'Incorrect username or password.',
        '<p>No such user. <a href="javascript:history.back()">Back</a></p>',
      );
    const code = randomBytes(10).toString('hex');
    grants.set(code, {
      accountId: account.id,
      clientId: app.clientId,
      redirectUri,
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = form.get('state');
    if (state) target.searchParams.set('state', state);
    return { status: 302, headers: { location: target.toString() }, body: undefined };
  }

  function accessToken(form: URLSearchParams): OAuthResponse {
    const app = appOf(form.get('client_id'));
    if (app === null || form.get('client_secret') !== app.clientSecret)
      return json({
        error: 'incorrect_client_credentials',
        error_description: 'The client_id and/or client_secret passed are incorrect.',
      });
    const code = form.get('code') ?? '';
    const grant = grants.get(code);
    grants.delete(code);
    const redirectUri = form.get('redirect_uri');
    if (
      grant === undefined ||
      grant.expiresAt < Date.now() ||
      grant.clientId !== app.clientId ||
      (redirectUri !== null && redirectUri !== grant.redirectUri)
    )
      return json({
        error: 'bad_verification_code',
        error_description: 'The code passed is incorrect or expired.',
      });
    const token = issuePersonalToken(
      store,
      store.account(grant.accountId),
      `ghu_${randomBytes(18).toString('hex')}`,
    );
    return json({ access_token: token, token_type: 'bearer', scope: '' });
  }

  /** Answers a `/login/oauth/*` request; null for any other path. */
  return (method: string, url: URL, body: string, contentType: string | undefined): OAuthResponse | null => {
    if (url.pathname === '/login/oauth/authorize' && method === 'GET') return authorizeForm(url.searchParams);
    if (url.pathname === '/login/oauth/authorize' && method === 'POST')
      return authorize(parseBody(body, contentType));
    if (url.pathname === '/login/oauth/access_token' && method === 'POST')
      return accessToken(parseBody(body, contentType));
    return null;
  };
}
