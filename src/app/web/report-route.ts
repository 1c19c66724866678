import type { ServerResponse } from 'node:http';
import {
  CSV_HEADER,
  decideReportRepositories,
  renderCsvRow,
  renderJsonLine,
} from '../../core/ledger/index.js';
import { fetchViewerOrgRole } from '../../github/fetch-viewer-access.js';
import {
  fetchViewerInstallationRepositories,
  findOrgInstallationId,
} from '../../github/fetch-viewer-repositories.js';
import { renderReportPage } from '../../web/render-report-page.js';
import { securityHeaders, sendHtml } from './http-io.js';
import type { Session } from './session.js';
import { pullRequestPath, type WebDeps } from './web-deps.js';

const DAY_MS = 86_400_000;

/**
 * The organisation report and its downloads. Owners see every repository; other members only
 * the installation's repositories GitHub says they can access (asked with their own token);
 * anyone else gets a 404. A failed lookup throws before anything is sent, so the caller's
 * error page answers, never the unfiltered report.
 */
export async function serveReport(
  deps: WebDeps,
  res: ServerResponse,
  request: { url: URL; session: Session; org: string; what: string; notFound: () => void },
): Promise<void> {
  const { url, session, org, what } = request;
  const role = await fetchViewerOrgRole(deps.site, session.token, org);
  if (role === null) return request.notFound();
  const repos = await readableRepositories(deps, session, org, role);
  const today = new Date(deps.now()).toISOString().slice(0, 10);
  const day = (name: string, fallback: string) => {
    const value = url.searchParams.get(name) ?? '';
    return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : fallback;
  };
  const until = day('until', today);
  const since = day('since', new Date(Date.parse(until) - 364 * DAY_MS).toISOString().slice(0, 10));
  const filter = {
    org,
    since: new Date(since),
    until: new Date(Date.parse(until) + DAY_MS),
    ...(repos === undefined ? {} : { repos }),
  };
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
        readableOnly: repos !== undefined,
        viewer: { login: session.login, csrfToken: session.csrf },
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

/** Undefined for an owner (everything); for a member, what they can access of the app's installation on `org` (none when it has none). */
async function readableRepositories(
  deps: WebDeps,
  session: Session,
  org: string,
  role: 'owner' | 'member',
): Promise<readonly string[] | undefined> {
  if (role === 'owner') return decideReportRepositories(org, { role });
  const installationId = await findOrgInstallationId(await deps.appOctokit(), org);
  const readable =
    installationId === null
      ? []
      : await fetchViewerInstallationRepositories(deps.site, session.token, installationId);
  return decideReportRepositories(org, { role, readable });
}
