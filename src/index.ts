import type { Probot } from 'probot';
import { createDeliveryCache } from './app/handlers/delivery-cache.js';
import { registerHandlers } from './app/handlers/register-handlers.js';
import { readConfig } from './app/server/config.js';

/**
 * The Probot app function, for hosts that load one (`probot run`, serverless adapters).
 * Wiring only: read the settings and register the handlers. `npm start` runs src/main.ts,
 * which adds the body-size guard, health endpoints, reconcilers and SIGTERM drain around it.
 */
export default (app: Probot): void => {
  registerHandlers(app, readConfig(process.env), { deliveries: createDeliveryCache() });
};
