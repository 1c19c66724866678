import type { Policy } from '../policy/schema.js';

export interface LabelPlan {
  readonly add: string[];
  readonly remove: string[];
}

/**
 * What to add and remove so the PR carries exactly the wanted managed labels. Only labels
 * the app manages (the provenance prefix, or the handoff label) are ever removed; a human's
 * labels are never touched. GitHub compares label names case-insensitively, so do we.
 * With labels disabled the app manages nothing: it neither adds nor removes.
 */
export function planLabels(
  current: readonly string[],
  wanted: readonly string[],
  labels: Policy['labels'],
): LabelPlan {
  if (!labels.enabled) return { add: [], remove: [] };
  const prefix = labels.prefix.toLowerCase();
  const handoff = labels.handoff.toLowerCase();
  const isManaged = (name: string): boolean => {
    const key = name.toLowerCase();
    return key.startsWith(prefix) || key === handoff;
  };
  const have = new Set(current.map((name) => name.toLowerCase()));
  const want = new Set<string>();
  const add: string[] = [];
  for (const name of wanted) {
    const key = name.toLowerCase();
    // A wanted label outside the managed set could never be removed again, so it is never added.
    if (!isManaged(name) || want.has(key)) continue;
    want.add(key);
    if (!have.has(key)) add.push(name);
  }
  const remove = current.filter((name) => isManaged(name) && !want.has(name.toLowerCase()));
  return { add, remove };
}
