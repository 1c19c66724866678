import type { IncomingMessage, ServerResponse } from 'node:http';
import { exchangeOAuthCode, fetchViewer } from '../../github/fetch-viewer-access.js';
import { renderMessagePage } from '../../web/render-layout.js';
import { redirect, sendHtml } from './http-io.js';
import {
  newToken,
  type PendingSignIn,
  readCookies,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  type Session,
  SIGN_IN_COOKIE,
  SIGN_IN_TTL_MS,
  safeReturnPath,
  serializeCookie,
} from './session.js';
import type { WebDeps } from './web-deps.js';

/**
 * Sign-in with GitHub (the OAuth web flow of a GitHub App): `/custody/sign-in` sends the
 * browser to GitHub with a fresh `state` kept in a sealed cookie; `/custody/callback` checks
 * that state, trades the code for the user's token and keeps it in the sealed session cookie.
 */
export function createSignIn(deps: WebDeps) {
  const secure = deps.publicUrl.startsWith('https:');
  const callbackUrl = `${deps.publicUrl}/custody/callback`;
  const cookie = (name: string, value: string, ttlMs: number) =>
    serializeCookie(name, value, { maxAgeSeconds: Math.floor(ttlMs / 1000), secure });

  /** The session of this request, or null (none, forged, altered or expired). */
  function sessionOf(req: IncomingMessage): Session | null {
    return deps.sealer.open<Session>(readCookies(req).get(SESSION_COOKIE), deps.now());
  }

  /** Signed out: to GitHub, then back to `returnTo`. */
  function startSignIn(res: ServerResponse, returnTo: string): void {
    const pending: PendingSignIn = {
      state: newToken(),
      returnTo: safeReturnPath(returnTo),
      exp: deps.now() + SIGN_IN_TTL_MS,
    };
    const url = new URL(`${deps.site.webUrl}/login/oauth/authorize`);
    url.searchParams.set('client_id', deps.clientId);
    url.searchParams.set('redirect_uri', callbackUrl);
    url.searchParams.set('state', pending.state);
    redirect(res, url.toString(), {
      'set-cookie': cookie(SIGN_IN_COOKIE, deps.sealer.seal(pending), SIGN_IN_TTL_MS),
    });
  }

  async function finishSignIn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const pending = deps.sealer.open<PendingSignIn>(readCookies(req).get(SIGN_IN_COOKIE), deps.now());
    const code = url.searchParams.get('code');
    const state = url.searchParams.get('state');
    if (pending === null || code === null || state === null || state !== pending.state) {
      sendHtml(
        res,
        400,
        renderMessagePage(
          null,
          'Sign-in expired',
          'The sign-in expired or did not start here: sign in again.',
          '/custody',
        ),
      );
      return;
    }
    try {
      const token = await exchangeOAuthCode(deps.site, {
        clientId: deps.clientId,
        clientSecret: deps.clientSecret,
        code,
        redirectUri: callbackUrl,
      });
      const viewer = await fetchViewer(deps.site, token);
      const session: Session = {
        login: viewer.login,
        id: viewer.id,
        token,
        csrf: newToken(),
        exp: deps.now() + SESSION_TTL_MS,
      };
      deps.log.info({ login: viewer.login }, 'custody web sign-in');
      redirect(res, pending.returnTo, {
        'set-cookie': [
          cookie(SESSION_COOKIE, deps.sealer.seal(session), SESSION_TTL_MS),
          cookie(SIGN_IN_COOKIE, '', 0),
        ],
      });
    } catch (error) {
      deps.log.warn({ reason: (error as Error).message }, 'custody web sign-in failed');
      sendHtml(
        res,
        502,
        renderMessagePage(
          null,
          'Sign-in failed',
          'GitHub did not complete the sign-in: try again.',
          '/custody',
        ),
      );
    }
  }

  function signOut(res: ServerResponse): void {
    redirect(res, '/custody', { 'set-cookie': cookie(SESSION_COOKIE, '', 0) });
  }

  return { sessionOf, startSignIn, finishSignIn, signOut };
}
