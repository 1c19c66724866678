/**
 * The logger every part of the app writes to: Probot's pino logger in production, a recording
 * fake in tests. Each part asks only for the levels it uses (`Pick<Log, 'info' | 'warn'>`).
 */
export interface Log {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
