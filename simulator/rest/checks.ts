import { requireRepoAccess } from '../http/auth.js';
import {
  forbidden,
  notFound,
  paginate,
  type RouteRequest,
  type Router,
  unprocessable,
  validationFailed,
} from '../http/router.js';
import { installationOn, type Sim } from '../sim.js';
import type { CheckConclusion, CheckRun, CheckStatus, CheckSuite, Repository } from '../state/types.js';
import { checkRunPayload } from '../webhooks/payloads.js';
import { limitDetailsUrl, limitExternalId, limitOutput } from './check-run-limits.js';
import { restCheckRun, restCheckSuite } from './represent.js';

const DOCS_CREATE = 'https://docs.github.com/rest/checks/runs#create-a-check-run';
const DOCS_UPDATE = 'https://docs.github.com/rest/checks/runs#update-a-check-run';
const STATUSES: readonly CheckStatus[] = [
  'queued',
  'in_progress',
  'completed',
  'waiting',
  'requested',
  'pending',
];
const CONCLUSIONS: readonly CheckConclusion[] = [
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'success',
  'skipped',
  'stale',
  'timed_out',
];

function repoOf(sim: Sim, req: RouteRequest): Repository {
  return requireRepoAccess(sim.store, req.caller, sim.store.findRepo(req.params.owner!, req.params.repo!));
}

/** Only an app (through an installation token) may write check runs. */
function writingApp(req: RouteRequest): number {
  if (req.caller.kind !== 'installation') throw forbidden('You must authenticate via a GitHub App.');
  return req.caller.app.id;
}

interface CheckRunInput {
  name?: unknown;
  head_sha?: unknown;
  status?: unknown;
  conclusion?: unknown;
  external_id?: unknown;
  details_url?: unknown;
  started_at?: unknown;
  completed_at?: unknown;
  output?: unknown;
}

/** Validate the writable fields the way GitHub's 422s do; returns the normalised changes. */
function validateRunInput(body: CheckRunInput, docs: string, creating: boolean): Partial<CheckRun> {
  const changes: Partial<CheckRun> & { status?: CheckStatus } = {};
  if (creating || body.name !== undefined) {
    if (typeof body.name !== 'string' || body.name === '')
      throw validationFailed([{ resource: 'CheckRun', code: 'missing_field', field: 'name' }], docs);
    changes.name = body.name;
  }
  if (body.status !== undefined) {
    if (!STATUSES.includes(body.status as CheckStatus)) {
      throw validationFailed(
        [
          `Invalid request.\n\n${JSON.stringify(body.status)} is not a member of ${JSON.stringify(STATUSES)}.`,
        ],
        docs,
      );
    }
    // "Only GitHub Actions can set a status of waiting, pending, or requested."
    if (['waiting', 'pending', 'requested'].includes(String(body.status))) {
      throw unprocessable(`Only GitHub Actions can set a status of ${String(body.status)}`, docs);
    }
    changes.status = body.status as CheckStatus;
  }
  if (body.conclusion !== undefined && body.conclusion !== null) {
    if (!CONCLUSIONS.includes(body.conclusion as CheckConclusion)) {
      throw validationFailed(
        [
          `Invalid request.\n\n${JSON.stringify(body.conclusion)} is not a member of ${JSON.stringify(CONCLUSIONS)}.`,
        ],
        docs,
      );
    }
    // "You cannot change a check run conclusion to stale, only GitHub can set this."
    if (body.conclusion === 'stale') throw unprocessable('Conclusion cannot be set to stale', docs);
    // "Providing conclusion will automatically set the status parameter to completed."
    changes.conclusion = body.conclusion as CheckConclusion;
    changes.status = 'completed';
  }
  if (changes.status === 'completed' && changes.conclusion === undefined && creating) {
    throw unprocessable('Conclusion must be specified when status is completed', docs);
  }
  if (body.external_id !== undefined) changes.externalId = limitExternalId(body.external_id);
  if (body.details_url !== undefined) changes.detailsUrl = limitDetailsUrl(body.details_url, docs);
  if (body.output !== undefined && body.output !== null) {
    const out = body.output as Record<string, unknown>;
    for (const key of ['title', 'summary'] as const) {
      if (typeof out[key] !== 'string')
        throw validationFailed(
          [{ resource: 'CheckRun', code: 'missing_field', field: `output.${key}` }],
          docs,
        );
    }
    Object.assign(changes, limitOutput(out, docs));
  }
  return changes;
}

function suiteFor(sim: Sim, repo: Repository, appId: number, sha: string): CheckSuite {
  const existing = sim.store.checkSuites.find(
    (s) => s.repoId === repo.id && s.appId === appId && s.headSha === sha,
  );
  if (existing) return existing;
  const id = sim.store.nextId('check_suite', 28_000_000_000);
  const branch = [...repo.branches.entries()].find(([, head]) => head === sha)?.[0] ?? null;
  const suite: CheckSuite = {
    id,
    nodeId: sim.store.nodeId('CS', id),
    repoId: repo.id,
    appId,
    headSha: sha,
    headBranch: branch,
    createdAt: sim.store.now(),
  };
  sim.store.checkSuites.push(suite);
  return suite;
}

/** GitHub tells every subscribed app about check runs being created and completed, the author included. */
function announce(
  sim: Sim,
  repo: Repository,
  run: CheckRun,
  action: 'created' | 'completed',
  req: RouteRequest,
): void {
  const installation = installationOn(sim, repo);
  if (!installation || req.caller.kind !== 'installation') return;
  sim.webhooks.sendInBackground(
    'check_run',
    checkRunPayload(sim.site, action, run, req.caller.bot, installation),
    {
      installationId: installation.id,
      repositoryId: repo.id,
    },
  );
}

export function registerCheckRoutes(router: Router, sim: Sim): void {
  const { store, site } = sim;

  router.on('POST', '/repos/:owner/:repo/check-runs', (req) => {
    const repo = repoOf(sim, req);
    const appId = writingApp(req);
    const body = (req.body ?? {}) as CheckRunInput;
    const changes = validateRunInput(body, DOCS_CREATE, true);
    const sha = typeof body.head_sha === 'string' ? body.head_sha : '';
    if (!sha)
      throw validationFailed(
        [{ resource: 'CheckRun', code: 'missing_field', field: 'head_sha' }],
        DOCS_CREATE,
      );
    if (!store.commits.has(sha) || !store.repoHasCommit(repo, sha)) {
      throw unprocessable(`No commit found for SHA: ${sha}`, DOCS_CREATE);
    }
    const suite = suiteFor(sim, repo, appId, sha);
    const id = store.nextId('check_run', 31_000_000_000);
    const now = store.now();
    const status = changes.status ?? 'queued';
    const run: CheckRun = {
      id,
      nodeId: store.nodeId('CR', id),
      repoId: repo.id,
      suiteId: suite.id,
      appId,
      headSha: sha,
      name: changes.name!,
      status,
      conclusion: changes.conclusion ?? null,
      title: changes.title ?? null,
      summary: changes.summary ?? null,
      text: changes.text ?? null,
      externalId: changes.externalId ?? null,
      detailsUrl: changes.detailsUrl ?? null,
      startedAt: typeof body.started_at === 'string' ? body.started_at : now,
      completedAt:
        status === 'completed' ? (typeof body.completed_at === 'string' ? body.completed_at : now) : null,
      history: [],
    };
    run.history.push({ at: now, status: run.status, conclusion: run.conclusion, title: run.title });
    store.checkRuns.push(run);
    announce(sim, repo, run, 'created', req);
    if (run.status === 'completed') announce(sim, repo, run, 'completed', req);
    return { status: 201, body: restCheckRun(site, run) };
  });

  router.on('PATCH', '/repos/:owner/:repo/check-runs/:id', (req) => {
    const repo = repoOf(sim, req);
    const appId = writingApp(req);
    const run = store.checkRuns.find((r) => r.id === Number(req.params.id) && r.repoId === repo.id);
    if (!run) throw notFound();
    if (run.appId !== appId)
      throw forbidden(
        'Invalid app_id `' + appId + '` - check run can only be modified by the GitHub App that created it.',
      );
    const body = (req.body ?? {}) as CheckRunInput;
    const changes = validateRunInput(body, DOCS_UPDATE, false);
    if (changes.status === 'completed' && changes.conclusion === undefined && run.conclusion === null) {
      throw unprocessable('Conclusion must be specified when status is completed', DOCS_UPDATE);
    }
    const wasCompleted = run.status === 'completed';
    Object.assign(run, changes);
    if (changes.status !== undefined && changes.status !== 'completed') {
      run.conclusion = null;
      run.completedAt = null;
    }
    if (run.status === 'completed')
      run.completedAt = typeof body.completed_at === 'string' ? body.completed_at : store.now();
    run.history.push({ at: store.now(), status: run.status, conclusion: run.conclusion, title: run.title });
    if (run.status === 'completed' && (!wasCompleted || changes.conclusion !== undefined))
      announce(sim, repo, run, 'completed', req);
    return { status: 200, body: restCheckRun(site, run) };
  });

  router.on('GET', '/repos/:owner/:repo/check-runs/:id', (req) => {
    const repo = repoOf(sim, req);
    const run = store.checkRuns.find((r) => r.id === Number(req.params.id) && r.repoId === repo.id);
    if (!run) throw notFound();
    return { status: 200, body: restCheckRun(site, run) };
  });

  router.on('GET', '/repos/:owner/:repo/commits/:ref/check-runs', (req) => {
    const repo = repoOf(sim, req);
    const sha = store.resolveRef(repo, req.params.ref!);
    if (!sha) throw unprocessable(`No commit found for SHA: ${req.params.ref}`);
    const name = req.query.get('check_name');
    const appId = req.query.get('app_id');
    const status = req.query.get('status');
    const filter = req.query.get('filter') ?? 'latest';
    let runs = store
      .checkRunsFor(repo.id, sha)
      .filter((r) => name === null || r.name === name)
      .filter((r) => appId === null || r.appId === Number(appId))
      .filter((r) => status === null || r.status === status)
      .reverse();
    if (filter === 'latest') {
      const seen = new Set<string>();
      runs = runs.filter((r) => {
        const key = `${r.appId}/${r.name}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    const { page, headers } = paginate(req, runs);
    return {
      status: 200,
      headers,
      body: { total_count: runs.length, check_runs: page.map((r) => restCheckRun(site, r)) },
    };
  });

  router.on('GET', '/repos/:owner/:repo/commits/:ref/check-suites', (req) => {
    const repo = repoOf(sim, req);
    const sha = store.resolveRef(repo, req.params.ref!);
    if (!sha) throw unprocessable(`No commit found for SHA: ${req.params.ref}`);
    const appId = req.query.get('app_id');
    const suites = store.suitesFor(repo.id, sha).filter((s) => appId === null || s.appId === Number(appId));
    const { page, headers } = paginate(req, suites);
    return {
      status: 200,
      headers,
      body: { total_count: suites.length, check_suites: page.map((s) => restCheckSuite(site, s)) },
    };
  });

  // "Triggers GitHub to rerequest an existing check run": GitHub answers 201 and sends
  // `check_run.rerequested` to the app that created the run.
  router.on('POST', '/repos/:owner/:repo/check-runs/:id/rerequest', (req) => {
    const repo = repoOf(sim, req);
    const appId = writingApp(req);
    const run = store.checkRuns.find((r) => r.id === Number(req.params.id) && r.repoId === repo.id);
    if (!run) throw notFound();
    if (run.appId !== appId) throw forbidden();
    const installation = installationOn(sim, repo);
    if (installation && req.caller.kind === 'installation') {
      const payload = checkRunPayload(sim.site, 'rerequested', run, req.caller.bot, installation);
      sim.webhooks.sendInBackground('check_run', payload, {
        installationId: installation.id,
        repositoryId: repo.id,
      });
    }
    return { status: 201, body: {} };
  });
}
