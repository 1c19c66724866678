import { needsReviewerLookup, policyTeams } from '../core/policy/policy-teams.js';
import type { Policy } from '../core/policy/schema.js';
import type { Permission, ReviewerAccess, Snapshot } from '../core/snapshot.js';
import { buildReviewerAccessQuery } from './graphql/reviewer-access.js';
import { IncompleteDataError, RETRY_HINT } from './incomplete-data-error.js';
import { type GraphqlError, type GraphqlOctokit, queryGraphql } from './octokit-types.js';

interface WireMember {
  readonly login: string;
  readonly databaseId: number | null;
}

interface WireReviewerAccess {
  readonly repository?: Record<
    string,
    {
      readonly edges: readonly ({ readonly permission: string; readonly node: WireMember } | null)[] | null;
    } | null
  > | null;
  readonly [team: `t${number}`]: {
    readonly team: Record<
      string,
      { readonly totalCount: number; readonly nodes: readonly (WireMember | null)[] | null }
    > | null;
  } | null;
}

/**
 * Refines `snapshot.reviewerAccess` (filled from the reviews by fetchPullRequest) with the
 * repository permission and team memberships of every human who approved, in one batched
 * GraphQL query, and only when the policy asks for `maintain`/`admin` or names teams. Zero
 * requests otherwise. Returns a new snapshot; throws IncompleteDataError when GitHub cannot say.
 */
export async function fetchReviewerAccess(
  octokit: GraphqlOctokit,
  snapshot: Snapshot,
  policy: Policy,
): Promise<Snapshot> {
  const approvers = snapshot.reviewerAccess;
  if (approvers.length === 0 || !needsReviewerLookup(policy)) return snapshot;
  const reviewerAccess = await fetchAccountAccess(
    octokit,
    { owner: snapshot.repo.owner, name: snapshot.repo.name },
    approvers,
    { teams: policyTeams(policy), permission: policy.approvals.permission !== 'write' },
  );
  return { ...snapshot, reviewerAccess };
}

/**
 * The repository permission (when `permission`; else each account's as given) and which of
 * `teams` each account belongs to, in one batched query; accounts are matched by id when both
 * sides know it, else by login. Throws IncompleteDataError when GitHub cannot say.
 */
export async function fetchAccountAccess(
  octokit: GraphqlOctokit,
  repo: { readonly owner: string; readonly name: string },
  accounts: readonly ReviewerAccess[],
  lookup: { readonly teams: readonly string[]; readonly permission: boolean },
): Promise<ReviewerAccess[]> {
  const { teams, permission } = lookup;
  const variables: Record<string, unknown> = permission ? { owner: repo.owner, name: repo.name } : {};
  accounts.forEach((account, i) => {
    variables[`login${i}`] = account.login;
  });
  teams.forEach((team, j) => {
    const [org, slug] = team.split('/');
    variables[`org${j}`] = org;
    variables[`team${j}`] = slug;
  });
  const refused: GraphqlError[] = [];
  const data = await queryGraphql<WireReviewerAccess>(
    octokit,
    buildReviewerAccessQuery(accounts.length, teams.length, permission),
    variables,
    'the permissions and teams of approving reviewers',
    (error) => {
      if (error.type !== 'FORBIDDEN') return false;
      refused.push(error);
      return true;
    },
  );
  if (refused.length > 0) throw describeRefusal(refused, teams);

  return accounts.map((account, i): ReviewerAccess => {
    const same = (member: WireMember | null | undefined) =>
      !!member &&
      (account.id !== null && member.databaseId !== null
        ? member.databaseId === account.id
        : member.login.toLowerCase() === account.login.toLowerCase());
    const memberOf = teams.filter((team, j) => {
      const found = data[`t${j}`]?.team;
      if (!found) {
        throw new IncompleteDataError(
          `GitHub did not show team ${team} named in the policy; check its name and that the app may read organisation members. ${RETRY_HINT}`,
        );
      }
      const members = found[`m${i}`];
      if (!members?.nodes)
        throw new IncompleteDataError(`GitHub returned no members of team ${team}. ${RETRY_HINT}`);
      const match = members.nodes.some(same);
      if (!match && members.totalCount > members.nodes.length) {
        throw new IncompleteDataError(
          `Too many members of team ${team} match @${account.login} to tell whether they belong to it. ${RETRY_HINT}`,
        );
      }
      return match;
    });
    return {
      ...account,
      permission: permission ? repositoryPermission(data, i, same) : account.permission,
      teams: memberOf,
    };
  });
}

/**
 * GitHub refused a lookup to the app's token (`FORBIDDEN`, the field null): still no decision,
 * but the reason names the permission to grant. Listing collaborators needs `Metadata: read`
 * and, as GitHub documents it, write access to the repository (app.yml asks for both); team
 * members need the organisation permission `Members: read`. An installation keeps its old
 * permissions until an owner accepts the ones the app added, so either can be missing.
 */
function describeRefusal(refused: readonly GraphqlError[], teams: readonly string[]): IncompleteDataError {
  const messages = refused.map((e) => e.message);
  const team = refused.map((e) => /^t(\d+)$/.exec(String(e.path?.[0] ?? ''))).find((m) => m !== null);
  if (team) {
    return new IncompleteDataError(
      `GitHub refused to show the members of team ${teams[Number(team[1])] ?? 'named in the policy'} to the app (FORBIDDEN): grant Custody the organisation permission "Members: read" (an owner accepts it in the organisation's GitHub Apps settings), then re-run the check.`,
      messages,
    );
  }
  return new IncompleteDataError(
    `GitHub refused to list this repository's collaborators to the app (FORBIDDEN), so approvers' permissions are unknown: grant Custody the repository permissions it requests ("Metadata: read" and "Pull requests: write"; an owner accepts them in the GitHub Apps settings), then re-run the check.`,
    messages,
  );
}

function repositoryPermission(
  data: WireReviewerAccess,
  i: number,
  same: (member: WireMember | null | undefined) => boolean,
): Permission {
  const collaborators = data.repository?.[`p${i}`];
  if (!collaborators?.edges) {
    throw new IncompleteDataError(
      `GitHub did not list the repository's collaborators, so approver permissions are unknown; the app needs read access to repository metadata. ${RETRY_HINT}`,
    );
  }
  const edge = collaborators.edges.find((e) => same(e?.node));
  // Not a collaborator at all: no permission, so the approval cannot count.
  return edge ? (edge.permission.toLowerCase() as Permission) : 'none';
}
