import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkStartup,
  DEFAULT_SWEEP_INTERVAL_MS,
  describeWeakSecret,
  StartupError,
} from '../../src/app/server/check-startup.js';

const REAL_SECRET = '3f9c1d7e2b8a4c6f0e5d9b1a7c3e8f2d';

describe('checkStartup, in production and outside it', () => {
  it.each([
    ['missing', undefined, /WEBHOOK_SECRET is not set/],
    ['empty', '', /WEBHOOK_SECRET is not set/],
    ["Probot's fallback", 'development', /placeholder "development"/],
    ['a placeholder in any case', 'Change-Me', /placeholder/],
    ['too short', 'short-secret', /only 12 characters \(at least 16 required\)/],
  ])('refuses to start when the webhook secret is %s', (_label, secret, message) => {
    for (const NODE_ENV of ['production', 'development', undefined]) {
      const run = () => checkStartup({ NODE_ENV, WEBHOOK_SECRET: secret });
      expect(run).toThrow(StartupError);
      expect(run).toThrow(message);
      expect(run).toThrow(/refuses to start.*forge webhooks.*openssl rand -hex 32/);
    }
  });

  it('starts with a real secret and the default intervals', () => {
    const config = checkStartup({ NODE_ENV: 'production', WEBHOOK_SECRET: REAL_SECRET });
    expect(config).toEqual({
      production: true,
      sweepIntervalMs: DEFAULT_SWEEP_INTERVAL_MS,
      redeliveryIntervalMs: 600_000,
      sweepMaxEvaluations: 100,
      warnings: [],
    });
  });
});

describe('checkStartup outside production', () => {
  it('starts with a real secret, with no warning', () => {
    const config = checkStartup({ WEBHOOK_SECRET: REAL_SECRET });
    expect(config.production).toBe(false);
    expect(config.warnings).toEqual([]);
  });
});

describe('checkStartup intervals', () => {
  it.each([
    ['15m', 900_000],
    ['900', 900_000],
    ['900s', 900_000],
    ['1h', 3_600_000],
    ['120000ms', 120_000],
  ])('reads CUSTODY_SWEEP_INTERVAL=%s', (text, ms) => {
    expect(checkStartup({ CUSTODY_SWEEP_INTERVAL: text, WEBHOOK_SECRET: REAL_SECRET }).sweepIntervalMs).toBe(
      ms,
    );
  });

  it('accepts off, and warns that the fail-open window is then unbounded', () => {
    const config = checkStartup({ CUSTODY_SWEEP_INTERVAL: 'off', WEBHOOK_SECRET: REAL_SECRET });
    expect(config.sweepIntervalMs).toBeNull();
    expect(config.warnings).toEqual([expect.stringMatching(/CUSTODY_SWEEP_INTERVAL=off/)]);
  });

  it.each(['10s', '2d', 'soon', '-5m', '25h'])('names the variable when the interval is %s', (text) => {
    expect(() => checkStartup({ CUSTODY_SWEEP_INTERVAL: text })).toThrow(
      new RegExp(`CUSTODY_SWEEP_INTERVAL="${text}": expected a duration between 1m and 24h`),
    );
  });

  it('rejects a non-integer evaluation cap', () => {
    expect(() => checkStartup({ CUSTODY_SWEEP_MAX_EVALUATIONS: '0' })).toThrow(
      /CUSTODY_SWEEP_MAX_EVALUATIONS="0": expected a positive integer/,
    );
  });
});

describe('describeWeakSecret', () => {
  it('accepts a 16-character secret', () => {
    expect(describeWeakSecret('a'.repeat(16))).toBeNull();
  });

  it('rejects the value shipped in .env.example, if there is one', () => {
    const path = new URL('../../.env.example', import.meta.url);
    if (!existsSync(path)) return;
    const line = readFileSync(path, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('WEBHOOK_SECRET='));
    if (line === undefined) return;
    expect(describeWeakSecret(line.slice('WEBHOOK_SECRET='.length).trim())).not.toBeNull();
  });
});
