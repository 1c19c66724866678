import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's `src/main.ts`, run by tsx exactly as `npm start` runs its build. */
export const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface StartedProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the exit code (the process ended) or the first line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string | { exit: number | null }>;
  stop(): Promise<void>;
}

/**
 * Starts a Node entry in `cwd` with only the environment given (no inherited NODE_ENV, no
 * credentials from the machine), collecting its output line by line.
 */
export function startProcess(
  args: readonly string[],
  options: { readonly cwd: string; readonly env: Readonly<Record<string, string>>; readonly tsx?: boolean },
): StartedProcess {
  const nodeArgs = options.tsx === false ? [...args] : ['--import', TSX, ...args];
  const child = spawn(process.execPath, nodeArgs, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let partial = '';
  const collect = (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter((line) => line.trim() !== ''));
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exit: number | null | undefined;
  child.once('exit', (code) => {
    exit = code;
    for (const listener of listeners) listener();
  });
  return {
    child,
    lines,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line !== undefined) done(line);
          else if (exit !== undefined) done({ exit });
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`));
        }, timeoutMs);
        const done = (value: string | { exit: number | null }) => {
          clearTimeout(timer);
          listeners.delete(check);
          resolve(value);
        };
        listeners.add(check);
        check();
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** The port a started server logged (`custody listening` carries it as JSON). */
export function portOf(line: string): number {
  const port = (JSON.parse(line) as { port?: number }).port;
  if (typeof port !== 'number') throw new Error(`no port in ${line}`);
  return port;
}
