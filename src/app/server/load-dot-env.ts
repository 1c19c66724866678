import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Reads `.env` from `cwd` (where Probot's manifest flow writes APP_ID, PRIVATE_KEY and
 * WEBHOOK_SECRET) into `env`, before anything decides how to start. Variables already set in the
 * environment win, so a container's or a shell's settings are never overridden by a stale file.
 * Returns the names it set. Node's own parser is Probot's too, so both read the file alike.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string[] {
  let text: string;
  try {
    text = readFileSync(join(cwd, '.env'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}
