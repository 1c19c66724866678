/**
 * The one batched lookup behind approver permissions and team membership, used only when a
 * policy asks for more than `write` or names teams (`authorCanPushToRepository` on each review
 * already answers `write`). One alias per approving human (and per team × human); logins,
 * orgs and slugs travel as variables, never spliced into the text.
 *
 * Variables: `$owner`, `$name` (with `permission`), `$login0…`, `$org0…`, `$team0…`.
 * Aliases: `repository.p<i>` (collaborator permission of login i), `t<j>.team.m<i>`
 * (members of team j matching login i).
 */
export function buildReviewerAccessQuery(reviewers: number, teams: number, permission: boolean): string {
  const logins = range(reviewers);
  const teamIndexes = range(teams);
  const variables = [
    ...(permission ? ['$owner: String!', '$name: String!'] : []),
    ...logins.map((i) => `$login${i}: String!`),
    ...teamIndexes.flatMap((j) => [`$org${j}: String!`, `$team${j}: String!`]),
  ];
  const permissions = permission
    ? `repository(owner: $owner, name: $name) {\n${logins
        .map(
          (i) =>
            `    p${i}: collaborators(login: $login${i}, affiliation: ALL, first: 1) { edges { permission node { login databaseId } } }`,
        )
        .join('\n')}\n  }`
    : '';
  const memberships = teamIndexes
    .map(
      (j) =>
        `  t${j}: organization(login: $org${j}) {\n    team(slug: $team${j}) {\n${logins
          .map(
            (i) =>
              `      m${i}: members(query: $login${i}, first: 100) { totalCount nodes { login databaseId } }`,
          )
          .join('\n')}\n    }\n  }`,
    )
    .join('\n');
  return `query CustodyReviewerAccess(${variables.join(', ')}) {\n  ${permissions}\n${memberships}\n}`;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
