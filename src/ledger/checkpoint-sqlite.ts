import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Moves SQLite's WAL checkpoints off the webhook path. Under WAL with `synchronous = NORMAL`
 * a commit never waits for the disk; a checkpoint (copying the WAL back into the database
 * and syncing it) does, and SQLite runs it inside whichever commit crosses its threshold, so
 * about one append in a hundred paid a disk sync. Here the app's connection only
 * checkpoints as a backstop (`BACKSTOP_PAGES`), and a worker thread with its own connection
 * runs a PASSIVE checkpoint (it never blocks a writer) shortly after appends: the append's
 * commit stays in memory and the sync happens on another thread.
 */
export interface Checkpointer {
  /** An append committed: a checkpoint is due soon. */
  wrote(): void;
  stop(): Promise<void>;
}

/** The app connection's own automatic checkpoint, in pages (SQLite's default is 1,000): only if the worker falls behind. */
export const BACKSTOP_PAGES = 10_000;
/** Appends before the worker starts, so short-lived ledgers (the CLI, tests) never start one. */
const START_AFTER = 64;
const INTERVAL_MS = 100;

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const database = new Database(workerData.path);
database.pragma('busy_timeout = 5000');
const writes = new Int32Array(workerData.writes);
let seen = 0;
const timer = setInterval(() => {
  const now = Atomics.load(writes, 0);
  if (now === seen) return;
  seen = now;
  database.pragma('wal_checkpoint(PASSIVE)');
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  database.close();
  parentPort.close();
});
`;

export function startCheckpointer(path: string): Checkpointer {
  const writes = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker | null = null;
  let exited: Promise<unknown> = Promise.resolve();
  let count = 0;
  let failed = false;
  const start = () => {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, module, writes: writes.buffer, intervalMs: INTERVAL_MS },
    });
    // A failed worker leaves the backstop checkpoint in charge; the ledger keeps working.
    worker.on('error', () => {
      failed = true;
    });
    exited = new Promise((resolve) => worker?.once('exit', resolve));
    worker.unref();
  };
  return {
    wrote() {
      Atomics.add(writes, 0, 1);
      count += 1;
      if (worker === null && !failed && count >= START_AFTER) start();
    },
    async stop() {
      const running = worker;
      worker = null;
      failed = true;
      // Held again while it stops: an unreferenced worker's exit would not keep the process waiting for it.
      running?.ref();
      running?.postMessage('stop');
      await exited;
    },
  };
}
