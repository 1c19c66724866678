import { actingAccount, requireRepoAccess } from '../http/auth.js';
import {
  field,
  HttpError,
  notFound,
  paginate,
  type RouteRequest,
  type Router,
  validationFailed,
} from '../http/router.js';
import { installationOn, type Sim } from '../sim.js';
import type { IssueComment, Label, PullRequest, Repository } from '../state/types.js';
import { labeledPayload } from '../webhooks/payloads.js';
import { restComment, restLabel } from './represent.js';

const DOCS_LABEL = 'https://docs.github.com/rest/issues/labels#create-a-label';
const DOCS_COMMENT = 'https://docs.github.com/rest/issues/comments#create-an-issue-comment';
/** GitHub's limit on an issue comment body. */
const MAX_BODY = 65_536;

function repoOf(sim: Sim, req: RouteRequest): Repository {
  return requireRepoAccess(sim.store, req.caller, sim.store.findRepo(req.params.owner!, req.params.repo!));
}

function issueOf(sim: Sim, repo: Repository, number: string): PullRequest {
  const pr = sim.store.pull(repo.id, Number(number));
  if (!pr) throw notFound();
  return pr;
}

/** Labels are case-insensitive by name; colours are six hex digits without `#`. */
export function createLabel(
  sim: Sim,
  repo: Repository,
  name: string,
  color?: unknown,
  description?: unknown,
): Label {
  if (name.length > 50)
    throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'name' }], DOCS_LABEL);
  if (repo.labels.has(name.toLowerCase())) {
    throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }], DOCS_LABEL);
  }
  const hex = color === undefined ? 'ededed' : String(color).replace(/^#/, '');
  if (!/^[0-9a-fA-F]{6}$/.test(hex))
    throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }], DOCS_LABEL);
  if (typeof description === 'string' && description.length > 100) {
    throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'description' }], DOCS_LABEL);
  }
  const id = sim.store.nextId('label', 6_100_000_000);
  const label: Label = {
    id,
    nodeId: sim.store.nodeId('LA', id),
    name,
    color: hex.toLowerCase(),
    description: typeof description === 'string' ? description : null,
    isDefault: false,
  };
  repo.labels.set(name.toLowerCase(), label);
  return label;
}

function announceLabel(
  sim: Sim,
  req: RouteRequest,
  repo: Repository,
  pr: PullRequest,
  label: Label,
  action: 'labeled' | 'unlabeled',
) {
  const installation = installationOn(sim, repo);
  if (!installation) return;
  sim.webhooks.sendInBackground(
    'pull_request',
    labeledPayload(sim.site, action, pr, label, actingAccount(req.caller), installation),
    {
      installationId: installation.id,
      repositoryId: repo.id,
    },
  );
}

function labelNames(body: unknown): string[] {
  const raw = Array.isArray(body) ? body : field(body, 'labels');
  if (!Array.isArray(raw))
    throw validationFailed([{ resource: 'Label', code: 'missing_field', field: 'labels' }]);
  return raw.map((l) => (typeof l === 'string' ? l : String(field(l, 'name'))));
}

export function registerIssueRoutes(router: Router, sim: Sim): void {
  const { store, site } = sim;

  router.on('GET', '/repos/:owner/:repo/labels', (req) => {
    const repo = repoOf(sim, req);
    const { page, headers } = paginate(req, [...repo.labels.values()]);
    return { status: 200, headers, body: page.map((l) => restLabel(site, repo, l)) };
  });

  router.on('GET', '/repos/:owner/:repo/labels/:name', (req) => {
    const repo = repoOf(sim, req);
    const label = repo.labels.get(req.params.name!.toLowerCase());
    if (!label) throw notFound();
    return { status: 200, body: restLabel(site, repo, label) };
  });

  router.on('POST', '/repos/:owner/:repo/labels', (req) => {
    const repo = repoOf(sim, req);
    const name = field(req.body, 'name');
    if (typeof name !== 'string' || name === '')
      throw validationFailed([{ resource: 'Label', code: 'missing_field', field: 'name' }], DOCS_LABEL);
    const label = createLabel(sim, repo, name, field(req.body, 'color'), field(req.body, 'description'));
    return { status: 201, body: restLabel(site, repo, label) };
  });

  router.on('PATCH', '/repos/:owner/:repo/labels/:name', (req) => {
    const repo = repoOf(sim, req);
    const label = repo.labels.get(req.params.name!.toLowerCase());
    if (!label) throw notFound();
    const color = field(req.body, 'color');
    if (color !== undefined) {
      if (!/^#?[0-9a-fA-F]{6}$/.test(String(color)))
        throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }]);
      label.color = String(color).replace(/^#/, '').toLowerCase();
    }
    const description = field(req.body, 'description');
    if (description !== undefined) label.description = description === null ? null : String(description);
    return { status: 200, body: restLabel(site, repo, label) };
  });

  router.on('GET', '/repos/:owner/:repo/issues/:number/labels', (req) => {
    const repo = repoOf(sim, req);
    const pr = issueOf(sim, repo, req.params.number!);
    const { page, headers } = paginate(req, store.pullLabels(pr));
    return { status: 200, headers, body: page.map((l) => restLabel(site, repo, l)) };
  });

  // Adding a label that does not exist creates it (grey, no description), as GitHub does.
  router.on('POST', '/repos/:owner/:repo/issues/:number/labels', (req) => {
    const repo = repoOf(sim, req);
    const pr = issueOf(sim, repo, req.params.number!);
    for (const name of labelNames(req.body)) {
      const label = repo.labels.get(name.toLowerCase()) ?? createLabel(sim, repo, name);
      if (pr.labelNames.includes(label.name.toLowerCase())) continue;
      pr.labelNames.push(label.name.toLowerCase());
      announceLabel(sim, req, repo, pr, label, 'labeled');
    }
    pr.updatedAt = store.now();
    return { status: 200, body: store.pullLabels(pr).map((l) => restLabel(site, repo, l)) };
  });

  router.on('PUT', '/repos/:owner/:repo/issues/:number/labels', (req) => {
    const repo = repoOf(sim, req);
    const pr = issueOf(sim, repo, req.params.number!);
    const wanted = labelNames(req.body).map(
      (name) => repo.labels.get(name.toLowerCase()) ?? createLabel(sim, repo, name),
    );
    for (const old of store.pullLabels(pr)) {
      if (!wanted.includes(old)) announceLabel(sim, req, repo, pr, old, 'unlabeled');
    }
    for (const label of wanted) {
      if (!pr.labelNames.includes(label.name.toLowerCase()))
        announceLabel(sim, req, repo, pr, label, 'labeled');
    }
    pr.labelNames = wanted.map((l) => l.name.toLowerCase());
    return { status: 200, body: store.pullLabels(pr).map((l) => restLabel(site, repo, l)) };
  });

  router.on('DELETE', '/repos/:owner/:repo/issues/:number/labels/:name', (req) => {
    const repo = repoOf(sim, req);
    const pr = issueOf(sim, repo, req.params.number!);
    const key = req.params.name!.toLowerCase();
    if (!pr.labelNames.includes(key)) {
      throw new HttpError(404, {
        message: 'Label does not exist',
        documentation_url: 'https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue',
        status: '404',
      });
    }
    pr.labelNames = pr.labelNames.filter((n) => n !== key);
    const label = repo.labels.get(key);
    if (label) announceLabel(sim, req, repo, pr, label, 'unlabeled');
    return { status: 200, body: store.pullLabels(pr).map((l) => restLabel(site, repo, l)) };
  });

  router.on('GET', '/repos/:owner/:repo/issues/:number/comments', (req) => {
    const repo = repoOf(sim, req);
    issueOf(sim, repo, req.params.number!);
    const { page, headers } = paginate(req, store.issueComments(repo.id, Number(req.params.number)));
    return { status: 200, headers, body: page.map((c) => restComment(site, c)) };
  });

  router.on('POST', '/repos/:owner/:repo/issues/:number/comments', (req) => {
    const repo = repoOf(sim, req);
    const pr = issueOf(sim, repo, req.params.number!);
    const body = checkedBody(req.body);
    const author = actingAccount(req.caller);
    const id = store.nextId('comment', 2_400_000_000);
    const comment: IssueComment = {
      id,
      nodeId: store.nodeId('IC', id),
      repoId: repo.id,
      issueNumber: pr.number,
      authorId: author.id,
      viaAppId: req.caller.kind === 'installation' ? req.caller.app.id : null,
      body,
      createdAt: store.now(),
      updatedAt: store.now(),
    };
    store.comments.push(comment);
    return { status: 201, body: restComment(site, comment) };
  });

  router.on('GET', '/repos/:owner/:repo/issues/comments/:id', (req) => {
    const repo = repoOf(sim, req);
    const comment = store.comments.find((c) => c.id === Number(req.params.id) && c.repoId === repo.id);
    if (!comment) throw notFound();
    return { status: 200, body: restComment(site, comment) };
  });

  router.on('PATCH', '/repos/:owner/:repo/issues/comments/:id', (req) => {
    const repo = repoOf(sim, req);
    const comment = store.comments.find((c) => c.id === Number(req.params.id) && c.repoId === repo.id);
    if (!comment) throw notFound();
    comment.body = checkedBody(req.body);
    comment.updatedAt = store.now();
    return { status: 200, body: restComment(site, comment) };
  });

  router.on('DELETE', '/repos/:owner/:repo/issues/comments/:id', (req) => {
    const repo = repoOf(sim, req);
    const index = store.comments.findIndex((c) => c.id === Number(req.params.id) && c.repoId === repo.id);
    if (index === -1) throw notFound();
    store.comments.splice(index, 1);
    return { status: 204 };
  });
}

function checkedBody(input: unknown): string {
  const body = field(input, 'body');
  if (typeof body !== 'string' || body === '') {
    throw validationFailed(
      [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }],
      DOCS_COMMENT,
    );
  }
  if (body.length > MAX_BODY) {
    throw validationFailed(
      [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)',
        },
      ],
      DOCS_COMMENT,
    );
  }
  return body;
}
