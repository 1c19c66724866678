import type { Site } from './rest/represent.js';
import type { Store } from './state/store.js';
import type { Installation, Repository } from './state/types.js';
import type { WebhookSender } from './webhooks/sender.js';

/** What route handlers and drivers share: the state, where the simulator lives, and the webhook sender. */
export interface Sim {
  readonly store: Store;
  readonly site: Site;
  readonly webhooks: WebhookSender;
}

/** The installation of the (only) simulated app on a repository, if it is installed there. */
export function installationOn(sim: Sim, repo: Repository): Installation | null {
  for (const installation of sim.store.installations.values()) {
    if (installation.repoIds.includes(repo.id)) return installation;
  }
  return null;
}
