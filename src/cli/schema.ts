import { parseArgs } from 'node:util';
import { renderPolicyJsonSchema } from '../core/policy/schema.js';
import { renderSnapshotJsonSchema } from '../core/snapshot.js';
import { type CliIo, EXIT, UsageError } from './cli-io.js';

const SCHEMAS: Readonly<Record<string, () => object>> = {
  snapshot: renderSnapshotJsonSchema,
  policy: renderPolicyJsonSchema,
};

/** `custody schema snapshot|policy`: the JSON Schema, derived from the zod schema, for editors and tools. */
export async function runSchema(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} });
  const render = positionals.length === 1 ? SCHEMAS[positionals[0] ?? ''] : undefined;
  if (render === undefined) throw new UsageError('schema takes one of: snapshot, policy');
  io.stdout(JSON.stringify(render(), null, 2) + '\n');
  return EXIT.ok;
}
