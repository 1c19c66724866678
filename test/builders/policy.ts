import { Policy, type PolicyInput } from '../../src/core/policy/schema.js';

/** A policy as `.github/custody.yml` would give it, defaults applied by the real schema. */
export function aPolicy(input: PolicyInput = {}): Policy {
  return Policy.parse(input);
}
