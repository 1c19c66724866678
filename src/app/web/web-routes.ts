import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  fetchViewerPermission,
  findInstallationId,
  SignInExpiredError,
} from '../../github/fetch-viewer-access.js';
import { PullRequestNotFoundError } from '../../github/incomplete-data-error.js';
import { renderIndexPage } from '../../web/render-index-page.js';
import { renderMessagePage, renderNotFound } from '../../web/render-layout.js';
import { renderPullRequestPage } from '../../web/render-pull-request-page.js';
import type { NodeHandler } from '../server/health.js';
import { readForm, redirect, sendHtml } from './http-io.js';
import { mayOverride, submitOverride } from './override-form.js';
import { pendingRedirect, servePending } from './pending-pass.js';
import { readCustodyPage } from './read-custody-page.js';
import { serveReport } from './report-route.js';
import { isSameToken, type Session } from './session.js';
import { createSignIn } from './sign-in.js';
import { pullRequestPath, reportPath, type WebDeps } from './web-deps.js';

const PULL =
  /^\/custody\/([A-Za-z0-9-]+)\/([A-Za-z0-9_.-]+)\/pull\/([1-9][0-9]{0,9})(\/reevaluate|\/override|\/pending)?$/;
const REPORT = /^\/custody\/orgs\/([A-Za-z0-9-]+)\/(report|export\.jsonl|export\.csv)$/;

/**
 * The custody pages under `/custody`: sign-in, the page of a pull request (and its
 * re-evaluate form), the organisation report and its downloads. Who may see what is checked
 * with the user's own token on every request; anything they may not see is a 404, so a page
 * never tells whether a private repository or pull request exists.
 */
export function createWebHandler(deps: WebDeps): NodeHandler {
  const signIn = createSignIn(deps);
  const viewerOf = (session: Session) => ({ login: session.login, csrfToken: session.csrf });
  const notFound = (res: ServerResponse, session: Session | null) =>
    sendHtml(res, 404, renderNotFound(session ? viewerOf(session) : null));

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://custody.invalid');
    const path = url.pathname;
    if (path !== '/custody' && !path.startsWith('/custody/')) return false;
    const method = req.method ?? 'GET';
    const session = signIn.sessionOf(req);
    try {
      if (path === '/custody/sign-in' && method === 'GET') {
        signIn.startSignIn(res, url.searchParams.get('return') ?? '/custody');
      } else if (path === '/custody/callback' && method === 'GET') {
        await signIn.finishSignIn(req, res, url);
      } else if (path === '/custody/sign-out' && method === 'POST') {
        const form = await readForm(req);
        if (session !== null && !isSameToken(form?.get('csrf'), session.csrf)) refuseForm(res);
        else signIn.signOut(res);
      } else if (path === '/custody' && method === 'GET') {
        sendHtml(res, 200, renderIndexPage(session ? viewerOf(session) : null));
      } else if (path === '/custody/report' && method === 'GET') {
        const org = url.searchParams.get('org') ?? '';
        if (/^[A-Za-z0-9-]+$/.test(org)) redirect(res, reportPath(org));
        else notFound(res, session);
      } else {
        const pull = PULL.exec(path);
        const report = REPORT.exec(path);
        if (pull === null && report === null) notFound(res, session);
        else if (session === null) {
          // Signed out: a page sends you to sign in and back; a form post is refused.
          if (method === 'GET') signIn.startSignIn(res, path + url.search);
          else notFound(res, null);
        } else if (pull !== null) {
          const [, owner, repo, number, action] = pull;
          await servePullRequest(
            req,
            res,
            url,
            session,
            { owner: owner!, repo: repo!, number: Number(number) },
            action,
          );
        } else if (report !== null && method === 'GET') {
          await serveReport(deps, res, {
            url,
            session,
            org: report[1]!,
            what: report[2]!,
            notFound: () => notFound(res, session),
          });
        } else notFound(res, session);
      }
    } catch (error) {
      if (error instanceof PullRequestNotFoundError && !res.headersSent) {
        notFound(res, session);
        return true;
      }
      if (error instanceof SignInExpiredError && !res.headersSent) {
        // The session outlived the user's token: sign in again, back to a page (never to a post).
        signIn.startSignIn(res, method === 'GET' ? path + url.search : '/custody');
        return true;
      }
      deps.log.error({ err: error, path }, 'custody web request failed');
      if (!res.headersSent)
        sendHtml(
          res,
          502,
          renderMessagePage(
            session ? viewerOf(session) : null,
            'Try again',
            'Custody could not read what this page needs from GitHub or its ledger. Reload to try again.',
          ),
        );
      else res.end();
    }
    return true;
  };

  function refuseForm(res: ServerResponse): void {
    sendHtml(
      res,
      403,
      renderMessagePage(
        null,
        'Form expired',
        'This form is not valid any more (a missing or stale token). Go back, reload the page and try again.',
      ),
    );
  }

  async function servePullRequest(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    session: Session,
    ref: { owner: string; repo: string; number: number },
    action: string | undefined,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const isPage = action === undefined || action === '/pending';
    if (isPage !== (method === 'GET')) return notFound(res, session);
    // Waiting for a queued verdict: the sealed pass stands for the access checked by the form.
    if (action === '/pending') return servePending(deps, req, res, session, ref);
    const permission = await fetchViewerPermission(deps.site, session.token, {
      owner: ref.owner,
      name: ref.repo,
    });
    if (permission === null) return notFound(res, session);
    const installationId = await findInstallationId(await deps.appOctokit(), {
      owner: ref.owner,
      name: ref.repo,
    });
    if (installationId === null) return notFound(res, session);
    const self = pullRequestPath(ref.owner, ref.repo, ref.number);
    if (action === '/reevaluate') {
      const form = await readForm(req);
      if (!isSameToken(form?.get('csrf'), session.csrf)) return refuseForm(res);
      const pending = await pendingRedirect(deps, session, ref, 'reevaluate');
      deps.custody.evaluateLater({ installationId, ...ref, headSha: null }, 'web re-evaluate', 'live');
      deps.log.info({ ...ref, login: session.login }, 'custody web re-evaluation queued');
      return redirect(res, pending.location, pending.headers);
    }
    if (action === '/override') {
      const form = await readForm(req);
      if (!isSameToken(form?.get('csrf'), session.csrf)) return refuseForm(res);
      return submitOverride(deps, res, { installationId, ref, session, form: form!, self });
    }
    if (action !== undefined) return notFound(res, session);
    const octokit = await deps.installationOctokit(installationId);
    const data = await readCustodyPage(octokit, deps.ledger, {
      ...ref,
      checkName: deps.config.checkName,
      appId: deps.config.appId,
      requireOrgPolicy: deps.config.requireOrgPolicy,
    });
    sendHtml(
      res,
      200,
      renderPullRequestPage({
        ...ref,
        ...data,
        url: `${deps.site.webUrl}/${ref.owner}/${ref.repo}/pull/${ref.number}`,
        viewer: viewerOf(session),
        paths: { self, reevaluate: `${self}/reevaluate`, override: `${self}/override` },
        override: {
          allowed: await mayOverride(octokit, data, session),
          flash:
            url.searchParams.get('done') !== 'override'
              ? null
              : data.verdict.state === 'overridden'
                ? 'Override recorded in the custody ledger: the check passes on this head commit.'
                : 'Override recorded in the custody ledger: the check turns success for this head commit once its evaluation lands.',
        },
      }),
    );
  }
}
