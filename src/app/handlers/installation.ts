import type { Planned } from '../queue/work.js';
import { triggerOf } from './event.js';

interface InstalledRepository {
  readonly name: string;
  readonly full_name: string;
}

export interface InstallationPayload {
  readonly action: string;
  readonly installation: { readonly id: number };
  readonly repositories?: readonly InstalledRepository[];
  readonly repositories_added?: readonly InstalledRepository[];
}

/**
 * A new installation, or repositories added to one → evaluate their open PRs, in the
 * background, so required checks appear without waiting for the next push.
 */
export function planInstallation(payload: InstallationPayload, event: string, deliveryId: string): Planned[] {
  const repositories =
    event === 'installation.created'
      ? (payload.repositories ?? [])
      : event === 'installation_repositories.added'
        ? (payload.repositories_added ?? [])
        : [];
  const trigger = triggerOf(event, deliveryId);
  return repositories.map((repository) => {
    // `full_name` is `owner/name` (the installation's account owns every repository in it).
    const owner = repository.full_name.slice(0, repository.full_name.indexOf('/'));
    return {
      priority: 'background',
      work: {
        kind: 'find_open',
        target: { installationId: payload.installation.id, owner, repo: repository.name },
        base: null,
        baseSha: null,
        trigger,
      },
    };
  });
}
