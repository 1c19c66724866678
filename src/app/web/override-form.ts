import type { ServerResponse } from 'node:http';
import { renderMessagePage } from '../../web/render-layout.js';
import { applyOverride, checkOverridePermission } from '../pipeline/apply-override.js';
import { redirect, sendHtml } from './http-io.js';
import type { Session } from './session.js';
import type { WebDeps } from './web-deps.js';

type Ref = { readonly owner: string; readonly repo: string; readonly number: number };

/**
 * The break-glass override on the custody page. Who may is decided by the back end from the
 * base branch's policy and the user's access as the installation sees it; the page only shows
 * the form to them, and a post from anyone else is a 404, like any page they may not see.
 */
export async function mayOverride(
  deps: WebDeps,
  installationId: number,
  ref: Ref,
  session: Session,
): Promise<boolean> {
  const overrideDeps = await deps.custody.overrideDeps(installationId);
  const { allowed } = await checkOverridePermission(overrideDeps, { ...ref, login: session.login });
  return allowed;
}

export async function submitOverride(
  deps: WebDeps,
  res: ServerResponse,
  request: { installationId: number; ref: Ref; session: Session; form: URLSearchParams; self: string },
): Promise<void> {
  const { ref, session, form, self } = request;
  const overrideDeps = await deps.custody.overrideDeps(request.installationId);
  const permission = await checkOverridePermission(overrideDeps, { ...ref, login: session.login });
  const viewer = { login: session.login, csrfToken: session.csrf };
  if (!permission.allowed) {
    sendHtml(
      res,
      404,
      renderMessagePage(viewer, 'Not found', 'There is nothing here, or you cannot see it.'),
    );
    return;
  }
  const head = await deps.ledger.chainHead(`${ref.owner}/${ref.repo}`);
  const outcome = await applyOverride(overrideDeps, {
    ...ref,
    headSha: form.get('headSha') ?? '',
    actor: { login: session.login, id: session.id },
    reason: form.get('reason') ?? '',
  });
  if (outcome.kind === 'applied') {
    redirect(res, `${self}?after=${head?.seq ?? 0}&at=${deps.now()}&done=override`);
    return;
  }
  const message =
    outcome.kind === 'stale'
      ? `The pull request moved on to ${outcome.headSha.slice(0, 7)} since you loaded it: nothing was overridden. Review the new head first.`
      : `Nothing was overridden: ${outcome.reason}`;
  sendHtml(res, 409, renderMessagePage(viewer, 'Override not applied', message, self));
}
