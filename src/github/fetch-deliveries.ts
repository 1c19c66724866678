import { z } from 'zod';
import { nextLinkOf } from './next-link.js';
import type { Octokit } from './octokit-types.js';

/** The app's webhook deliveries (`GET /app/hook/deliveries`, app JWT), and asking GitHub to redeliver one. */

export const Delivery = z.object({
  id: z.number(),
  guid: z.string(),
  delivered_at: z.string(),
  redelivery: z.boolean(),
  status: z.string(),
  status_code: z.number(),
  event: z.string(),
  action: z.string().nullish(),
});
export type Delivery = z.infer<typeof Delivery>;

/** Up to 100 delivery attempts, newest first, and the cursor of the next page (null on the last). */
export async function fetchDeliveriesPage(
  octokit: Pick<Octokit, 'request'>,
  cursor: string | null,
): Promise<{ readonly deliveries: Delivery[]; readonly next: string | null }> {
  const response = await octokit.request('GET /app/hook/deliveries', {
    per_page: 100,
    ...(cursor ? { cursor } : {}),
  });
  return {
    deliveries: z.array(Delivery).parse(response.data),
    next: nextCursor(response.headers as Record<string, unknown>),
  };
}

/** Asks GitHub to send one delivery again (`POST /app/hook/deliveries/{id}/attempts`). */
export async function publishRedelivery(
  octokit: Pick<Octokit, 'request'>,
  deliveryId: number,
): Promise<void> {
  await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: deliveryId });
}

/** The listing is cursor-paginated: the next cursor sits in the `Link` header. */
function nextCursor(headers: Record<string, unknown>): string | null {
  const next = nextLinkOf(headers.link);
  return next === null ? null : new URL(next).searchParams.get('cursor');
}
