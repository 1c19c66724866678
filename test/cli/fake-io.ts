import { readFile } from 'node:fs/promises';
import type { CliIo, ExplainLive } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { openLedger } from '../../src/ledger/index.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface FakeIoOptions {
  /** Files served instead of the disk, by path. */
  readonly files?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly explainLive?: ExplainLive;
  /** The ledger the audit commands open, whatever URL they were given (default: the real opener). */
  readonly openLedger?: CliIo['openLedger'];
}

/** Runs the CLI in-process with captured output; files come from `files` first, then the disk. */
export async function run(argv: readonly string[], options: FakeIoOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
    readFile: async (path) => options.files?.[path] ?? readFile(path, 'utf8'),
    loadExplainLive: async () => {
      if (options.explainLive === undefined) throw new Error('no live fetch in this test');
      return options.explainLive;
    },
    openLedger: options.openLedger ?? ((url) => openLedger(url)),
    drainStdout: async () => {},
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
