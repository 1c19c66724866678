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
