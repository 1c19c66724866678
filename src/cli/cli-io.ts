import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { SharedHeadPullRequest } from '../core/ledger/index.js';
import type { Policy } from '../core/policy/schema.js';
import type { Snapshot } from '../core/snapshot.js';
import type { LoadPolicyResult } from '../github/load-policy.js';
import type { Ledger } from '../ledger/index.js';

/**
 * Everything the CLI touches outside itself, passed in so tests run commands in-process
 * against fakes (no spawned processes, no network).
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => Promise<string>;
  /** Loads the live fetcher lazily, so offline commands never load the GitHub client. */
  readonly loadExplainLive: () => Promise<ExplainLive>;
  /** Opens the custody ledger at a URL (default: DATABASE_URL, then the embedded file). */
  readonly openLedger: (url: string | undefined) => Promise<Ledger>;
  /** Resolves when stdout takes more: a long export waits here instead of buffering in memory. */
  readonly drainStdout: () => Promise<void>;
}

/** `explainLive` of `./explain-live.ts` (the GitHub read side): the app's fetch, read-only. */
export type ExplainLive = (
  target: string,
  options: { token: string; apiUrl?: string; saveSnapshot?: string; policy?: Policy; ledger?: Ledger },
) => Promise<{ snapshot: Snapshot; policy: LoadPolicyResult; sharedWith?: SharedHeadPullRequest[] }>;

/** A problem with what the user gave us: printed without a stack trace, exit code 2. */
export class InputError extends Error {
  override readonly name: string = 'InputError';
}

/** Wrong arguments: like `InputError`, followed by a pointer to `--help`. */
export class UsageError extends InputError {
  override readonly name = 'UsageError';
}

export const EXIT = { ok: 0, notPassing: 1, badInput: 2 } as const;

export function nodeIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    readFile: (path) => readFile(path, 'utf8'),
    // Imported on demand, so offline commands never load Probot and Octokit.
    loadExplainLive: async () => (await import('./explain-live.js')).explainLive,
    // Also on demand: only the audit commands and `explain --database` load the database drivers.
    openLedger: async (url) => (await import('../ledger/index.js')).openLedger(url),
    drainStdout: () =>
      process.stdout.writableNeedDrain
        ? once(process.stdout, 'drain').then(() => undefined)
        : Promise.resolve(),
  };
}
