import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContractCheck } from './contract/check-traffic.js';
import { Drivers } from './drivers/drivers.js';
import { runGraphql } from './graphql/execute.js';
import { type Caller, generateAppKeyPair, issuePersonalToken, resolveCaller } from './http/auth.js';
import { CONTROL_PREFIX, runControl } from './http/control.js';
import { Faults, withPartialFailure } from './http/faults.js';
import { createOAuthFlow } from './http/oauth.js';
import { HttpError, Router } from './http/router.js';
import { SecondaryLimits } from './http/secondary-limits.js';
import { registerAppRoutes } from './rest/apps.js';
import { registerCheckRoutes } from './rest/checks.js';
import { registerIssueRoutes } from './rest/issues.js';
import { checkPermission } from './rest/permissions.js';
import { registerRepoRoutes } from './rest/repos.js';
import type { Site } from './rest/represent.js';
import type { Sim } from './sim.js';
import { type LagSettings, lagFromEnv, ReplicationLag } from './state/replication-lag.js';
import { type SeededWorld, seedWorld } from './state/seed.js';
import { Store } from './state/store.js';
import type { ApiRequest, App } from './state/types.js';
import { WebhookSender } from './webhooks/sender.js';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Events the app subscribes to (from its `app.yml`); null = all. */
  readonly events?: readonly string[] | null;
  /** Permissions the app requests (from its `app.yml`); null = all. */
  readonly permissions?: Readonly<Record<string, 'read' | 'write'>> | null;
  readonly appId?: number;
  readonly appSlug?: string;
  /** Reuse a key pair (generating one takes ~100 ms; in-process runs create many simulators). */
  readonly keys?: { readonly privateKeyPem: string; readonly publicKeyPem: string };
  /**
   * The installation's id. Simulators sharing one process need distinct ids: `@octokit/auth-app`
   * shares in-flight token requests process-wide by installation id.
   */
  readonly installationId?: number;
  /**
   * GitHub's replication lag (`state/replication-lag.ts`); default from `SIMULATOR_LAG_MS` and
   * `SIMULATOR_LAG_SEED`, else `DEFAULT_LAG`. null: every read shows every change at once.
   */
  readonly lag?: LagSettings | null;
  /** Check every exchange against GitHub's specs (`contract/check-traffic.ts`); default on unless `SIMULATOR_CONTRACT=off`. */
  readonly contract?: boolean;
}

/** One HTTP exchange, without sockets: what `dispatch` takes and answers. */
export interface SimRequest {
  readonly method: string;
  /** Path and query, e.g. `/api/v3/repos/acme/widgets/pulls?state=open`. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface SimResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** JSON text, or undefined for an empty body. */
  readonly body: string | undefined;
}

export interface Simulator extends Sim {
  readonly url: string;
  readonly app: App;
  /** The app's credentials, as GitHub shows them once at registration. */
  readonly credentials: {
    readonly appId: number;
    readonly privateKeyPem: string;
    readonly webhookSecret: string;
    readonly clientId: string;
    readonly clientSecret: string;
  };
  readonly world: SeededWorld;
  readonly drivers: Drivers;
  /** Make GitHub misbehave for the next matching requests. */
  readonly faults: Faults;
  /** Every REST exchange and webhook checked against GitHub's published specs. */
  readonly contract: ContractCheck;
  /** GitHub's replication lag: reads just after an event may show the state before it. */
  readonly lag: ReplicationLag;
  /** GitHub's secondary rate limits (off until a test sets `secondaryLimits.settings`). */
  readonly secondaryLimits: SecondaryLimits;
  /**
   * Time GitHub takes to answer, per request (default 0: as fast as the machine). Benchmarks set
   * GitHub-like latencies to see how the app behaves when an evaluation takes real time.
   */
  readonly latency: { graphqlMs: number; restMs: number };
  /** Answer one request in-process (what the HTTP server does for each request it receives). */
  dispatch(request: SimRequest): Promise<SimResponse>;
  /** A `fetch` answering from `dispatch` without a socket (for Octokit's `request.fetch`). */
  readonly fetch: typeof globalThis.fetch;
  /** Point webhooks at the app (its URL is known only once it listens). */
  setWebhookUrl(url: string): void;
  /** A personal access token for a seeded user (for `custody explain`). */
  personalToken(login: string, token?: string): string;
  /** Resolve once no webhook and no API request is in flight and nothing happened for `quietMs`. */
  settle(options?: { quietMs?: number; timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function answer(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  const reset = String(Math.floor(Date.now() / 1000) + 3600);
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': randomUUID().toUpperCase(),
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': reset,
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
      ...headers,
    },
    body: body === undefined || status === 204 ? undefined : JSON.stringify(body),
  };
}

function authKind(caller: Caller): ApiRequest['auth'] {
  return caller.kind;
}

/** The GraphQL document of a request body, for telling a mutation from a query. */
function graphqlQuery(body: string): string {
  try {
    const query = (JSON.parse(body) as { query?: unknown }).query;
    return typeof query === 'string' ? query.replace(/^\s*(#[^\n]*\n\s*)*/, '') : '';
  } catch {
    return '';
  }
}

/** A URL on the in-process simulator; its host is never resolved. */
export const IN_PROCESS_URL = 'http://simulator.invalid';

/**
 * The simulator without a server: state, drivers, faults and `dispatch`/`fetch`. For tests that
 * run the app in the same process (the fault-injection suite, benchmarks of the app's own cost).
 */
export function createSimulator(options: SimulatorOptions = {}, baseUrl = IN_PROCESS_URL): Simulator {
  const store = new Store();
  const world = seedWorld(store);
  const site: { store: Store; baseUrl: string } = { store, baseUrl };
  const contract = new ContractCheck(options.contract);
  const webhooks = new WebhookSender(store, contract);
  const lag = new ReplicationLag(store, options.lag === undefined ? lagFromEnv() : options.lag);
  webhooks.onEvent = (event) => lag.recordEvent(event);
  const sim: Sim = { store, site: site as Site, webhooks };

  const keys = options.keys ?? generateAppKeyPair();
  const appId = options.appId ?? 1_034_127;
  const botId = 270_000_000 + (appId % 1_000_000);
  const slug = options.appSlug ?? 'custody';
  store.addAccount({ id: botId, login: `${slug}[bot]`, type: 'Bot', name: null });
  const app: App = {
    id: appId,
    slug,
    name: 'Custody',
    nodeId: store.nodeId('A', appId),
    ownerId: world.org.id,
    botId,
    publicKeyPem: keys.publicKeyPem,
    webhookSecret: randomBytes(20).toString('hex'),
    clientId: `Iv23li${randomBytes(7).toString('hex')}`,
    clientSecret: randomBytes(20).toString('hex'),
    webhookUrl: null,
    events: options.events ? new Set(options.events) : null,
    permissions: options.permissions ?? null,
  };
  store.apps.set(app.id, app);
  const installationId = options.installationId ?? store.nextId('installation', 61_000_000);
  store.installations.set(installationId, {
    id: installationId,
    appId: app.id,
    accountId: world.org.id,
    repoIds: [world.repo.id],
    createdAt: store.now(),
  });

  const drivers = new Drivers(sim);
  const router = new Router();
  registerAppRoutes(router, sim);
  registerCheckRoutes(router, sim);
  registerIssueRoutes(router, sim);
  registerRepoRoutes(router, sim);

  const oauth = createOAuthFlow(store, () => [...store.apps.values()]);
  const faults = new Faults();
  const secondaryLimits = new SecondaryLimits();
  const latency = { graphqlMs: 0, restMs: 0 };
  let inFlight = 0;
  let lastActivity = Date.now();

  async function handle(request: SimRequest): Promise<SimResponse> {
    const url = new URL(request.url, site.baseUrl);
    const method = request.method;
    if (method === 'POST' && url.pathname.startsWith(CONTROL_PREFIX)) {
      const result = await runControl(drivers, url.pathname.slice(CONTROL_PREFIX.length), request.body);
      return answer(result.status, result.body);
    }
    if (url.pathname.startsWith('/login/oauth/')) {
      const answered = oauth(method, url, request.body, request.headers['content-type']);
      if (answered) return answered;
    }
    const isGraphql = url.pathname === '/api/graphql';
    const writes = isGraphql ? /^\s*mutation\b/.test(graphqlQuery(request.body)) : method !== 'GET';
    // Writes go to the primary; reads may come from a replica that lags behind the last events.
    const serve = <T>(read: () => T): T => (writes ? read() : lag.serve(read));
    const record: ApiRequest = {
      at: Date.now(),
      method,
      path: url.pathname + url.search,
      kind: isGraphql ? 'graphql' : 'rest',
      auth: 'none',
      status: 0,
    };
    store.requests.push(record);
    let limitedBy: number | null = null;
    try {
      const caller = resolveCaller(store, request.headers.authorization);
      (record as { auth: ApiRequest['auth'] }).auth = authKind(caller);
      const fault = faults.take({ kind: record.kind, method, path: url.pathname });
      if (fault && 'status' in fault) {
        record.status = fault.status;
        return answer(fault.status, fault.body, fault.headers);
      }
      if (caller.kind === 'installation') {
        const installationId = caller.installation.id;
        const limited = secondaryLimits.begin(installationId, writes);
        if (limited) {
          record.status = limited.status;
          return answer(limited.status, limited.body, limited.headers);
        }
        limitedBy = installationId;
      }
      const text = request.body;
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        throw new HttpError(400, {
          message: 'Problems parsing JSON',
          documentation_url: 'https://docs.github.com/rest',
        });
      }
      if (isGraphql) {
        if (method !== 'POST') throw new HttpError(404, { message: 'Not Found' });
        const query = String((body as { query?: unknown } | undefined)?.query ?? '');
        const named = /\b(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query);
        if (named) record.operation = named[1];
        if (caller.kind === 'none' || caller.kind === 'app') {
          throw new HttpError(401, {
            message: 'This endpoint requires you to be authenticated.',
            documentation_url:
              'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
          });
        }
        const viewer = caller.kind === 'installation' ? caller.bot : caller.account;
        const result = await runGraphql(
          (body ?? {}) as Record<string, unknown>,
          {
            site: site as Site,
            caller,
            viewer,
            canSee: (repo) =>
              caller.kind === 'installation'
                ? caller.installation.repoIds.includes(repo.id)
                : !repo.isPrivate || store.permissionOf(repo, caller.account.id) !== 'none',
          },
          serve,
        );
        record.status = 200;
        return answer(200, fault ? withPartialFailure(result, fault.graphqlErrors) : result);
      }
      if (!url.pathname.startsWith('/api/v3/') && url.pathname !== '/api/v3')
        throw new HttpError(404, { message: 'Not Found' });
      const path = url.pathname.slice('/api/v3'.length) || '/';
      const match = router.match(method, path);
      if (!match)
        throw new HttpError(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      const exchange = { method, path, requestBody: body };
      try {
        checkPermission(caller, method, match.route);
        const result = await serve(() =>
          match.handler({
            method,
            params: match.params,
            query: url.searchParams,
            body,
            caller,
            url: new URL(url.pathname, site.baseUrl),
          }),
        );
        record.status = result.status;
        contract.checkRest({ ...exchange, status: result.status, responseBody: result.body });
        return answer(result.status, result.body, result.headers);
      } catch (error) {
        if (error instanceof HttpError)
          contract.checkRest({ ...exchange, status: error.status, responseBody: error.body });
        throw error;
      }
    } catch (error) {
      if (error instanceof HttpError) {
        record.status = error.status;
        return answer(error.status, error.body);
      }
      record.status = 500;
      console.error('simulator: internal error on', method, url.pathname, error);
      return answer(500, { message: `simulator internal error: ${(error as Error).message}` });
    } finally {
      if (limitedBy !== null) secondaryLimits.end(limitedBy);
    }
  }

  async function dispatch(request: SimRequest): Promise<SimResponse> {
    inFlight += 1;
    lastActivity = Date.now();
    try {
      const delay = request.url.startsWith('/api/graphql') ? latency.graphqlMs : latency.restMs;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      return await handle(request);
    } finally {
      inFlight -= 1;
      lastActivity = Date.now();
    }
  }

  const inProcessFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : String(input));
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? request?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const rawBody = init?.body ?? (request ? await request.text() : undefined);
    const body =
      rawBody === undefined || rawBody === null
        ? ''
        : typeof rawBody === 'string'
          ? rawBody
          : await new Response(rawBody as ConstructorParameters<typeof Response>[0]).text();
    const response = await dispatch({
      method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
      url: url.pathname + url.search,
      headers,
      body,
    });
    return new Response(response.body ?? null, { status: response.status, headers: response.headers });
  }) as typeof globalThis.fetch;

  return {
    ...sim,
    get url() {
      return site.baseUrl;
    },
    app,
    credentials: {
      appId: app.id,
      privateKeyPem: keys.privateKeyPem,
      webhookSecret: app.webhookSecret,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
    },
    world,
    drivers,
    faults,
    contract,
    lag,
    secondaryLimits,
    latency,
    dispatch,
    fetch: inProcessFetch,
    setWebhookUrl(url: string) {
      app.webhookUrl = url;
    },
    personalToken(login: string, token?: string) {
      return issuePersonalToken(store, store.accountByLogin(login), token);
    },
    async settle({ quietMs = 400, timeoutMs = 15_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const idleSince = Math.max(lastActivity, webhooks.lastActivity);
        const quiet = inFlight === 0 && webhooks.inFlight === 0 && Date.now() - idleSince >= quietMs;
        if (quiet) return;
        if (Date.now() > deadline) throw new Error(`simulator: still busy after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => Promise.resolve(),
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const site = { baseUrl: 'http://127.0.0.1' };
  const sim = createSimulator(options, site.baseUrl);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const headers: Record<string, string | undefined> = {};
      for (const [key, value] of Object.entries(req.headers))
        headers[key] = Array.isArray(value) ? value.join(', ') : value;
      const response = await sim.dispatch({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers,
        body,
      });
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  (sim.site as { baseUrl: string }).baseUrl = `http://127.0.0.1:${port}`;
  return Object.assign(sim, {
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  });
}
