import type { Planned, RepoTarget } from '../queue/work.js';
import { type EventBase, targetOf, triggerOf } from './event.js';

/**
 * Who may approve changed: a collaborator's permission on a repository (`member`), a team's
 * access to a repository or its members (`team`, `membership`), or someone left the
 * organisation (`organization.member_removed`). An approval that no longer qualifies must stop
 * counting now, not at the next sweep, and one that newly qualifies may complete a PR. Each
 * event re-evaluates, in the background and bounded, the open PRs it can touch: those of the
 * repository it names, else those of every repository of the installation.
 */
export interface AccessChangedPayload extends EventBase {
  readonly action: string;
  readonly organization?: { readonly login: string } | null;
}

/** Actions that can change whether an approval counts (`organization`: only a removal can). */
const ACTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  member: new Set(['added', 'removed', 'edited']),
  membership: new Set(['added', 'removed']),
  team: new Set(['added_to_repository', 'removed_from_repository', 'edited', 'deleted']),
  organization: new Set(['member_removed']),
};

export function planAccessChanged(
  name: string,
  payload: AccessChangedPayload,
  deliveryId: string,
): Planned[] {
  if (!ACTIONS[name]?.has(payload.action) || !payload.installation) return [];
  const trigger = triggerOf(`${name}.${payload.action}`, deliveryId);
  const repository = targetOf(payload);
  if (repository) {
    return [
      {
        priority: 'background',
        work: { kind: 'find_open', target: repository, base: null, baseSha: null, trigger },
      },
    ];
  }
  const owner = payload.organization?.login;
  if (!owner) return [];
  // No repository named: every repository of the installation may be governed by the change.
  const target: RepoTarget = { installationId: payload.installation.id, owner, repo: '*' };
  return [{ priority: 'background', work: { kind: 'find_governed', target, except: null, trigger } }];
}
