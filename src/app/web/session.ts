import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Web sessions in cookies, sealed with AES-256-GCM (encrypted, so the user's GitHub token in
 * it is unreadable, and authenticated, so it cannot be forged or altered), `HttpOnly`,
 * `SameSite=Lax`, `Secure` when the public URL is https. Each session carries its own CSRF
 * token, which every form posts back.
 */

export interface Session {
  readonly login: string;
  readonly id: number;
  /** The user's GitHub token: only ever sent to GitHub in a header. */
  readonly token: string;
  readonly csrf: string;
  /** Expiry, ms since the epoch. */
  readonly exp: number;
}

/** The sign-in in progress: OAuth `state` and where to go back to. */
export interface PendingSignIn {
  readonly state: string;
  readonly returnTo: string;
  readonly exp: number;
}

export const SESSION_COOKIE = 'custody_session';
export const SIGN_IN_COOKIE = 'custody_sign_in';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const SIGN_IN_TTL_MS = 10 * 60 * 1000;

export interface Sealer {
  seal(value: object): string;
  /** The value, or null when it was not sealed by us, was altered or has expired. */
  open<T extends { exp: number }>(text: string | undefined, now: number): T | null;
}

export function createSealer(secret: string | Buffer): Sealer {
  const key = Buffer.from(hkdfSync('sha256', secret, 'custody', 'custody web session v1', 32));
  return {
    seal(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open<T extends { exp: number }>(text: string | undefined, now: number): T | null {
      if (!text) return null;
      try {
        const raw = Buffer.from(text, 'base64url');
        if (raw.length < 29) return null;
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
        const value = JSON.parse(json) as T;
        return typeof value.exp === 'number' && value.exp > now ? value : null;
      } catch {
        return null;
      }
    },
  };
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison of a posted CSRF token with the session's. */
export function isSameToken(posted: unknown, expected: string): boolean {
  if (typeof posted !== 'string') return false;
  const a = Buffer.from(posted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookies(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    cookies.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return cookies;
}

export function serializeCookie(
  name: string,
  value: string,
  options: { readonly maxAgeSeconds: number; readonly secure: boolean; readonly path?: string },
): string {
  return [
    `${name}=${value}`,
    `Path=${options.path ?? '/custody'}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/**
 * A return path after sign-in: only a path on this site (`/custody…`), never another origin
 * (`//evil`, `/\\evil`, `https://…`) and nothing a browser would read differently.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value?.startsWith('/custody') || /[\\\s]/.test(value) || value.startsWith('//')) return '/custody';
  try {
    const url = new URL(value, 'http://custody.invalid');
    const ours = url.origin === 'http://custody.invalid' && /^\/custody(\/|$)/.test(url.pathname);
    return ours ? url.pathname + url.search : '/custody';
  } catch {
    return '/custody';
  }
}
