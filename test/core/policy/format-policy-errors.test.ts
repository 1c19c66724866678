import { describe, expect, it } from 'vitest';
import { formatKeyPath, formatPolicyError, formatPolicyErrors } from '../../../src/core/policy/index.js';

describe('formatPolicyError', () => {
  it('writes file:line:column, key path and message', () => {
    expect(
      formatPolicyError({
        file: '.github/custody.yml',
        path: 'approvals.count',
        line: 4,
        column: 3,
        message: 'must be at least 1 (got 0)',
      }),
    ).toBe('.github/custody.yml:4:3 approvals.count: must be at least 1 (got 0)');
  });

  it('leaves out what is unknown', () => {
    expect(
      formatPolicyError({ file: 'merged', path: 'labels', line: null, column: null, message: 'x' }),
    ).toBe('merged labels: x');
    expect(formatPolicyError({ file: 'f.yml', path: '', line: 2, column: 1, message: 'is wrong' })).toBe(
      'f.yml:2:1 is wrong',
    );
  });

  it('puts one error on each line', () => {
    const error = { file: 'f.yml', path: 'a', line: 1, column: 1, message: 'm' };
    expect(formatPolicyErrors([error, { ...error, line: 2 }])).toBe('f.yml:1:1 a: m\nf.yml:2:1 a: m');
  });
});

describe('formatKeyPath', () => {
  it('writes keys with dots and list items with brackets', () => {
    expect(formatKeyPath(['paths', 0, 'globs', 2])).toBe('paths[0].globs[2]');
  });

  it('quotes odd keys and escapes everything non-ASCII in them', () => {
    expect(formatKeyPath(['labels', 'a.b'])).toBe('labels["a.b"]');
    expect(formatKeyPath(['\u0430pprovals'])).toBe('["\\u0430pprovals"]');
  });
});
