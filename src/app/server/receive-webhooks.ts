import { createNodeMiddleware, Webhooks } from '@octokit/webhooks';
import type { Log } from '../log.js';
import type { NodeHandler } from './health.js';

/**
 * Verifies and dispatches webhooks with `@octokit/webhooks`, the library inside Probot, without
 * Probot's per-event transform: that builds an authenticated Octokit and a child logger for
 * every delivery, about a tenth of the app's CPU per delivery, and Custody's handlers only
 * record and queue (evaluations authenticate once per PR). Same middleware, same answers
 * (400 on a bad signature, the handler's status on its errors).
 */
export function createWebhookReceiver(options: {
  readonly secret: string;
  readonly path: string;
  readonly log: Log;
}): { readonly webhooks: Webhooks; readonly middleware: NodeHandler } {
  const { log } = options;
  const webhooks = new Webhooks({ secret: options.secret, log });
  webhooks.onError((error) => {
    const errors = error instanceof AggregateError ? (error.errors as Error[]) : [error];
    for (const each of errors) {
      if ((each.message ?? '').toLowerCase().includes('signature')) {
        log.error(
          { err: each },
          'A webhook signature did not match: WEBHOOK_SECRET must be the secret set on the GitHub App.',
        );
      } else
        log.error({ err: each, deliveryId: error.event?.id, event: error.event?.name }, 'webhook failed');
    }
  });
  const middleware = createNodeMiddleware(webhooks, { path: options.path, log });
  return { webhooks, middleware: (req, res) => middleware(req, res) };
}
