import { z } from 'zod';
import type { KeyPath } from './locate-yaml.js';
import { Policy } from './schema.js';

/**
 * Turns zod's issues into sentences a policy author can act on: what is wrong, what is
 * allowed, and, where the schema holds a floor of the guarantee, that no policy can go
 * below it. Each message is written to follow `<key path>: `.
 */

export type DescribedIssue = { path: (string | number)[]; message: string };

export function describeSchemaIssue(issue: z.core.$ZodIssue): DescribedIssue[] {
  const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  const got = 'input' in issue ? ` (got ${describeValue(issue.input)})` : '';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: describeUnknownKey(path, key) }));
    case 'invalid_type':
      if (issue.input === undefined)
        return [{ path, message: `is required (${EXPECTED[issue.expected] ?? issue.expected})` }];
      return [
        { path, message: `must be ${EXPECTED[issue.expected] ?? issue.expected}${got}${typeHint(issue)}` },
      ];
    case 'invalid_value':
      return [
        {
          path,
          message: `must be one of ${issue.values.map(String).join(', ')}${got}${floorHint(path, issue.code)}`,
        },
      ];
    case 'too_small':
      return [{ path, message: `${describeBound(issue, 'least')}${got}${floorHint(path, issue.code)}` }];
    case 'too_big':
      return [{ path, message: `${describeBound(issue, 'most')}${got}` }];
    case 'invalid_format':
    case 'custom':
      return [{ path, message: `${issue.message}${issue.code === 'invalid_format' ? got : ''}` }];
    default:
      return [{ path, message: `${issue.message}${got}` }];
  }
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys (`key: value` lines)',
};

function typeHint(issue: z.core.$ZodIssueInvalidType): string {
  if (issue.expected === 'boolean' && typeof issue.input === 'string')
    return '; YAML 1.2 reads yes/no/on/off as text, write true or false';
  const schema = schemaAt(
    issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
  );
  const optional = schema instanceof z.ZodDefault || schema instanceof z.ZodOptional;
  if (issue.input === null && optional) return '; remove the key to use the default';
  return '';
}

function describeBound(
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig,
  side: 'least' | 'most',
): string {
  const limit = 'minimum' in issue ? issue.minimum : issue.maximum;
  const exact = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      if (side === 'least' && Number(limit) === 1) return 'must not be empty';
      return `must be at ${side} ${limit} characters long`;
    case 'array':
      return `must list at ${side} ${limit} ${Number(limit) === 1 ? 'item' : 'items'}`;
    default:
      return exact
        ? `must be at ${side} ${limit}`
        : `must be ${side === 'least' ? 'more' : 'less'} than ${limit}`;
  }
}

/** Floors of the guarantee: say so, so nobody reads the error as a mere typo check. */
function floorHint(path: KeyPath, code: 'too_small' | 'invalid_value'): string {
  const last = path.at(-1);
  if (code === 'invalid_value' && last === 'permission') return ': a policy cannot lower the floor';
  if (code === 'too_small' && (last === 'count' || last === 'approvals'))
    return ': a policy cannot go below one independent human approval';
  return '';
}

function describeUnknownKey(parent: KeyPath, key: string): string {
  const allowed = allowedKeysAt(parent);
  const where = parent.length === 0 ? 'allowed top-level keys' : 'allowed keys here';
  const list = allowed.length === 0 ? '' : `; ${where}: ${allowed.join(', ')}`;
  return `unknown key ${quote(key, true)}${suggest(key, parent, allowed)}${list}`;
}

function suggest(key: string, parent: KeyPath, allowed: readonly string[]): string {
  // Short keys tolerate fewer edits, or every short typo would suggest something.
  let close: string | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    const distance = editDistance(candidate, key.toLowerCase());
    if (distance <= (candidate.length >= 5 ? 2 : 1) && distance < best) [close, best] = [candidate, distance];
  }
  if (close !== undefined) return ` (did you mean "${close}"?)`;
  const elsewhere = KEY_PATHS.find((known) => known.endsWith(`.${key}`) || known === key);
  const here = parent.map((segment) => (typeof segment === 'number' ? '[]' : segment)).join('.');
  if (elsewhere !== undefined && elsewhere !== here) return ` (it belongs at ${elsewhere})`;
  return '';
}

/** The keys an object at `path` accepts, read from the schema itself. */
export function allowedKeysAt(path: KeyPath): string[] {
  const schema = unwrap(schemaAt(path));
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The schema of the value at `path` (list items by their index), if the path exists. */
function schemaAt(path: KeyPath): z.ZodType | undefined {
  let schema: z.ZodType | undefined = Policy;
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[String(segment)];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else return undefined;
  }
  return schema;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional)
    current = current.unwrap() as z.ZodType;
  return current;
}

/** Every key path of the schema, lists written as `[]` (`paths[].globs`). */
const KEY_PATHS: readonly string[] = (() => {
  const out: string[] = [];
  const visit = (schema: z.ZodType | undefined, prefix: string, depth: number): void => {
    const inner = unwrap(schema);
    if (depth > 6) return;
    if (inner instanceof z.ZodArray) visit(inner.element as z.ZodType, `${prefix}[]`, depth + 1);
    else if (inner instanceof z.ZodObject)
      for (const [key, child] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        out.push(path);
        visit(child, path, depth + 1);
      }
  };
  visit(Policy, '', 0);
  return out;
})();

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}

/** A short, safe rendering of any YAML value for a message (never throws, even on cycles). */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return quote(value, false);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  return typeof value;
}

/**
 * Quotes text for a message, at most 60 characters. Invisible and bidirectional characters
 * are always escaped; with `escapeAllNonAscii` every non-ASCII one is (for keys, where a
 * Cyrillic `а` in `аpprovals` must be visible).
 */
export function quote(text: string, escapeAllNonAscii: boolean): string {
  const clipped = text.length > 60 ? text.slice(0, 57) : text;
  const hidden = escapeAllNonAscii
    ? /[^\x20-\x7e]/gu
    : /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u00a0\u2000-\u200a\u3000]/gu;
  const escaped = clipped
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(hidden, (char) => escapeCodePoint(char.codePointAt(0)!));
  return `"${escaped}"${clipped === text ? '' : '…'}`;
}

function escapeCodePoint(code: number): string {
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
