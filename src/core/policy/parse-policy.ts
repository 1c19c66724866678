import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { describeSchemaIssue, quote } from './describe-schema-issue.js';
import { findDeepNesting, MAX_NESTING } from './find-deep-nesting.js';
import { findKeyProblems, type KeyPath, locatePath, pathAtOffset } from './locate-yaml.js';
import { DEFAULT_POLICY, Policy, type PolicyInput } from './schema.js';

/**
 * YAML text → a policy, or every error found, each with its key path and line:column.
 * Total: it never throws, whatever the text (a policy file is input from people, and an
 * exception here would leave a PR without a check).
 */

export type PolicyError = {
  file: string;
  /** Key path such as `approvals.count` or `paths[1].globs[0]`; empty for the whole file. */
  path: string;
  line: number | null;
  column: number | null;
  message: string;
};

export type PolicyParseResult =
  | { ok: true; policy: Policy; raw: PolicyInput }
  | { ok: false; errors: PolicyError[] };

/** Policies are a few hundred bytes; far larger input is a mistake or an attack on the parser. */
export const MAX_POLICY_LENGTH = 128 * 1024;
/** A check-run summary has room for a screenful of errors, not thousands. */
export const MAX_POLICY_ERRORS = 50;

export function parsePolicy(text: string, file: string): PolicyParseResult {
  try {
    return parseText(text, file);
  } catch (error) {
    // Defence in depth: the yaml and zod calls are not documented as total.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return fail([{ file, path: '', line: null, column: null, message: `could not be read: ${reason}` }]);
  }
}

/**
 * Checks an already-parsed value (such as the result of `mergePolicies`) against the
 * schema. Errors carry no line, since the value has no text.
 */
export function parsePolicyValue(value: unknown, file: string): PolicyParseResult {
  return validate(value, file, () => ({ line: null, column: null }));
}

function parseText(text: string, file: string): PolicyParseResult {
  if (text.length > MAX_POLICY_LENGTH)
    return fail([
      {
        file,
        path: '',
        line: null,
        column: null,
        message: `is ${text.length} characters long; a policy may be at most ${MAX_POLICY_LENGTH}`,
      },
    ]);

  const deep = findDeepNesting(text);
  if (deep !== null)
    return fail([
      {
        file,
        path: '',
        ...linePosition(text, deep),
        message: `nests lists and mappings more than ${MAX_NESTING} levels deep; a policy needs a handful`,
      },
    ]);

  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    logLevel: 'error',
    uniqueKeys: false,
  });
  const at = (offset: number | null) => {
    if (offset === null) return { line: null, column: null };
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const locate = (path: KeyPath) => at(locatePath(doc, path));

  // Past the cap nobody reads them, and mapping thousands of errors to paths costs seconds.
  const problems = [...doc.errors, ...doc.warnings];
  const yamlErrors = problems
    .slice(0, MAX_POLICY_ERRORS + 1)
    .map((error) => fromYamlError(error, text, doc, file, at));
  if (yamlErrors.length > 0) return fail(yamlErrors, problems.length - yamlErrors.length);

  // A repeated key leaves a readable document, so schema errors are reported with it.
  const keyProblems = findKeyProblems(doc);
  const keyErrors = keyProblems.slice(0, MAX_POLICY_ERRORS + 1).map(({ offset, kind }): PolicyError => {
    const path = pathAtOffset(doc, offset);
    if (kind === 'duplicate')
      return {
        file,
        path: formatKeyPath(path),
        ...at(offset),
        message: 'is a duplicate key: each key may appear once in a mapping',
      };
    const message = 'has a key that is a list or mapping: keys must be plain text';
    return { file, path: formatKeyPath(path.slice(0, -1)), ...at(offset), message };
  });
  const hiddenKeyErrors = keyProblems.length - keyErrors.length;
  if (keyProblems.some(({ kind }) => kind === 'complex')) return fail(keyErrors, hiddenKeyErrors);

  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null))
    return { ok: true, policy: structuredClone(DEFAULT_POLICY), raw: {} };
  if (!isMap(contents)) {
    const got = isSeq(contents) ? 'a list' : 'a single value';
    const message = `must be a mapping of keys such as \`approvals:\` at the top level (got ${got})`;
    return fail([{ file, path: '', ...at(contents.range?.[0] ?? null), message }]);
  }

  const value = doc.toJS({ maxAliasCount: 100 });
  if (hasCycle(value))
    return fail([{ file, path: '', line: null, column: null, message: 'an alias refers to itself' }]);
  return validate(value, file, locate, keyErrors, hiddenKeyErrors);
}

function validate(
  value: unknown,
  file: string,
  locate: (path: KeyPath) => { line: number | null; column: number | null },
  earlier: readonly PolicyError[] = [],
  earlierHidden = 0,
): PolicyParseResult {
  const result = Policy.safeParse(value, { reportInput: true });
  if (result.success && earlier.length === 0)
    return { ok: true, policy: result.data, raw: value as PolicyInput };
  // One issue per unknown key, and only as many described as can be shown: describing and
  // locating thousands of them would cost seconds for a list nobody reads.
  const issues = (result.error?.issues ?? []).flatMap((issue): z.core.$ZodIssue[] =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ ...issue, keys: [key] })) : [issue],
  );
  const shown = issues.slice(0, MAX_POLICY_ERRORS + 1);
  const errors = shown
    .flatMap(describeSchemaIssue)
    .map(({ path, message }): PolicyError => ({ file, path: formatKeyPath(path), ...locate(path), message }));
  return fail([...earlier, ...errors], earlierHidden + issues.length - shown.length);
}

function fromYamlError(
  error: YAMLError,
  text: string,
  doc: Document,
  file: string,
  at: (offset: number | null) => { line: number | null; column: number | null },
): PolicyError {
  const offset = errorOffset(error, text);
  const path = pathAtOffset(doc, offset);
  const base = { file, path: formatKeyPath(path), ...at(offset) };
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return {
        ...base,
        path: '',
        message: 'holds more than one YAML document (a second `---`); a policy is one',
      };
    case 'TAG_RESOLVE_FAILED':
      return { ...base, message: 'uses a YAML tag (`!something`) that a policy does not allow' };
    default:
      return { ...base, message: `YAML syntax: ${firstLine(error.message)}` };
  }
}

/**
 * Where to point for a YAML error. yaml reports an unclosed `[`, `{` or quote where it
 * gave up (often the next key's line); the mistake is at the end of the content before.
 * Other errors may point at indentation; the content after it is what the reader fixes.
 */
function errorOffset(error: YAMLError, text: string): number {
  let offset = Math.min(error.pos[0], text.length);
  if (error.code === 'MISSING_CHAR' || /end with a [\]}]/.test(error.message)) {
    while (offset > 0 && /\s/.test(text[offset - 1]!)) offset--;
    return Math.max(0, offset - 1);
  }
  while (offset < text.length && (text[offset] === ' ' || text[offset] === '\t')) offset++;
  return offset;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  // yaml appends " at line L, column C"; our position already says it.
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * `['paths', 0, 'globs']` → `paths[0].globs`. Other keys are quoted with every non-ASCII
 * character escaped, so a look-alike key (`\u0430pprovals`) cannot pass for the real one.
 */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${quote(segment, true)}]`;
  }
  return out;
}

function linePosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function hasCycle(value: unknown): boolean {
  const ancestors = new Set<unknown>();
  const visit = (node: unknown): boolean => {
    if (node === null || typeof node !== 'object') return false;
    if (ancestors.has(node)) return true;
    ancestors.add(node);
    const children = Array.isArray(node) ? node : Object.values(node);
    const found = children.some(visit);
    ancestors.delete(node);
    return found;
  };
  return visit(value);
}

/** Sorted in file order, at most MAX_POLICY_ERRORS of them, then how many more there are. */
function fail(errors: readonly PolicyError[], hidden = 0): PolicyParseResult {
  const sorted = dedupe(errors).sort(
    (a, b) =>
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
  const more = Math.max(0, sorted.length - MAX_POLICY_ERRORS) + hidden;
  if (more === 0) return { ok: false, errors: sorted };
  const file = sorted[0]?.file ?? '';
  const summary = { file, path: '', line: null, column: null, message: `has ${more} more errors not shown` };
  return { ok: false, errors: [...sorted.slice(0, MAX_POLICY_ERRORS), summary] };
}

function dedupe(errors: readonly PolicyError[]): PolicyError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}\u0000${error.line}\u0000${error.column}\u0000${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
