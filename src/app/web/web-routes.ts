import type { IncomingMessage, ServerResponse } from 'node:http';
import { CSV_HEADER, renderCsvRow, renderJsonLine } from '../../core/ledger/index.js';
import {
  fetchViewerMembership,
  fetchViewerPermission,
  findInstallationId,
  SignInExpiredError,
} from '../../github/fetch-viewer-access.js';
import { PullRequestNotFoundError } from '../../github/incomplete-data-error.js';
import { renderIndexPage } from '../../web/render-index-page.js';
import { renderMessagePage, renderNotFound } from '../../web/render-layout.js';
import { renderPullRequestPage } from '../../web/render-pull-request-page.js';
import { renderReportPage } from '../../web/render-report-page.js';
import type { NodeHandler } from '../server/health.js';
import { readForm, redirect, securityHeaders, sendHtml } from './http-io.js';
import { mayOverride, submitOverride } from './override-form.js';
import { pendingPath, servePending } from './pending-pass.js';
import { readCustodyPage } from './read-custody-page.js';
import { isSameToken, type Session } from './session.js';
import { createSignIn } from './sign-in.js';
import { pullRequestPath, reportPath, type WebDeps } from './web-deps.js';

const PULL =
  /^\/custody\/([A-Za-z0-9-]+)\/([A-Za-z0-9_.-]+)\/pull\/([1-9][0-9]{0,9})(\/reevaluate|\/override|\/pending)?$/;
const REPORT = /^\/custody\/orgs\/([A-Za-z0-9-]+)\/(report|export\.jsonl|export\.csv)$/;
const DAY_MS = 86_400_000;

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
          await serveReport(res, url, session, report[1]!, report[2]!);
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
    if (action === '/pending') return servePending(deps, res, url, session, ref);
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
      const pending = await pendingPath(deps, session, ref, 'reevaluate');
      deps.custody.evaluateLater({ installationId, ...ref, headSha: null }, 'web re-evaluate', 'live');
      deps.log.info({ ...ref, login: session.login }, 'custody web re-evaluation queued');
      return redirect(res, pending);
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

  async function serveReport(
    res: ServerResponse,
    url: URL,
    session: Session,
    org: string,
    what: string,
  ): Promise<void> {
    if (!(await fetchViewerMembership(deps.site, session.token, org))) return notFound(res, session);
    const today = new Date(deps.now()).toISOString().slice(0, 10);
    const day = (name: string, fallback: string) => {
      const value = url.searchParams.get(name) ?? '';
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : fallback;
    };
    const until = day('until', today);
    const since = day('since', new Date(Date.parse(until) - 364 * DAY_MS).toISOString().slice(0, 10));
    const filter = { org, since: new Date(since), until: new Date(Date.parse(until) + DAY_MS) };
    const query = `?since=${since}&until=${until}`;
    if (what === 'report') {
      const reports = await deps.ledger.report(filter);
      return sendHtml(
        res,
        200,
        renderReportPage({
          org,
          since,
          until,
          reports,
          viewer: viewerOf(session),
          pullRequestPath: (repo, number) => {
            const [owner, name] = repo.split('/');
            return pullRequestPath(owner!, name!, number);
          },
          downloads: {
            jsonl: `/custody/orgs/${org}/export.jsonl${query}`,
            csv: `/custody/orgs/${org}/export.csv${query}`,
          },
        }),
      );
    }
    const csv = what === 'export.csv';
    res.writeHead(200, {
      ...securityHeaders(),
      'content-type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="custody-${org}-${since}-${until}.${csv ? 'csv' : 'jsonl'}"`,
    });
    if (csv) res.write(CSV_HEADER);
    for await (const entry of deps.ledger.exportStored(filter)) {
      if (!res.write(csv ? renderCsvRow(entry) : renderJsonLine(entry)))
        await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }
}
