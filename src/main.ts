#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { checkStartup, StartupError } from './app/server/check-startup.js';
import { readEnvironment } from './app/server/environment.js';
import { loadDotEnv } from './app/server/load-dot-env.js';
import { serveManifestFlow } from './app/server/manifest-flow.js';
import { startServer } from './app/server/start-server.js';

/**
 * Process entry (`npm start`, or the installed package's `custody-server`). Reads `.env` first,
 * where the manifest flow writes the credentials. Without APP_ID and a private key it serves the
 * manifest flow, which registers the app from app.yml; otherwise it checks the environment (a
 * real webhook secret is required in every mode) and runs Custody's server, draining in-flight
 * evaluations on SIGTERM.
 */

const env = process.env;
loadDotEnv(env);

/** A configuration problem, not a crash: the message says what to fix, without a stack trace. */
function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function settle<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    throw error;
  }
}

const settings = settle(() => readEnvironment(env));
if (!settings.APP_ID || !(settings.PRIVATE_KEY || settings.PRIVATE_KEY_PATH)) {
  if (settings.NODE_ENV === 'production') {
    fail(
      'Custody cannot start in production without APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH): ' +
        'register the app first (run `npm start` outside production, or see docs/deploy.md).',
    );
  }
  await serveManifestFlow({
    env,
    appYml: readFileSync(new URL('../app.yml', import.meta.url), 'utf8'),
    webhookPath: settings.WEBHOOK_PATH,
    cwd: process.cwd(),
    port: settings.PORT,
    host: settings.HOST,
    log: { info: (message) => console.log(message), error: (o, message) => console.error(message, o) },
  });
} else {
  const startup = settle(() => checkStartup(env));
  const custody = await startServer({ env, startup });
  process.once('SIGTERM', () => {
    void custody.drain().then(() => process.exit(0));
  });
}
