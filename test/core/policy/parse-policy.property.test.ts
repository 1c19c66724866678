import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ApproverPermission, parsePolicy } from '../../../src/core/policy/index.js';

const FLOOR_PERMISSIONS: readonly string[] = ApproverPermission.options;

/** Whatever parsePolicy accepts keeps the floor of the guarantee. */
function expectFloorKept(text: string) {
  const result = parsePolicy(text, 'fuzz.yml');
  if (result.ok) {
    expect(result.policy.approvals.count).toBeGreaterThanOrEqual(1);
    expect(FLOOR_PERMISSIONS).toContain(result.policy.approvals.permission);
    for (const rule of result.policy.paths) expect(rule.approvals).toBeGreaterThanOrEqual(1);
    if (result.policy.handoff.approvals !== undefined)
      expect(result.policy.handoff.approvals).toBeGreaterThanOrEqual(1);
  } else {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(error.message.length).toBeGreaterThan(0);
      expect(error.file).toBe('fuzz.yml');
    }
  }
}

/** Text that looks like a policy: the right keys and shapes, with wrong values mixed in. */
const anyValue = fc.oneof(
  fc.integer({ min: -5, max: 30 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('write', 'read', 'admin', 'maintain', 'triage', 'none', 'agents', 'all', 'off', 'required'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const policyLike = fc.record(
  {
    approvals: fc.oneof(
      fc.record(
        {
          count: anyValue,
          permission: anyValue,
          teams: fc.array(fc.oneof(anyValue, fc.constant('acme/reviewers')), { maxLength: 3 }),
          users: fc.array(fc.oneof(anyValue, fc.constant('octocat')), { maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
    paths: fc.array(
      fc.record(
        { name: anyValue, globs: fc.array(fc.string(), { maxLength: 3 }), approvals: anyValue },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    handoff: fc.record({ approvals: anyValue, block: anyValue }, { requiredKeys: [] }),
    applies_to: anyValue,
    invalidation: anyValue,
    unknown_bots: anyValue,
  },
  { requiredKeys: [] },
);

describe('parsePolicy properties', () => {
  it('never throws on arbitrary text, and what it accepts keeps the floor', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expectFloorKept(text);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on YAML-ish text built from YAML punctuation', () => {
    const token = fc.constantFrom(
      'approvals:',
      'count:',
      ' ',
      '  ',
      '\n',
      '- ',
      '[',
      ']',
      '{',
      '}',
      ',',
      ':',
      '?',
      '&a',
      '*a',
      '!tag',
      '#',
      '"',
      "'",
      '|',
      '>',
      '---',
      '...',
      '1',
      '0',
      '-1',
      'write',
      'read',
      '~',
      '\t',
      '\u202e',
      '\ufeff',
      '%YAML 1.2',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 80 }), (tokens) => {
        expectFloorKept(tokens.join(''));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the floor on policy-shaped input with any values', () => {
    fc.assert(
      fc.property(policyLike, (value) => {
        expectFloorKept(stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts a count exactly when it is a whole number from 1 to 20', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 100 }), (count) => {
        const result = parsePolicy(`approvals:\n  count: ${count}\n`, 'fuzz.yml');
        expect(result.ok).toBe(count >= 1 && count <= 20);
      }),
    );
  });
});
