import { POLICY_PATH } from './policy-path.js';
import type { PolicyInput } from './schema.js';

/**
 * `_extends`: a repository's policy may build on another policy of the same organisation.
 * These functions are pure; fetching the extended file is the shell's job
 * (src/github/load-policy.ts): parse both files, `mergePolicies(base.raw, local.raw)`, then
 * check the result again with `parsePolicyValue` so the merged policy meets the schema too.
 */

export type ExtendsTargetResult = { ok: true; repo: string; path: string } | { ok: false; error: string };

const ORG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const SHAPE = 'must be `repo`, `repo:path/to/file.yml` or `org/repo:path` in the same organisation';

/**
 * Reads an `_extends` value. `owner` is the organisation of the repository whose policy
 * holds it; a target in any other organisation is refused, because a policy must stay
 * under the control of the organisation whose merges it guards. With `owner` null only
 * the syntax is checked (the schema does that, knowing no owner).
 */
export function parseExtendsTarget(value: string, owner: string | null): ExtendsTargetResult {
  const fail = (reason: string): ExtendsTargetResult => ({ ok: false, error: reason });
  const colon = value.indexOf(':');
  const location = colon === -1 ? value : value.slice(0, colon);
  const path = colon === -1 ? POLICY_PATH : value.slice(colon + 1);

  const parts = location.split('/');
  if (parts.length > 2) return fail(`${SHAPE}; "${location}" has more than one "/"`);
  const [org, repo] = parts.length === 2 ? [parts[0]!, parts[1]!] : [null, parts[0]!];
  if (org !== null && !ORG.test(org)) return fail(`${SHAPE}; "${org}" is not an organisation name`);
  if (!REPO.test(repo) || repo === '.' || repo === '..')
    return fail(`${SHAPE}; "${repo}" is not a repository name`);
  if (org !== null && owner !== null && org.toLowerCase() !== owner.toLowerCase())
    return fail(
      `names another organisation ("${org}"): _extends may only point inside the same organisation ("${owner}")`,
    );

  const pathError = checkPath(path);
  if (pathError !== null) return fail(`path ${pathError}`);
  return { ok: true, repo, path };
}

function checkPath(path: string): string | null {
  if (path.length === 0) return 'is empty after ":"';
  if (path.length > 200) return 'is longer than 200 characters';
  if (/[\s\\\u0000-\u001f]/.test(path)) return 'must not contain spaces, backslashes or control characters';
  if (path.startsWith('/')) return 'is relative to the repository root: drop the leading "/"';
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..'))
    return 'must not contain empty, "." or ".." segments';
  if (!/\.ya?ml$/.test(path)) return 'must name a .yml or .yaml file';
  return null;
}

type AgentInput = NonNullable<PolicyInput['agents']>[number];
type PathRuleInput = NonNullable<PolicyInput['paths']>[number];

/**
 * Merges an extended policy (`base`) with the policy that extends it (`local`). Local keys
 * win, key by key inside nested sections (`approvals.count` in local keeps base's
 * `approvals.teams`). Catalogue lists add up: agents concatenate by id (a local agent
 * replaces a base agent with the same id), automation logins and ids are united. Path rules
 * concatenate by name the same way. Approver lists (`teams`, `users`) are replaced, not
 * united, because uniting them would widen who may approve. The result carries no
 * `_extends`: the chain is resolved.
 */
export function mergePolicies(base: PolicyInput, local: PolicyInput): PolicyInput {
  const { _extends: _baseExtends, ...baseRest } = base;
  const { _extends: _localExtends, ...localRest } = local;
  const merged: PolicyInput = { ...baseRest, ...localRest };

  const agents = concatBy(base.agents, local.agents, (agent: AgentInput) => agent.id);
  if (agents !== undefined) merged.agents = agents;
  const paths = concatBy(base.paths, local.paths, (rule: PathRuleInput) => rule.name);
  if (paths !== undefined) merged.paths = paths;

  if (base.automation !== undefined || local.automation !== undefined) {
    const logins = unite(base.automation?.logins, local.automation?.logins);
    const ids = unite(base.automation?.ids, local.automation?.ids);
    merged.automation = {
      ...(logins === undefined ? {} : { logins }),
      ...(ids === undefined ? {} : { ids }),
    };
  }

  for (const section of ['approvals', 'signatures', 'handoff', 'labels', 'overrides', 'comment'] as const) {
    const both = mergeSection(base[section], local[section]);
    if (both !== undefined) Object.assign(merged, { [section]: both });
  }
  return merged;
}

function mergeSection<T extends object>(base: T | undefined, local: T | undefined): T | undefined {
  if (base === undefined || local === undefined) return local ?? base;
  return { ...base, ...local };
}

function concatBy<T>(
  base: readonly T[] | undefined,
  local: readonly T[] | undefined,
  key: (item: T) => string,
): T[] | undefined {
  if (base === undefined || local === undefined) return (local ?? base)?.slice();
  const replaced = new Set(local.map(key));
  return [...base.filter((item) => !replaced.has(key(item))), ...local];
}

function unite<T>(base: readonly T[] | undefined, local: readonly T[] | undefined): T[] | undefined {
  if (base === undefined && local === undefined) return undefined;
  return [...new Set([...(base ?? []), ...(local ?? [])])];
}
