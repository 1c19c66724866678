import { createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import type { Store } from '../state/store.js';
import type { Account, App, Installation, Repository } from '../state/types.js';
import { HttpError, notFound } from './router.js';

/** Who made a request, as GitHub would establish it from the `Authorization` header. */
export type Caller =
  | { readonly kind: 'none' }
  | { readonly kind: 'app'; readonly app: App }
  | {
      readonly kind: 'installation';
      readonly installation: Installation;
      readonly app: App;
      readonly bot: Account;
    }
  | { readonly kind: 'user'; readonly account: Account };

const DOCS = 'https://docs.github.com/rest';

function unauthorized(message: string): HttpError {
  return new HttpError(401, { message, documentation_url: DOCS, status: '401' });
}

/** An RSA key pair for the app, as GitHub generates one when you register an app. */
export function generateAppKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function decodeSegment(segment: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
  return parsed as Record<string, unknown>;
}

/**
 * Verify an app JWT as GitHub does: RS256 over `header.payload` with the app's public key,
 * `iss` naming the app, `iat` not in the future (60 s of drift), `exp` in the future and at
 * most ten minutes after `iat`.
 */
export function verifyAppJwt(store: Store, jwt: string, nowSeconds = Math.floor(Date.now() / 1000)): App {
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) throw unauthorized('A JSON web token could not be decoded');
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeSegment(h);
    payload = decodeSegment(p);
  } catch {
    throw unauthorized('A JSON web token could not be decoded');
  }
  if (header.alg !== 'RS256') throw unauthorized('A JSON web token could not be decoded');
  const app = store.apps.get(Number(payload.iss));
  if (!app) throw unauthorized(`Integration not found`);
  const valid = verify(
    'RSA-SHA256',
    Buffer.from(`${h}.${p}`),
    createPublicKey(app.publicKeyPem),
    Buffer.from(s, 'base64url'),
  );
  if (!valid) throw unauthorized('A JSON web token could not be decoded');
  const iat = Number(payload.iat);
  const exp = Number(payload.exp);
  if (!Number.isFinite(iat) || iat > nowSeconds + 60) {
    throw unauthorized(
      "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    );
  }
  if (!Number.isFinite(exp) || exp <= nowSeconds || exp - iat > 660) {
    throw unauthorized(
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    );
  }
  return app;
}

export function issueInstallationToken(
  store: Store,
  installation: Installation,
): { token: string; expiresAt: string } {
  const token = `ghs_${randomBytes(18).toString('hex')}`;
  const expiresAt = Date.now() + 60 * 60 * 1000;
  store.credentials.set(token, { kind: 'installation', installationId: installation.id, expiresAt });
  return { token, expiresAt: new Date(expiresAt).toISOString().replace(/\.\d+Z$/, 'Z') };
}

/** A personal access token for a seeded account (for `custody explain` against the simulator). */
export function issuePersonalToken(store: Store, account: Account, token?: string): string {
  const value = token ?? `ghp_${randomBytes(18).toString('hex')}`;
  store.credentials.set(value, { kind: 'user', accountId: account.id });
  return value;
}

export function resolveCaller(store: Store, authorization: string | undefined): Caller {
  if (!authorization) return { kind: 'none' };
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization.trim());
  if (!m) throw unauthorized('Bad credentials');
  const value = m[1]!;
  const credential = store.credentials.get(value);
  if (credential?.kind === 'user') return { kind: 'user', account: store.account(credential.accountId) };
  if (credential?.kind === 'installation') {
    if (credential.expiresAt < Date.now()) throw unauthorized('Bad credentials');
    const installation = store.installations.get(credential.installationId)!;
    const app = store.app(installation.appId);
    return { kind: 'installation', installation, app, bot: store.account(app.botId) };
  }
  if (value.split('.').length === 3) return { kind: 'app', app: verifyAppJwt(store, value) };
  throw unauthorized('Bad credentials');
}

/** Every REST endpoint except the public ones needs a caller. */
export function requireCaller(caller: Caller): Exclude<Caller, { kind: 'none' }> {
  if (caller.kind === 'none') throw unauthorized('Requires authentication');
  return caller;
}

/** `/app/*` endpoints accept only the app's JWT. */
export function requireApp(caller: Caller): App {
  if (caller.kind !== 'app') {
    throw unauthorized('A JSON web token could not be decoded');
  }
  return caller.app;
}

/** Installation and user tokens may read a repository only when it is within their reach. */
export function requireRepoAccess(store: Store, caller: Caller, repo: Repository | undefined): Repository {
  const who = requireCaller(caller);
  if (!repo) throw notFound();
  if (who.kind === 'installation' && !who.installation.repoIds.includes(repo.id)) throw notFound();
  if (who.kind === 'user' && repo.isPrivate && store.permissionOf(repo, who.account.id) === 'none') {
    const inOrg = store.teams.some((t) => t.orgId === repo.ownerId && t.members.has(who.account.id));
    if (!inOrg) throw notFound();
  }
  if (who.kind === 'app') {
    throw unauthorized('A JSON web token could not be decoded');
  }
  return repo;
}

/**
 * An installation token carries the app's permissions: a request outside them gets GitHub's
 * 403 "Resource not accessible by integration". Any one of `scopes` at `level` is enough (labels
 * on a pull request take `issues` or `pull_requests`). Personal tokens are not restricted here.
 */
export function requirePermission(caller: Caller, level: 'read' | 'write', ...scopes: string[]): void {
  if (caller.kind !== 'installation' || caller.app.permissions === null) return;
  const granted: Readonly<Record<string, string>> = { metadata: 'read', ...caller.app.permissions };
  const ok = scopes.some(
    (scope) => granted[scope] === 'write' || (level === 'read' && granted[scope] === 'read'),
  );
  if (!ok) {
    throw new HttpError(403, {
      message: 'Resource not accessible by integration',
      documentation_url: DOCS,
      status: '403',
    });
  }
}

/** The account that acts for the caller: the app's bot user for an installation token. */
export function actingAccount(caller: Caller): Account {
  if (caller.kind === 'installation') return caller.bot;
  if (caller.kind === 'user') return caller.account;
  throw unauthorized('Requires authentication');
}
