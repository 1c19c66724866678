import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderPendingPage } from '../../web/render-pending-page.js';
import { redirect, sendHtml } from './http-io.js';
import { readCookies, type Session, serializeCookie } from './session.js';
import { pullRequestPath, type WebDeps } from './web-deps.js';

type Ref = { readonly owner: string; readonly repo: string; readonly number: number };

/** How long a page waits for a queued evaluation before it shows the full page anyway. */
export const PENDING_MS = 60_000;

/**
 * A sealed pass to the light pending page, given after a form that checked the user's access
 * with GitHub: for this user and this PR, until `exp`, waiting for a verdict after chain
 * position `after`. The pending page trusts it instead of asking GitHub again on each reload.
 * It travels in an `HttpOnly` cookie scoped to that page, never in the URL.
 */
const PENDING_COOKIE = 'custody_pending';
interface PendingPass {
  readonly pass: 'pending';
  readonly user: number;
  readonly pr: string;
  readonly after: number;
  readonly done: 'reevaluate' | 'override';
  readonly exp: number;
}

const prKey = (ref: Ref) => `${ref.owner}/${ref.repo}#${ref.number}`.toLowerCase();

/**
 * Where a form sends the browser once its evaluation is queued: the light page, and the
 * cookie that carries its pass.
 */
export async function pendingRedirect(
  deps: WebDeps,
  session: Session,
  ref: Ref,
  done: PendingPass['done'],
): Promise<{ readonly location: string; readonly headers: Record<string, string> }> {
  const head = await deps.ledger.chainHead(`${ref.owner}/${ref.repo}`);
  const pass: PendingPass = {
    pass: 'pending',
    user: session.id,
    pr: prKey(ref),
    after: head?.seq ?? 0,
    done,
    exp: deps.now() + PENDING_MS,
  };
  const location = `${pullRequestPath(ref.owner, ref.repo, ref.number)}/pending`;
  const cookie = serializeCookie(PENDING_COOKIE, deps.sealer.seal(pass), {
    maxAgeSeconds: PENDING_MS / 1000,
    secure: deps.publicUrl.startsWith('https:'),
    path: location,
  });
  return { location, headers: { 'set-cookie': cookie } };
}

/**
 * The light pending page: no GitHub read at all, one ledger read. A pass that is missing,
 * forged, another user's, another PR's or expired, and a verdict that has landed, all send the
 * browser to the full page (which checks access itself); otherwise the page reloads.
 */
export async function servePending(
  deps: WebDeps,
  req: IncomingMessage,
  res: ServerResponse,
  session: Session,
  ref: Ref,
): Promise<void> {
  const self = pullRequestPath(ref.owner, ref.repo, ref.number);
  const pass = deps.sealer.open<PendingPass>(readCookies(req).get(PENDING_COOKIE), deps.now());
  if (pass === null || pass.pass !== 'pending' || pass.user !== session.id || pass.pr !== prKey(ref))
    return redirect(res, self);
  const entries = await deps.ledger.readByPullRequest(`${ref.owner}/${ref.repo}`, ref.number);
  if (entries.some((entry) => entry.fact.kind === 'verdict' && entry.seq > pass.after))
    return redirect(res, pass.done === 'override' ? `${self}?done=override` : self);
  sendHtml(
    res,
    200,
    renderPendingPage({
      ...ref,
      waitingFor: pass.done,
      pagePath: self,
      viewer: { login: session.login, csrfToken: session.csrf },
    }),
  );
}
