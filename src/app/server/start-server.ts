import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, createProbot, type ProbotOctokit } from 'probot';
import { openLedger } from '../../ledger/index.js';
import { createDeliveryCache } from '../handlers/delivery-cache.js';
import { type Custody, registerHandlers } from '../handlers/register-handlers.js';
import { startReconcilers } from '../reconcile/start-reconcilers.js';
import type { StartupConfig } from './check-startup.js';
import { readConfig } from './config.js';
import { readEnvironment } from './environment.js';
import {
  composeHandlers,
  createBodySizeGuard,
  createHealthHandler,
  createReadiness,
  drainGracefully,
} from './health.js';

export interface RunningCustody {
  readonly server: Server;
  readonly port: number;
  readonly custody: Custody;
  /** The SIGTERM sequence: not ready at once, stop accepting, stop the reconcilers, drain the queue. */
  drain(graceMs?: number): Promise<'drained' | 'timed-out'>;
}

/**
 * Custody's own HTTP server around Probot's webhook middleware. Probot's `Server` runs added
 * handlers after its webhook middleware, so the body-size guard (413 before a 25 MB body is
 * read) and the health endpoints need a server of our own; Probot still verifies signatures
 * and dispatches events, configured from the usual environment (APP_ID, PRIVATE_KEY,
 * WEBHOOK_SECRET, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL, …).
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
  const probot = createProbot({
    env: probotEnv,
    ...(options.Octokit ? { overrides: { Octokit: options.Octokit } } : {}),
  });
  await probot.ready(); // Probot 14 sets up its logger asynchronously
  const log = probot.log;
  for (const warning of startup.warnings) log.warn(warning);
  const readiness = createReadiness(['ledger', 'app', 'reconcilers']);
  // Migrated at open; a ledger that cannot be opened stops the start (nothing could be recorded).
  const ledger = await openLedger(settings.DATABASE_URL);
  readiness.complete('ledger');
  log.info({ ledger: ledger.label, flavour: ledger.flavour }, 'custody ledger open');
  let loaded: Custody | null = null;
  const webhooks = await createNodeMiddleware(
    (app) => {
      loaded = registerHandlers(app, config, { deliveries: createDeliveryCache(), ledger });
    },
    { probot },
  );
  if (loaded === null) throw new Error('Custody did not register its handlers');
  const custody: Custody = loaded;
  readiness.complete('app');

  const webhookPath = settings.WEBHOOK_PATH;
  const server = createServer(
    composeHandlers([createBodySizeGuard({ webhookPath }), createHealthHandler(readiness), webhooks], (err) =>
      log.error({ err }, 'request failed'),
    ),
  );
  await new Promise<void>((resolve) => server.listen(settings.PORT, settings.HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  log.info({ port, webhookPath }, 'custody listening');

  const reconcilers = startReconcilers({
    probot,
    custody,
    startup,
    appId: Number(settings.APP_ID),
    checkName: config.checkName,
    ledger,
    retentionDays: settings.CUSTODY_RETENTION_DAYS ?? null,
  });
  readiness.complete('reconcilers');

  return {
    server,
    port,
    custody,
    drain: (graceMs = 25_000) =>
      drainGracefully(
        readiness,
        [
          {
            name: 'http',
            run: () =>
              new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeIdleConnections();
              }),
          },
          { name: 'reconcilers', run: () => reconcilers.stop(5_000) },
          { name: 'queue', run: () => custody.queue.close() },
          { name: 'ledger', run: () => ledger.close() },
        ],
        { graceMs, log },
      ),
  };
}
