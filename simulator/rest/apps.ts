import { actingAccount, issueInstallationToken, requireApp, requireCaller } from '../http/auth.js';
import { HttpError, notFound, paginate, type Router } from '../http/router.js';
import type { Sim } from '../sim.js';
import type { Delivery } from '../state/types.js';
import { restApp, restInstallation, restPermissions, restRepo, restUser, restViewer } from './represent.js';

/** `/app/*` (app JWT), installation tokens, and the app's webhook deliveries. */
export function registerAppRoutes(router: Router, sim: Sim): void {
  const { store, site } = sim;

  router.on('GET', '/app', (req) => ({ status: 200, body: restApp(site, requireApp(req.caller)) }));

  router.on('GET', '/app/installations', (req) => {
    const app = requireApp(req.caller);
    const list = [...store.installations.values()].filter((i) => i.appId === app.id);
    return { status: 200, body: list.map((i) => restInstallation(site, i)) };
  });

  router.on('GET', '/app/installations/:id', (req) => {
    const app = requireApp(req.caller);
    const installation = store.installations.get(Number(req.params.id));
    if (!installation || installation.appId !== app.id) throw notFound();
    return { status: 200, body: restInstallation(site, installation) };
  });

  router.on('POST', '/app/installations/:id/access_tokens', (req) => {
    const app = requireApp(req.caller);
    const installation = store.installations.get(Number(req.params.id));
    if (!installation || installation.appId !== app.id) throw notFound();
    const { token, expiresAt } = issueInstallationToken(store, installation);
    return {
      status: 201,
      body: {
        token,
        expires_at: expiresAt,
        permissions: restApp(site, app).permissions,
        repository_selection: 'selected',
      },
    };
  });

  router.on('GET', '/repos/:owner/:repo/installation', (req) => {
    const app = requireApp(req.caller);
    const repo = store.findRepo(req.params.owner!, req.params.repo!);
    const installation = repo ? store.installationFor(app.id, repo.id) : undefined;
    if (!installation) throw notFound();
    return { status: 200, body: restInstallation(site, installation) };
  });

  router.on('GET', '/orgs/:org/installation', (req) => {
    const app = requireApp(req.caller);
    const org = store.findAccount(req.params.org!);
    const installation = [...store.installations.values()].find(
      (i) => i.appId === app.id && org?.type === 'Organization' && i.accountId === org.id,
    );
    if (!installation) throw notFound();
    return { status: 200, body: restInstallation(site, installation) };
  });

  // What a user's token can access of an installation: the repositories the user has any
  // access to among those the installation covers, each with the user's permissions; 404 when
  // the installation does not exist or the user can access none of its repositories.
  router.on('GET', '/user/installations/:installation_id/repositories', (req) => {
    const caller = requireCaller(req.caller);
    if (caller.kind !== 'user')
      throw new HttpError(403, { message: 'Resource not accessible by integration' });
    const installation = store.installations.get(Number(req.params.installation_id));
    const accessible = (installation?.repoIds ?? [])
      .map((id) => store.repo(id))
      .map((repo) => ({ repo, role: store.permissionOf(repo, caller.account.id) }))
      .filter(({ role }) => role !== 'none');
    if (accessible.length === 0) throw notFound();
    const { page, headers } = paginate(req, accessible);
    return {
      status: 200,
      headers,
      body: {
        total_count: accessible.length,
        repository_selection: 'selected',
        repositories: page.map(({ repo, role }) => ({
          ...restRepo(site, repo),
          permissions: restPermissions(role),
        })),
      },
    };
  });

  router.on('GET', '/installation/repositories', (req) => {
    const caller = requireCaller(req.caller);
    if (caller.kind !== 'installation')
      throw new HttpError(403, { message: 'This endpoint requires an installation token' });
    const repos = caller.installation.repoIds.map((id) => restRepo(site, store.repo(id)));
    return {
      status: 200,
      body: { total_count: repos.length, repository_selection: 'selected', repositories: repos },
    };
  });

  router.on('GET', '/user', (req) => {
    const caller = requireCaller(req.caller);
    if (caller.kind !== 'user')
      throw new HttpError(403, { message: 'Resource not accessible by integration' });
    return { status: 200, body: restViewer(site, actingAccount(caller)) };
  });

  router.on('GET', '/users/:login', (req) => {
    requireCaller(req.caller);
    const account = store.findAccount(req.params.login!);
    if (!account) throw notFound();
    return { status: 200, body: restUser(site, account) };
  });

  router.on('GET', '/rate_limit', () => {
    const core = { limit: 5000, used: 0, remaining: 5000, reset: Math.floor(Date.now() / 1000) + 3600 };
    return { status: 200, body: { resources: { core, graphql: core }, rate: core } };
  });

  // Webhook deliveries, newest first, cursor-paginated like GitHub's.
  router.on('GET', '/app/hook/deliveries', (req) => {
    const app = requireApp(req.caller);
    const perPage = Math.min(Number(req.query.get('per_page') ?? 30) || 30, 100);
    const cursor = Number(req.query.get('cursor') ?? 0) || 0;
    const all = store.deliveries
      .filter((d) => d.installationId === null || store.installations.get(d.installationId)?.appId === app.id)
      .slice()
      .reverse();
    const page = all.slice(cursor, cursor + perPage);
    const headers: Record<string, string> = {};
    if (cursor + perPage < all.length) {
      const next = new URL(req.url);
      next.searchParams.set('per_page', String(perPage));
      next.searchParams.set('cursor', String(cursor + perPage));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    return {
      status: 200,
      headers,
      body: page.map(representDelivery),
    };
  });

  router.on('GET', '/app/hook/deliveries/:id', (req) => {
    requireApp(req.caller);
    const d = store.deliveries.find((x) => x.id === Number(req.params.id));
    if (!d) throw notFound();
    return {
      status: 200,
      body: {
        ...representDelivery(d),
        url: '',
        request: { headers: d.requestHeaders, payload: JSON.parse(d.body) as unknown },
        response: { headers: {}, payload: d.responseBody },
      },
    };
  });

  router.on('POST', '/app/hook/deliveries/:id/attempts', (req) => {
    requireApp(req.caller);
    const d = store.deliveries.find((x) => x.id === Number(req.params.id));
    if (!d) throw notFound();
    void sim.webhooks.redeliver(d.id).catch(() => undefined);
    return { status: 202, body: {} };
  });
}

/** A delivery as `GET /app/hook/deliveries` lists it (the single-delivery endpoint adds the request). */
function representDelivery(d: Delivery) {
  return {
    id: d.id,
    guid: d.guid,
    delivered_at: d.deliveredAt,
    redelivery: d.redelivery,
    duration: d.durationMs / 1000,
    status: d.status,
    status_code: d.statusCode,
    event: d.event,
    action: d.action,
    installation_id: d.installationId,
    repository_id: d.repositoryId,
    throttled_at: null,
  };
}
