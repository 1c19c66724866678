#!/usr/bin/env node
import { run } from 'probot';
import { checkStartup, StartupError } from './app/server/check-startup.js';
import { readEnvironment } from './app/server/environment.js';
import { startServer } from './app/server/start-server.js';
import app from './index.js';

/**
 * Process entry (`npm start`). Checks the environment first (production refuses a missing or
 * placeholder webhook secret); without APP_ID and a private key it serves Probot's manifest
 * flow, which registers the app from app.yml and writes .env; otherwise it runs Custody's
 * server and drains in-flight evaluations on SIGTERM.
 */
let startup: ReturnType<typeof checkStartup>;
try {
  startup = checkStartup(process.env);
} catch (error) {
  if (!(error instanceof StartupError)) throw error;
  // A configuration problem, not a crash: the message says what to fix, without a stack trace.
  console.error(error.message);
  process.exit(2);
}

const env = readEnvironment(process.env);
if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
  await run(app);
} else {
  const custody = await startServer({ env: process.env, startup });
  process.once('SIGTERM', () => {
    void custody.drain().then(() => process.exit(0));
  });
}
