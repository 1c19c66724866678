import { buildCatalogue, type Catalogue } from '../../core/identity/index.js';
import type { Policy } from '../../core/policy/schema.js';

/** Policies an installation's repositories use at once are few; this bounds the memory anyway. */
const KEEP = 32;
const built = new Map<string, Catalogue>();

/**
 * The policy's catalogue, built once per distinct policy: every evaluation parses its policy
 * afresh, and building the catalogue would otherwise cost more than judging a small PR. Kept
 * here, not in the core, whose functions stay plain functions of their arguments.
 */
export function catalogueOf(policy: Policy): Catalogue {
  const key = JSON.stringify(policy);
  const hit = built.get(key);
  if (hit !== undefined) {
    built.delete(key);
    built.set(key, hit);
    return hit;
  }
  const catalogue = buildCatalogue(policy);
  built.set(key, catalogue);
  if (built.size > KEEP) built.delete(built.keys().next().value as string);
  return catalogue;
}
