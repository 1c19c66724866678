import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/app/server/config.js';

describe('readConfig', () => {
  it('has documented defaults', () => {
    expect(readConfig({})).toEqual({
      appId: null,
      checkName: 'custody',
      botLogin: null,
      concurrency: 4,
      backgroundConcurrency: 1,
      maxQueued: 10_000,
      fanOutLimit: 200,
      maxAttempts: 3,
      retryDelayMs: 30_000,
      settleMs: 500,
      confirmPassMs: 3_000,
      requireOrgPolicy: false,
      metricsPort: null,
      publicUrl: null,
    });
  });

  it('serves the custody pages only with a public URL and the OAuth client', () => {
    const web = { CUSTODY_PUBLIC_URL: 'https://custody.example.com/', GITHUB_CLIENT_ID: 'Iv1.x' };
    expect(readConfig(web).publicUrl).toBeNull();
    expect(readConfig({ ...web, GITHUB_CLIENT_SECRET: 's' }).publicUrl).toBe('https://custody.example.com');
    expect(() => readConfig({ ...web, CUSTODY_PUBLIC_URL: 'javascript:alert(1)' })).toThrow(
      /CUSTODY_PUBLIC_URL/,
    );
  });

  it('reads the environment', () => {
    const config = readConfig({
      APP_ID: '4242',
      CUSTODY_CHECK_NAME: ' custody / agents ',
      CUSTODY_APP_SLUG: 'custody-acme',
      CUSTODY_CONCURRENCY: '2',
      CUSTODY_BACKGROUND_CONCURRENCY: '8',
      CUSTODY_CONFIRM_PASS_MS: '1500',
    });
    expect(config).toMatchObject({
      appId: 4242,
      checkName: 'custody / agents',
      botLogin: 'custody-acme[bot]',
      concurrency: 2,
      // Never more background slots than slots.
      backgroundConcurrency: 2,
      confirmPassMs: 1500,
    });
  });

  it('refuses bad values, naming each variable', () => {
    expect(() => readConfig({ CUSTODY_CONCURRENCY: '0', APP_ID: 'abc', CUSTODY_CHECK_NAME: '' })).toThrow(
      /CUSTODY_CONCURRENCY[\s\S]*APP_ID|APP_ID[\s\S]*CUSTODY_CONCURRENCY/,
    );
    expect(() => readConfig({ CUSTODY_CHECK_NAME: '  ' })).toThrow(/CUSTODY_CHECK_NAME/);
    expect(() => readConfig({ CUSTODY_CONFIRM_PASS_MS: '60000' })).toThrow(/CUSTODY_CONFIRM_PASS_MS/);
  });

  it('reads the organisation-policy switch and the metrics port, refusing a bad port', () => {
    expect(readConfig({ CUSTODY_REQUIRE_ORG_POLICY: 'true', METRICS_PORT: '9464' })).toMatchObject({
      requireOrgPolicy: true,
      metricsPort: 9464,
    });
    expect(() => readConfig({ METRICS_PORT: 'abc' })).toThrow(/METRICS_PORT/);
    expect(() => readConfig({ CUSTODY_REQUIRE_ORG_POLICY: 'yes' })).toThrow(/CUSTODY_REQUIRE_ORG_POLICY/);
  });
});
