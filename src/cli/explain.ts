import { parseArgs } from 'node:util';
import { evaluate } from '../core/evaluate/evaluate.js';
import { requireSharedHead, type SharedHeadPullRequest } from '../core/ledger/index.js';
import { DEFAULT_POLICY, type Policy } from '../core/policy/schema.js';
import { renderJson } from '../core/render/render-json.js';
import { renderText } from '../core/render/render-text.js';
import type { Snapshot } from '../core/snapshot.js';
import type { VerdictState } from '../core/verdict.js';
import type { Ledger } from '../ledger/index.js';
import { type CliIo, EXIT, InputError, UsageError } from './cli-io.js';
import { PolicyInputError, readPolicy, readSnapshot } from './read-inputs.js';

/** `owner/repo#123`, or a pull request's address: a live pull request rather than a saved snapshot. */
const LIVE_TARGET = /^(?:[\w.-]+\/[\w.-]+#[1-9]\d*|https?:\/\/[^/\s]+\/[\w.-]+\/[\w.-]+\/pull\/[1-9]\d*\/?)$/;

const POLICY_SOURCES = {
  repo: 'on the base branch',
  org: "of the organisation's .github repository",
  default: 'built-in defaults (no policy file)',
  override: 'given on the command line',
} as const;

/**
 * `custody explain`: evaluate one pull request, from a saved snapshot or live from GitHub
 * (read-only), and print the verdict. The exit code says whether the check would pass.
 */
export async function runExplain(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      snapshot: { type: 'string' },
      policy: { type: 'string' },
      json: { type: 'boolean', default: false },
      'save-snapshot': { type: 'string' },
      database: { type: 'string' },
    },
  });
  if (positionals.length > 1)
    throw new UsageError(`explain takes one pull request, got ${positionals.join(' ')}`);
  const target = positionals[0];
  if ((target === undefined) === (values.snapshot === undefined)) {
    throw new UsageError('explain needs either --snapshot <pr.json> or a pull request as owner/repo#123');
  }

  if (target === undefined && values.database !== undefined)
    throw new UsageError(
      '--database only applies to a live pull request (a saved snapshot carries its history)',
    );

  let input: ExplainInput;
  try {
    input =
      target === undefined
        ? await readOffline(values.snapshot ?? '', values.policy, values['save-snapshot'], io)
        : await readLive(target, values, io);
  } catch (error) {
    // A script asked for JSON: an invalid policy is an answer it can read, not just a message.
    if (!values.json || !(error instanceof PolicyInputError)) throw error;
    io.stdout(renderPolicyError(error));
    return EXIT.badInput;
  }
  // As the app decides: the PR's own verdict, held back while another open PR on its head does not pass.
  const verdict = requireSharedHead(evaluate(input.snapshot, input.policy), input.sharedWith ?? []);
  if (values.json) {
    io.stdout(renderJson(verdict));
  } else {
    io.stdout(`Policy: ${input.policySource}\n${renderText(verdict)}`);
  }
  return exitCodeFor(verdict.state);
}

interface ExplainInput {
  readonly snapshot: Snapshot;
  readonly policy: Policy;
  /** Where the policy came from, in words, printed above the verdict. */
  readonly policySource: string;
  /** Other open PRs on the same head, from the ledger (`--database`). */
  readonly sharedWith?: readonly SharedHeadPullRequest[];
}

async function readOffline(
  snapshotPath: string,
  policyPath: string | undefined,
  saveSnapshot: string | undefined,
  io: CliIo,
): Promise<ExplainInput> {
  if (saveSnapshot !== undefined) throw new UsageError('--save-snapshot only applies to a live pull request');
  const snapshot = await readSnapshot(snapshotPath, io);
  if (policyPath === undefined) {
    return { snapshot, policy: DEFAULT_POLICY, policySource: 'built-in defaults (no --policy given)' };
  }
  return { snapshot, policy: await readPolicy(policyPath, io), policySource: policyPath };
}

async function readLive(
  target: string,
  options: { readonly policy?: string; readonly 'save-snapshot'?: string; readonly database?: string },
  io: CliIo,
): Promise<ExplainInput> {
  if (!LIVE_TARGET.test(target))
    throw new UsageError(`not a pull request: ${target} (expected owner/repo#123)`);
  const policyPath = options.policy;
  // A local policy replaces the base branch's (to try a change before merging it); read it before any request.
  const local = policyPath === undefined ? undefined : await readPolicy(policyPath, io);
  const ledger = options.database === undefined ? undefined : await openLedger(options.database, io);
  let live: Awaited<ReturnType<typeof fetchLive>>;
  try {
    live = await fetchLive(target, { saveSnapshot: options['save-snapshot'], policy: local, ledger }, io);
  } finally {
    await ledger?.close();
  }
  const sharedWith = live.sharedWith ?? [];
  if (local !== undefined) {
    return {
      snapshot: live.snapshot,
      policy: local,
      policySource: `${policyPath} (instead of the base branch's)`,
      sharedWith,
    };
  }
  if (!live.policy.ok) throw new PolicyInputError(`The policy of ${target}`, live.policy.errors);
  const source = live.policy.source;
  return {
    snapshot: live.snapshot,
    policy: live.policy.policy,
    policySource:
      source === 'default' ? POLICY_SOURCES.default : `.github/custody.yml ${POLICY_SOURCES[source]}`,
    sharedWith,
  };
}

/** The ledger `--database` names; one that cannot be opened is the user's to fix. */
async function openLedger(url: string, io: CliIo): Promise<Ledger> {
  try {
    return await io.openLedger(url);
  } catch (error) {
    throw new InputError(`cannot open the custody ledger at --database: ${(error as Error).message}`);
  }
}

async function fetchLive(
  target: string,
  local: {
    readonly saveSnapshot: string | undefined;
    readonly policy: Policy | undefined;
    readonly ledger: Ledger | undefined;
  },
  io: CliIo,
) {
  const token = io.env.GITHUB_TOKEN ?? io.env.GH_TOKEN;
  if (token === undefined || token === '') {
    throw new InputError(
      'set GITHUB_TOKEN to explain a live pull request (read access to the repository is enough)',
    );
  }
  const explainLive = await io.loadExplainLive();
  const apiUrl = io.env.GITHUB_API_URL;
  try {
    return await explainLive(target, {
      token,
      ...(apiUrl === undefined || apiUrl === '' ? {} : { apiUrl }),
      ...(local.saveSnapshot === undefined ? {} : { saveSnapshot: local.saveSnapshot }),
      ...(local.policy === undefined ? {} : { policy: local.policy }),
      ...(local.ledger === undefined ? {} : { ledger: local.ledger }),
    });
  } catch (error) {
    // Fetch failures (auth, not found, partial data) are the user's to fix; no stack trace.
    throw new InputError(`cannot explain ${target}: ${(error as Error).message}`);
  }
}

function renderPolicyError(error: PolicyInputError): string {
  const body = { error: { kind: 'invalid_policy', message: error.message, errors: error.errors } };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** 0: the check would pass. 1: waiting or blocked. 2: the evaluation itself failed. */
export function exitCodeFor(state: VerdictState): number {
  switch (state) {
    case 'satisfied':
    case 'not_applicable':
    case 'overridden':
      return EXIT.ok;
    case 'waiting':
    case 'blocked':
      return EXIT.notPassing;
    default:
      return EXIT.badInput;
  }
}
