import type { Account } from '../../core/snapshot.js';
import type { RepoTarget, Trigger } from '../queue/work.js';

/** What every handler needs to know about the app itself. */
export interface HandlerSettings {
  readonly appId: number | null;
  readonly checkName: string;
  readonly policyPath: string;
}

/** The few payload fields shared by every event we handle. */
export interface EventBase {
  readonly installation?: { readonly id: number } | null;
  readonly repository?: { readonly name: string; readonly owner: { readonly login: string } | null } | null;
}

export interface WebhookUser {
  readonly login: string;
  readonly id: number;
  readonly type?: string;
}

/** The repository and installation an event belongs to; null when it names no installation. */
export function targetOf(payload: EventBase): RepoTarget | null {
  if (!payload.installation || !payload.repository?.owner) return null;
  return {
    installationId: payload.installation.id,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
  };
}

export function triggerOf(event: string, deliveryId: string, force = false): Trigger {
  return { event, deliveryId, force };
}

const ACCOUNT_TYPES = new Set(['User', 'Bot', 'Organization', 'Mannequin', 'EnterpriseUserAccount']);

/** A webhook user as a snapshot account: REST's `[bot]` suffix dropped, as GraphQL reports it. */
export function accountOf(user: WebhookUser): Account {
  const type = user.type && ACCOUNT_TYPES.has(user.type) ? (user.type as Account['type']) : 'Unknown';
  const login = type === 'Bot' ? user.login.replace(/\[bot\]$/, '') : user.login;
  return { login, id: user.id, type };
}
