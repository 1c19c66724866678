import { type Logger, pino } from 'pino';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * JSON when a machine reads the output (production, or stdout is not a terminal: a container,
 * systemd, a pipe), pretty on a developer's terminal; LOG_FORMAT (`json` | `pretty`) wins.
 */
export function chooseLogFormat(env: Env, stdoutIsTty: boolean): 'json' | 'pretty' {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return env.NODE_ENV === 'production' || !stdoutIsTty ? 'json' : 'pretty';
}

/**
 * The JSON logger handed to Probot, or null to let Probot build its pretty one. Probot names
 * every line with a `name: "probot"` child, so this root logger has no name of its own: each
 * JSON line then carries `name` once.
 */
export function createJsonLogger(env: Env, stdoutIsTty: boolean): Logger | null {
  if (chooseLogFormat(env, stdoutIsTty) !== 'json') return null;
  return pino({
    level: env.LOG_LEVEL ?? 'info',
    messageKey: env.LOG_MESSAGE_KEY || 'msg',
    ...(env.LOG_LEVEL_IN_STRING === 'true'
      ? { formatters: { level: (label: string) => ({ level: label }) } }
      : {}),
  });
}
