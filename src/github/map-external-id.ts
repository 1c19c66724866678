import { z } from 'zod';
import { Account } from '../core/snapshot.js';

/**
 * Who pushed a head commit is only in the webhook of that push. Rather than keep a database,
 * Custody writes it into its own check run's `external_id` for that SHA and reads it back in
 * later evaluations of the same SHA (a review, a re-run). Versioned JSON, small on purpose.
 */
const ExternalId = z.object({ v: z.literal(1), pusher: Account });

export function encodeExternalId(pusher: Account): string {
  return JSON.stringify({ v: 1, pusher: { login: pusher.login, id: pusher.id, type: pusher.type } });
}

/** Tolerant: anything that is not our own v1 JSON (another format, a hand-edited run) is unknown. */
export function decodeExternalId(text: string | null | undefined): Account | null {
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ExternalId.safeParse(json);
  return parsed.success ? parsed.data.pusher : null;
}
