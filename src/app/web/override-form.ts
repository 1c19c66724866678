import type { ServerResponse } from 'node:http';
import { describeNeedlessOverride } from '../../core/evaluate/decide-override.js';
import type { Octokit } from '../../github/octokit-types.js';
import { renderMessagePage, renderNotFound } from '../../web/render-layout.js';
import { applyOverride, decideOverrider } from '../pipeline/apply-override.js';
import { redirect, sendHtml } from './http-io.js';
import { pendingRedirect } from './pending-pass.js';
import type { CustodyPageData } from './read-custody-page.js';
import type { Session } from './session.js';
import type { WebDeps } from './web-deps.js';

type Ref = { readonly owner: string; readonly repo: string; readonly number: number };

/**
 * The break-glass override on the custody page. Who may is decided by the back end from the
 * base branch's policy and the user's access as the installation sees it; the page shows the
 * form only to them and only when the check waits or blocks (an override passes nothing else),
 * and a post from anyone else is a 404, like any page they may not see.
 */
export async function mayOverride(
  octokit: Octokit,
  data: CustodyPageData,
  session: Session,
): Promise<boolean> {
  if (data.prState !== 'OPEN' || describeNeedlessOverride(data.verdict) !== null) return false;
  const account = { login: session.login, id: session.id, type: 'User' as const };
  return (await decideOverrider(octokit, data.judged, account)).allowed;
}

export async function submitOverride(
  deps: WebDeps,
  res: ServerResponse,
  request: { installationId: number; ref: Ref; session: Session; form: URLSearchParams; self: string },
): Promise<void> {
  const { ref, session, form, self } = request;
  const overrideDeps = await deps.custody.overrideDeps(request.installationId);
  const viewer = { login: session.login, csrfToken: session.csrf };
  // Taken before the override, so the page waits for the verdict after it.
  const pending = await pendingRedirect(deps, session, ref, 'override');
  const outcome = await applyOverride(overrideDeps, {
    ...ref,
    headSha: form.get('headSha') ?? '',
    actor: { login: session.login, id: session.id },
    reason: form.get('reason') ?? '',
  });
  if (outcome.kind === 'applied') return redirect(res, pending.location, pending.headers);
  if (outcome.kind === 'forbidden') return sendHtml(res, 404, renderNotFound(viewer));
  const message =
    outcome.kind === 'stale'
      ? `The pull request moved on to ${outcome.headSha.slice(0, 7)} since you loaded it: nothing was overridden. Review the new head first.`
      : `Nothing was overridden: ${outcome.reason}`;
  sendHtml(res, 409, renderMessagePage(viewer, 'Override not applied', message, self));
}
