import { readFile } from 'node:fs/promises';
import { runAudit } from './audit.js';
import { type CliIo, EXIT, InputError, UsageError } from './cli-io.js';
import { runExplain } from './explain.js';
import { runSchema } from './schema.js';
import { USAGE } from './usage.js';
import { runValidate } from './validate.js';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  explain: runExplain,
  validate: runValidate,
  schema: runSchema,
  audit: runAudit,
};

/** argv (without `node` and the script) → one command → exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (
    name === '-h' ||
    name === '--help' ||
    name === 'help' ||
    rest.includes('--help') ||
    rest.includes('-h')
  ) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (name === '-v' || name === '--version') {
    io.stdout(`${await readVersion()}\n`);
    return EXIT.ok;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    io.stderr(
      `${name === undefined ? 'custody: missing command' : `custody: unknown command ${name}`}\n\n${USAGE}`,
    );
    return EXIT.badInput;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof InputError || isArgsError(error)) {
      io.stderr(`custody ${name}: ${(error as Error).message}\n`);
      if (error instanceof UsageError || isArgsError(error)) io.stderr('Run custody --help for usage.\n');
    } else {
      // A bug, not bad input; still exit 2 so a script never mistakes it for a verdict.
      io.stderr(
        `custody ${name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    return EXIT.badInput;
  }
}

/** `node:util` parseArgs reports unknown options and missing values with these codes. */
function isArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

async function readVersion(): Promise<string> {
  // package.json sits two levels up from both src/cli/ and dist/cli/.
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
