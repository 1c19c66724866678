import { formatPolicyError } from '../core/policy/format-policy-errors.js';
import { type PolicyError, parsePolicy } from '../core/policy/parse-policy.js';
import type { Policy } from '../core/policy/schema.js';
import { Snapshot } from '../core/snapshot.js';
import { type CliIo, InputError } from './cli-io.js';

/** Reads a file, turning "no such file" and friends into a one-line message. */
export async function readInputFile(path: string, what: string, io: CliIo): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(error);
    throw new InputError(`cannot read ${what} ${path}: ${reason}`);
  }
}

/** A snapshot file, validated against the schema; a bad one names every failing field. */
export async function readSnapshot(path: string, io: CliIo): Promise<Snapshot> {
  const text = await readInputFile(path, 'snapshot', io);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const result = Snapshot.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `  ${formatIssuePath(issue.path)}: ${issue.message}`);
  throw new InputError(`${path} is not a valid Custody snapshot:\n${issues.join('\n')}`);
}

/** `commits[3].author.email`, or `(root)` for the document itself. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += (out === '' ? '' : '.') + String(key);
  }
  return out === '' ? '(root)' : out;
}

/** A policy file; an invalid one lists every error as `file:line:col path: message`. */
export async function readPolicy(path: string, io: CliIo): Promise<Policy> {
  const result = parsePolicy(await readInputFile(path, 'policy', io), path);
  if (!result.ok) throw new PolicyInputError(path, result.errors);
  if (result.policy._extends !== undefined) {
    io.stderr(
      `note: ${path} extends ${result.policy._extends}; custody explain applies only this file's keys.\n`,
    );
  }
  return result.policy;
}

/** An invalid policy, with its errors kept whole for `--json`. */
export class PolicyInputError extends InputError {
  override readonly name = 'PolicyInputError';
  constructor(
    path: string,
    readonly errors: readonly PolicyError[],
  ) {
    super(describePolicyErrors(path, errors));
  }
}

export function describePolicyErrors(path: string, errors: readonly PolicyError[]): string {
  const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
  return `${path} is not a valid policy (${count}):\n${errors.map((e) => '  ' + formatPolicyError(e)).join('\n')}`;
}
