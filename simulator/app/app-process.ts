import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./start-app.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface AppProcessOptions {
  /** The simulator's `http://127.0.0.1:PORT`. */
  readonly githubUrl: string;
  readonly appId: number;
  readonly privateKeyPem: string;
  readonly webhookSecret: string;
  readonly appSlug: string;
  /** The app's OAuth client: with it the app serves its custody pages at its own URL. */
  readonly oauthClient?: { readonly clientId: string; readonly clientSecret: string };
  /** Extra environment (CUSTODY_*, LOG_LEVEL…). */
  readonly env?: Readonly<Record<string, string>>;
  /** Called with each line the app logs (JSON with LOG_FORMAT=json). */
  readonly onLog?: (line: string) => void;
  readonly startTimeoutMs?: number;
  /** Extra node flags for the app process (benchmarks pass `--expose-gc`). */
  readonly nodeArgs?: readonly string[];
  /**
   * Run this compiled entry with plain node (an installed package's server) instead of the
   * repository's sources through tsx; `cwd` is where it runs.
   */
  readonly entry?: { readonly path: string; readonly cwd: string };
}

export interface AppProcess {
  readonly url: string;
  readonly webhookUrl: string;
  readonly child: ChildProcess;
  /** Every line the app wrote to stdout/stderr so far. */
  readonly logs: string[];
  /** When each line of `logs` arrived (ms since epoch), same index. */
  readonly logTimes: number[];
  /** The app process's `process.memoryUsage()` (after a full GC when started with `--expose-gc`). */
  memory(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Start the real app in a child process pointed at the simulator through Probot's own settings:
 * `GHE_HOST` + `GHE_PROTOCOL=http` make Probot use `http://HOST/api/v3` for REST and
 * `http://HOST/api/graphql` for GraphQL, as for GitHub Enterprise Server.
 */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const port = await freePort();
  const host = new URL(options.githubUrl).host;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    APP_ID: String(options.appId),
    PRIVATE_KEY: options.privateKeyPem,
    WEBHOOK_SECRET: options.webhookSecret,
    GHE_HOST: host,
    GHE_PROTOCOL: 'http',
    HOST: '127.0.0.1',
    PORT: String(port),
    CUSTODY_APP_SLUG: options.appSlug,
    ...(options.oauthClient
      ? {
          CUSTODY_PUBLIC_URL: `http://127.0.0.1:${port}`,
          GITHUB_CLIENT_ID: options.oauthClient.clientId,
          GITHUB_CLIENT_SECRET: options.oauthClient.clientSecret,
        }
      : {}),
    ...(process.env.SIMULATOR_THROTTLE ? { SIMULATOR_THROTTLE: process.env.SIMULATOR_THROTTLE } : {}),
    ...options.env,
  };
  const args = options.entry ? [options.entry.path] : ['--import', 'tsx', ENTRY];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
    cwd: options.entry?.cwd ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const logs: string[] = [];
  const logTimes: number[] = [];
  // A chunk may end mid-line (a busy app writes faster than the pipe is read): keep the rest.
  const collector = () => {
    let partial = '';
    return (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        logs.push(line);
        logTimes.push(Date.now());
        options.onLog?.(line);
      }
    };
  };
  child.stdout?.on('data', collector());
  child.stderr?.on('data', collector());

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  for (;;) {
    if (exited !== null)
      throw new Error(`the app exited with code ${exited} before listening:\n${logs.slice(-20).join('\n')}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not start within the deadline:\n${logs.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    webhookUrl: `${url}/api/github/webhooks`,
    child,
    logs,
    logTimes,
    memory: () =>
      new Promise<NodeJS.MemoryUsage>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the app did not report its memory')), 10_000);
        const onMessage = (message: unknown) => {
          const m = message as { type?: string } & NodeJS.MemoryUsage;
          if (m?.type !== 'simulator:memory') return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(m);
        };
        child.on('message', onMessage);
        child.send('simulator:memory');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
