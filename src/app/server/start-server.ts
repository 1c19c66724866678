import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProbot, ProbotOctokit } from 'probot';
import { withGithubPacing } from '../../github/pace-requests.js';
import { openLedger } from '../../ledger/index.js';
import { createDeliveryCache } from '../handlers/delivery-cache.js';
import { type Custody, registerHandlers } from '../handlers/register-handlers.js';
import {
  countGithubRequests,
  createDeliveryCounter,
  createMetricsHandler,
  observeQueue,
} from '../metrics.js';
import { startReconcilers } from '../reconcile/start-reconcilers.js';
import { startWeb } from '../web/start-web.js';
import type { StartupConfig } from './check-startup.js';
import { readConfig } from './config.js';
import { createJsonLogger } from './create-logger.js';
import { readEnvironment } from './environment.js';
import {
  composeHandlers,
  createBodySizeGuard,
  createDependencyGuard,
  createHealthHandler,
  createReadiness,
  drainGracefully,
} from './health.js';
import { createWebhookReceiver } from './receive-webhooks.js';

export interface RunningCustody {
  readonly server: Server;
  readonly port: number;
  /** Where `/metrics` answers: METRICS_PORT's listener, else `port`. */
  readonly metricsPort: number;
  readonly custody: Custody;
  /** The SIGTERM sequence: not ready at once, stop accepting, stop the reconcilers, drain the queue. */
  drain(graceMs?: number): Promise<'drained' | 'timed-out'>;
}

/**
 * Custody's own HTTP server around the webhook middleware. Probot's `Server` runs added
 * handlers after its webhook middleware, so the body-size guard (413 before a 25 MB body is
 * read) and the health endpoints need a server of our own. Signatures are verified and events
 * dispatched by `@octokit/webhooks` (receive-webhooks.ts); Probot authenticates and logs,
 * configured from the usual environment (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST,
 * GHE_PROTOCOL, LOG_LEVEL, …).
 */
export async function startServer(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly startup: StartupConfig;
  /** An Octokit class for Probot (the local simulator turns client-side throttling off). */
  readonly Octokit?: typeof ProbotOctokit;
}): Promise<RunningCustody> {
  const { env, startup } = options;
  const config = readConfig(env);
  const settings = readEnvironment(env);
  // Probot logs at `warn` by default, which would hide the decision log (one `info` line per
  // evaluation); LOG_LEVEL still wins when set.
  const probotEnv: Readonly<Record<string, string | undefined>> = {
    ...env,
    LOG_LEVEL: settings.LOG_LEVEL,
  };
  const jsonLog = createJsonLogger(probotEnv, process.stdout.isTTY === true);
  const probot = createProbot({
    env: probotEnv,
    overrides: {
      Octokit: withGithubPacing(options.Octokit ?? ProbotOctokit).plugin(countGithubRequests as never),
      ...(jsonLog ? { log: jsonLog } : {}),
    },
  });
  await probot.ready(); // Probot 14 sets up its logger asynchronously
  const log = probot.log;
  for (const warning of startup.warnings) log.warn(warning);
  if (env.WEBHOOK_PROXY_URL) {
    log.warn(
      `WEBHOOK_PROXY_URL is set, but Custody does not forward from it: run \`npx smee-client --url ${env.WEBHOOK_PROXY_URL} --target http://localhost:${env.PORT ?? 3000}${env.WEBHOOK_PATH ?? '/api/github/webhooks'}\` next to it.`,
    );
  }
  const readiness = createReadiness(['ledger', 'app', 'reconcilers']);
  // Migrated at open; a ledger that cannot be opened stops the start (nothing could be recorded).
  const ledger = await openLedger(settings.DATABASE_URL, { poolSize: settings.DATABASE_POOL_SIZE });
  readiness.complete('ledger');
  log.info({ ledger: ledger.label, flavour: ledger.flavour }, 'custody ledger open');
  // PostgreSQL: several replicas share the ledger and a durable queue (docs/deploy.md).
  const replicated =
    ledger.flavour === 'postgres' && settings.DATABASE_URL
      ? {
          connectionString: settings.DATABASE_URL,
          workerSchema: 'graphile_worker',
          lockTimeoutMs: settings.CUSTODY_LOCK_TIMEOUT_SECONDS * 1000,
        }
      : undefined;
  const webhookPath = settings.WEBHOOK_PATH;
  const receiver = createWebhookReceiver({ secret: env.WEBHOOK_SECRET ?? '', path: webhookPath, log });
  const custody: Custody = registerHandlers(probot, config, {
    deliveries: createDeliveryCache(),
    ledger,
    webhooks: receiver.webhooks,
    ...(replicated ? { replicated } : {}),
  });
  await custody.queue.start();
  const probe = custody.replicated ? watchDatabase(custody.replicated, readiness, log) : null;
  readiness.complete('app');

  observeQueue(custody.queue);

  const onError = (err: unknown) => log.error({ err }, 'request failed');
  // /metrics on its own port when METRICS_PORT is set (kept off the public webhook listener).
  const metricsServer =
    config.metricsPort !== null ? createServer(composeHandlers([createMetricsHandler()], onError)) : null;
  // The pages read the ledger as evaluations do, so they never show a history the check would refuse.
  const web = startWeb({ settings, config, probot, custody, ledger: custody.ledger ?? ledger, log });
  const server = createServer(
    composeHandlers(
      [
        ...(web ? [web] : []),
        createDeliveryCounter(webhookPath),
        createBodySizeGuard({ webhookPath }),
        createHealthHandler(readiness),
        createDependencyGuard(readiness, webhookPath),
        ...(metricsServer ? [] : [createMetricsHandler()]),
        receiver.middleware,
      ],
      onError,
    ),
  );
  const listen = (s: Server, port: number) =>
    new Promise<number>((resolve) => {
      s.listen(port, settings.HOST, () => resolve((s.address() as AddressInfo).port));
    });
  const port = await listen(server, settings.PORT);
  const metricsPort = metricsServer ? await listen(metricsServer, config.metricsPort ?? 0) : port;
  log.info({ port, webhookPath, metricsPort }, 'custody listening');

  const reconcilers = startReconcilers({
    probot,
    custody,
    startup,
    appId: Number(settings.APP_ID),
    checkName: config.checkName,
    ledger,
    retentionDays: settings.CUSTODY_RETENTION_DAYS ?? null,
    ...(custody.replicated ? { scheduler: custody.replicated.scheduleClusterWide } : {}),
  });
  readiness.complete('reconcilers');

  return {
    server,
    port,
    metricsPort,
    custody,
    drain: (graceMs = 25_000) =>
      drainGracefully(
        readiness,
        [
          {
            name: 'http',
            run: async () => {
              await Promise.all(
                [server, metricsServer].map(
                  (s) =>
                    new Promise<void>((resolve) => {
                      if (!s) return resolve();
                      s.close(() => resolve());
                      s.closeIdleConnections();
                    }),
                ),
              );
            },
          },
          { name: 'reconcilers', run: () => reconcilers.stop(5_000) },
          { name: 'queue', run: () => custody.queue.close() },
          { name: 'database probe', run: async () => probe?.stop() },
          { name: 'ledger', run: () => ledger.close() },
        ],
        { graceMs, log },
      ),
  };
}

/**
 * The replicated mode's readiness follows the database: a replica that cannot reach it is not
 * ready, and answers deliveries 503 (never a 200 for work it could not store).
 */
function watchDatabase(
  queue: { ping(): Promise<void> },
  readiness: ReturnType<typeof createReadiness>,
  log: { warn(o: object, m: string): void; info(o: object, m: string): void },
  intervalMs = 1_000,
): { stop(): void } {
  let up = true;
  const check = async () => {
    const ok = await Promise.race([
      queue.ping().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), intervalMs * 2).unref()),
    ]);
    readiness.report('database', ok);
    if (ok !== up)
      (ok ? log.info : log.warn).call(
        log,
        { up: ok },
        `custody database ${ok ? 'reachable again' : 'unreachable'}`,
      );
    up = ok;
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
