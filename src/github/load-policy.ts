import type { PolicyOrigin } from '../core/policy/describe-policy-origin.js';
import {
  DEFAULT_POLICY,
  mergePolicies,
  POLICY_PATH,
  type Policy,
  type PolicyError,
  type PolicyParseResult,
  parseExtendsTarget,
  parsePolicy,
  parsePolicyValue,
} from '../core/policy/index.js';
import { httpStatusOf } from './http-status.js';
import type { GraphqlOctokit } from './octokit-types.js';

/** Where the policy came from; `override` is a file given instead (`custody explain --policy`). */
export type PolicySource = 'repo' | 'org' | 'default' | 'override';

export type LoadPolicyResult =
  | {
      readonly ok: true;
      readonly policy: Policy;
      readonly source: PolicySource;
      readonly origin: PolicyOrigin;
    }
  | { readonly ok: false; readonly errors: PolicyError[] };

export interface PolicyTexts {
  /** The file on the head of the PR's base branch (never the PR's head). */
  readonly repo: string | null;
  /** The file on the default branch of the organisation's `.github` repository. */
  readonly org: string | null;
  /** The base branch's name, to name the file read. */
  readonly baseRef?: string;
  /**
   * False when GitHub answered NOT_FOUND for the organisation's `.github` repository: it does
   * not exist, or the app is not installed on it. Either way its policy, if any, is unknown.
   */
  readonly orgReadable?: boolean;
}

/**
 * The policy in force for a PR: the base branch's file, else the organisation's, else the
 * documented defaults. `_extends` is resolved one level deep, inside the same organisation,
 * by reading the target on its repository's default branch (the only request made here).
 * Invalid files give located errors for a `failure` check, never an exception.
 */
export async function loadPolicy(
  octokit: Pick<GraphqlOctokit, 'request'>,
  repo: { readonly owner: string; readonly repo: string },
  texts: PolicyTexts,
): Promise<LoadPolicyResult> {
  const chosen =
    texts.repo !== null
      ? {
          text: texts.repo,
          file: POLICY_PATH,
          source: 'repo' as const,
          location: { repo: repo.repo, path: POLICY_PATH },
        }
      : texts.org !== null
        ? {
            text: texts.org,
            file: `${repo.owner}/.github:${POLICY_PATH}`,
            source: 'org' as const,
            location: { repo: '.github', path: POLICY_PATH },
          }
        : null;
  const origin = (files: string[]): PolicyOrigin => ({
    files,
    orgRepository: `${repo.owner}/.github`,
    orgUnreadable: texts.orgReadable === false,
  });
  if (!chosen) return { ok: true, policy: DEFAULT_POLICY, source: 'default', origin: origin([]) };

  // Named for people: where the file was read, on which branch.
  const chosenName =
    chosen.source === 'repo'
      ? `${repo.owner}/${repo.repo}${texts.baseRef ? `@${texts.baseRef}` : ''}:${POLICY_PATH}`
      : `${repo.owner}/.github:${POLICY_PATH}`;
  const local = parsePolicy(chosen.text, chosen.file);
  if (!local.ok) return local;
  const extendsValue = local.raw._extends;
  if (extendsValue === undefined) {
    return { ok: true, policy: local.policy, source: chosen.source, origin: origin([chosenName]) };
  }

  const at = (message: string, file = chosen.file, text = chosen.text): LoadPolicyResult => ({
    ok: false,
    errors: [{ file, path: '_extends', line: lineOfKey(text, '_extends'), column: 1, message }],
  });
  const target = parseExtendsTarget(extendsValue, repo.owner);
  if (!target.ok) return at(target.error);
  if (sameFile(target, chosen.location)) return at('extends the file itself');

  const targetFile = `${repo.owner}/${target.repo}:${target.path}`;
  const baseText = await readFile(octokit, repo.owner, target.repo, target.path);
  if (baseText === null) {
    return at(
      `${targetFile} was not found on the default branch of ${repo.owner}/${target.repo} (or the app cannot read it)`,
    );
  }
  const base: PolicyParseResult = parsePolicy(baseText, targetFile);
  if (!base.ok) return base;
  if (base.raw._extends !== undefined) {
    return at(
      `extends ${targetFile}, which extends again; _extends is one level deep, so the chain stops at the first file`,
      targetFile,
      baseText,
    );
  }
  const merged = parsePolicyValue(mergePolicies(base.raw, local.raw), chosen.file);
  const extended = `${repo.owner}/${target.repo}${target.path === POLICY_PATH ? '' : `:${target.path}`}`;
  return merged.ok
    ? { ok: true, policy: merged.policy, source: chosen.source, origin: origin([chosenName, extended]) }
    : merged;
}

function sameFile(a: { repo: string; path: string }, b: { repo: string; path: string }): boolean {
  return a.repo.toLowerCase() === b.repo.toLowerCase() && a.path === b.path;
}

/**
 * The policy file a pull request proposes, checked on its own (its `_extends` is resolved only
 * once merged): the located errors, [] when valid, null when the PR does not change the file or
 * deletes it. It is never in force before merging; the errors are shown so the author sees them.
 */
export async function validateProposedPolicy(
  octokit: Pick<GraphqlOctokit, 'request'>,
  repo: { readonly owner: string; readonly repo: string },
  pullRequest: { readonly headSha: string; readonly files: readonly { readonly path: string }[] },
): Promise<PolicyError[] | null> {
  if (!pullRequest.files.some((file) => file.path === POLICY_PATH)) return null;
  const text = await readFile(octokit, repo.owner, repo.repo, POLICY_PATH, pullRequest.headSha);
  if (text === null) return null;
  const parsed = parsePolicy(text, POLICY_PATH);
  return parsed.ok ? [] : parsed.errors;
}

/** The text at `path` on `ref` (default: the default branch), or null when there is no such file. */
async function readFile(
  octokit: Pick<GraphqlOctokit, 'request'>,
  owner: string,
  repo: string,
  path: string,
  ref?: string,
): Promise<string | null> {
  try {
    const response = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner,
      repo,
      path,
      ...(ref ? { ref } : {}),
      mediaType: { format: 'raw' },
    });
    return contentText(response.data);
  } catch (error) {
    if (httpStatusOf(error) === 404) return null;
    throw error;
  }
}

/** The raw media type answers with text; a server that ignores it sends the JSON form (base64). */
function contentText(data: unknown): string | null {
  if (typeof data === 'string') return data;
  const file = data as { type?: string; encoding?: string; content?: string };
  if (file?.type === 'file' && file.encoding === 'base64' && typeof file.content === 'string') {
    return Buffer.from(file.content, 'base64').toString('utf8');
  }
  return null;
}

/** 1-based line of a top-level key, for errors about a value the parser has already accepted. */
function lineOfKey(text: string, key: string): number | null {
  const index = text.split(/\r?\n/).findIndex((line) => line.startsWith(`${key}:`));
  return index === -1 ? null : index + 1;
}
