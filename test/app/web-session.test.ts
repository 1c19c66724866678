import { describe, expect, it } from 'vitest';
import { createSealer, isSameToken, safeReturnPath } from '../../src/app/web/session.js';

describe('sealed session cookies', () => {
  const sealer = createSealer('a'.repeat(32));
  const session = { login: 'carol', id: 1, token: 'ghu_secret', csrf: 'c', exp: 2_000 };

  it('opens what it sealed, and the token is not readable in the cookie', () => {
    const sealed = sealer.seal(session);
    expect(sealed).not.toContain('ghu_secret');
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('ghu_secret');
    expect(sealer.open(sealed, 1_000)).toEqual(session);
  });

  it('refuses an altered, foreign or expired cookie', () => {
    const sealed = sealer.seal(session);
    const flipped = Buffer.from(sealed, 'base64url');
    flipped[flipped.length - 1]! ^= 1;
    expect(sealer.open(flipped.toString('base64url'), 1_000)).toBeNull();
    expect(createSealer('b'.repeat(32)).open(sealed, 1_000)).toBeNull();
    expect(sealer.open(sealed, 2_000)).toBeNull();
    expect(sealer.open('', 1_000)).toBeNull();
    expect(sealer.open('not-a-cookie', 1_000)).toBeNull();
  });

  it('compares form tokens exactly', () => {
    expect(isSameToken('abc', 'abc')).toBe(true);
    expect(isSameToken('abd', 'abc')).toBe(false);
    expect(isSameToken('ab', 'abc')).toBe(false);
    expect(isSameToken(undefined, 'abc')).toBe(false);
  });
});

describe('the path a sign-in returns to', () => {
  it.each([
    ['/custody/acme/widgets/pull/1', '/custody/acme/widgets/pull/1'],
    ['/custody/orgs/acme/report?since=2026-01-01', '/custody/orgs/acme/report?since=2026-01-01'],
    ['//evil.example/custody', '/custody'],
    ['/\\evil.example', '/custody'],
    ['https://evil.example/custody', '/custody'],
    ['/custody/../../etc', '/custody'],
    ['/custodyevil', '/custody'],
    ['/elsewhere', '/custody'],
    ['/custody\\@evil.example', '/custody'],
    [null, '/custody'],
  ])('%s → %s', (given, expected) => {
    const result = safeReturnPath(given);
    expect(result).toBe(expected);
    expect(result.startsWith('/custody')).toBe(true);
  });
});
