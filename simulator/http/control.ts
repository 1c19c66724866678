import type { Drivers } from '../drivers/drivers.js';

/**
 * `POST /_simulator/<action>` with the driver's JSON input: act as GitHub's users from a shell
 * while `npm run simulator` runs (this is not a GitHub API; it needs no token and is never
 * counted as an API request). Answers with the webhooks it caused and how the app answered.
 */
const ACTIONS = [
  'openPullRequest',
  'push',
  'submitReview',
  'dismissReview',
  'changePolicy',
  'rerequestCheck',
  'rerequestSuite',
  'retargetBase',
  'setPullRequestState',
  'enqueue',
] as const;
type Action = (typeof ACTIONS)[number];

export const CONTROL_PREFIX = '/_simulator/';

export async function runControl(
  drivers: Drivers,
  action: string,
  text: string,
): Promise<{ status: number; body: unknown }> {
  if (!(ACTIONS as readonly string[]).includes(action)) {
    return { status: 404, body: { message: `unknown action ${action}; one of ${ACTIONS.join(', ')}` } };
  }
  try {
    const input: unknown = text.trim() === '' ? {} : JSON.parse(text);
    const run = drivers[action as Action] as unknown as (input: unknown) => Promise<Record<string, unknown>>;
    const result = await run.call(drivers, input);
    const deliveries = (
      result.deliveries as Array<{ event: string; action: string | null; statusCode: number }>
    ).map((d) => ({ event: d.action ? `${d.event}.${d.action}` : d.event, status: d.statusCode }));
    const {
      deliveries: _omitted,
      review,
      ...rest
    } = result as { deliveries: unknown; review?: { id: number } };
    return { status: 200, body: { ...rest, ...(review ? { reviewId: review.id } : {}), deliveries } };
  } catch (error) {
    return { status: 422, body: { message: (error as Error).message } };
  }
}
