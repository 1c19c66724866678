import { createHash } from 'node:crypto';
import type { Account, History, OverrideGrounds } from '../snapshot.js';
import { canonicalJson } from './chain.js';
import { overrideOf } from './derive-history.js';
import { type FactOf, repoKey } from './facts.js';

export interface OverrideRecord {
  readonly repo: { readonly owner: string; readonly name: string };
  readonly pr: number;
  readonly headSha: string;
  readonly by: Account;
  readonly reason: string;
  readonly grounds: OverrideGrounds;
  readonly occurredAt: string;
}

/**
 * The `override` fact and the key it is appended under. The key is derived from the repository,
 * the PR, the head, the overrider's id and their grounds, and the ledger records it as a
 * delivery: the same override submitted twice (two replicas, a double click) adds one fact,
 * while the same person overriding again on new grounds (after the policy changed) adds another.
 */
export function recordOverride(record: OverrideRecord): {
  readonly fact: FactOf<'override'>;
  readonly deliveryId: string;
} {
  const identity = [
    repoKey(record.repo),
    record.pr,
    record.headSha,
    record.by.id ?? record.by.login.toLowerCase(),
    record.grounds.permission,
    record.grounds.teams.map((team) => team.toLowerCase()).sort(),
  ];
  const digest = createHash('sha256').update(canonicalJson(identity)).digest('hex');
  return {
    deliveryId: `custody.override:${digest}`,
    fact: {
      kind: 'override',
      repo: { owner: record.repo.owner, name: record.repo.name, id: null },
      pr: record.pr,
      occurredAt: record.occurredAt,
      deliveryId: null,
      by: record.by,
      reason: record.reason,
      headSha: record.headSha,
      grounds: record.grounds,
    },
  };
}

/** The history with this override added, as the ledger would derive it once recorded. */
export function addOverride(history: History, fact: FactOf<'override'>): History {
  return { ...history, overrides: [...history.overrides, overrideOf(fact)] };
}
