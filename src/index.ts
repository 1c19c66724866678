import type { Probot } from 'probot';
import { readConfig } from './app/config.js';
import { createDeliveryCache } from './app/delivery-cache.js';
import { registerHandlers } from './app/register-handlers.js';

/**
 * The Probot app (`probot run` loads this default export). Wiring only: read the settings,
 * register the handlers, and on SIGTERM let in-flight evaluations finish before exiting.
 */
export default (app: Probot): void => {
  const custody = registerHandlers(app, readConfig(process.env), { deliveries: createDeliveryCache() });
  process.once('SIGTERM', () => {
    app.log.info({ queue: custody.queue.stats() }, 'custody draining before exit');
    void custody.queue.close().finally(() => process.exit(0));
  });
};
