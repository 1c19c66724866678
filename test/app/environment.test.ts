import { describe, expect, it } from 'vitest';
import { ENVIRONMENT, readEnvironment, StartupError } from '../../src/app/server/environment.js';

describe('readEnvironment', () => {
  it('applies the documented defaults, and treats an empty value as unset', () => {
    const env = readEnvironment({ CUSTODY_CONCURRENCY: '', PORT: '8080' });
    expect(env).toMatchObject({
      CUSTODY_CONCURRENCY: 4,
      CUSTODY_SWEEP_INTERVAL: 900_000,
      PORT: 8080,
      HOST: 'localhost',
      LOG_LEVEL: 'info',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.CUSTODY_RETENTION_DAYS).toBeUndefined();
  });

  it('reads the custody ledger’s settings', () => {
    const env = readEnvironment({ DATABASE_URL: 'postgres://127.0.0.1/test', CUSTODY_RETENTION_DAYS: '30' });
    expect(env).toMatchObject({ DATABASE_URL: 'postgres://127.0.0.1/test', CUSTODY_RETENTION_DAYS: 30 });
  });

  it('names every bad variable, its value and what is allowed, one line each', () => {
    const read = () =>
      readEnvironment({ CUSTODY_CONCURRENCY: 'abc', CUSTODY_RETENTION_DAYS: '0', LOG_LEVEL: 'loud' });
    expect(read).toThrow(StartupError);
    expect(read).toThrow(
      [
        'Custody cannot start: invalid environment',
        '  LOG_LEVEL="loud": expected one of trace, debug, info, warn, error, fatal, silent',
        '  CUSTODY_CONCURRENCY="abc": expected an integer from 1 to 64',
        '  CUSTODY_RETENTION_DAYS="0": expected a positive integer',
      ].join('\n'),
    );
  });

  it('never echoes a secret value', () => {
    expect(() => readEnvironment({ DATABASE_URL: '   ' })).toThrow('DATABASE_URL=(hidden): expected');
  });

  it('describes every variable for the README table', () => {
    for (const [name, variable] of Object.entries(ENVIRONMENT)) {
      expect(variable.description.length, name).toBeGreaterThan(10);
      expect(variable.allowed.length, name).toBeGreaterThan(2);
    }
  });
});
