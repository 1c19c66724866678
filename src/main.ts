#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { checkStartup, StartupError } from './app/check-startup.js';
import { loadDotEnv } from './app/load-dot-env.js';
import { serveManifestFlow } from './app/manifest-flow.js';
import { startServer } from './app/start-server.js';

/**
 * Process entry (`npm start`, or the installed package's `custody-server`). Reads `.env` first,
 * where the manifest flow writes the credentials. Without APP_ID and a private key it serves the
 * manifest flow, which registers the app from app.yml; otherwise it checks the environment (a
 * real webhook secret is required in every mode) and runs Custody's server, draining in-flight
 * evaluations on SIGTERM.
 */
const env = process.env;
loadDotEnv(env);

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const webhookPath = env.WEBHOOK_PATH ?? '/api/github/webhooks';
if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
  if (env.NODE_ENV === 'production') {
    fail(
      'Custody cannot start in production without APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH): ' +
        'register the app first (run `npm start` outside production, or see docs/deploy.md).',
      2,
    );
  }
  await serveManifestFlow({
    env,
    appYml: readFileSync(new URL('../app.yml', import.meta.url), 'utf8'),
    webhookPath,
    cwd: process.cwd(),
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? 'localhost',
    log: { info: (message) => console.log(message), error: (o, message) => console.error(message, o) },
  });
} else {
  let startup: ReturnType<typeof checkStartup>;
  try {
    startup = checkStartup(env);
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    fail(error.message, 1);
  }
  const custody = await startServer({ env, startup });
  process.once('SIGTERM', () => {
    void custody.drain().then(() => process.exit(0));
  });
}
