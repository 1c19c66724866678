import { parseArgs } from 'node:util';
import { parsePolicy } from '../core/policy/parse-policy.js';
import { type CliIo, EXIT, UsageError } from './cli-io.js';
import { describePolicyErrors, readInputFile } from './read-inputs.js';

/** `custody validate <file>...`: every error of every policy file, with key path and line. */
export async function runValidate(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} });
  if (positionals.length === 0)
    throw new UsageError('validate needs a policy file, e.g. custody validate .github/custody.yml');
  let exit: number = EXIT.ok;
  for (const path of positionals) {
    const result = parsePolicy(await readInputFile(path, 'policy', io), path);
    if (result.ok) {
      io.stdout(`${path}: valid\n`);
    } else {
      io.stderr(describePolicyErrors(path, result.errors) + '\n');
      exit = EXIT.badInput;
    }
  }
  return exit;
}
