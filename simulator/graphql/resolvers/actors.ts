import type { Account, Team } from '../../state/types.js';
import { connection } from '../connection.js';
import { actorSource, type ResolverMap, type Source } from '../context.js';
import { requireMembersAccess } from '../refuse.js';

type AccountSource = { account: Account };

const actorFields = {
  id: (s: AccountSource) => s.account.nodeId,
  databaseId: (s: AccountSource) => s.account.id,
  login: (s: AccountSource) => s.account.graphqlLogin,
  avatarUrl: (s: AccountSource) => `https://avatars.githubusercontent.com/u/${s.account.id}?v=4`,
  resourcePath: (s: AccountSource) => `/${s.account.graphqlLogin}`,
  url: (s: AccountSource, _a: unknown, ctx: { site: { baseUrl: string } }) =>
    `${ctx.site.baseUrl}/${s.account.type === 'Bot' ? `apps/${s.account.graphqlLogin}` : s.account.login}`,
  createdAt: () => '2020-01-01T00:00:00Z',
};

/** User, Bot and Organization: the `Actor` fields plus the few identity fields the app reads. */
export const actorResolvers: ResolverMap = {
  User: {
    ...actorFields,
    name: (s: AccountSource) => s.account.name,
    email: (s: AccountSource) => s.account.emails[0] ?? '',
    isSiteAdmin: () => false,
  },
  Bot: actorFields,
  Organization: {
    ...actorFields,
    name: (s: AccountSource) => s.account.name,
    team: (s: AccountSource, args: { slug: string }, ctx) => {
      requireMembersAccess(ctx.caller);
      const team = ctx.site.store.teams.find((t) => t.orgId === s.account.id && t.slug === args.slug);
      return team ? ({ __typename: 'Team', team } satisfies Source) : null;
    },
    teams: (s: AccountSource, args, ctx, info) => {
      const teams = ctx.site.store.teams.filter((t) => t.orgId === s.account.id);
      const filtered = args.userLogins
        ? teams.filter((t) =>
            (args.userLogins as string[]).some((login) => {
              const a = ctx.site.store.findAccount(login);
              return a !== undefined && t.members.has(a.id);
            }),
          )
        : teams;
      return connection(
        filtered.map((team) => ({ __typename: 'Team', team }) satisfies Source),
        args,
        info,
      );
    },
  },
  Team: {
    id: (s: { team: Team }) => s.team.nodeId,
    databaseId: (s: { team: Team }) => s.team.id,
    slug: (s: { team: Team }) => s.team.slug,
    name: (s: { team: Team }) => s.team.name,
    combinedSlug: (s: { team: Team }, _a, ctx) =>
      `${ctx.site.store.account(s.team.orgId).login}/${s.team.slug}`,
    members: (s: { team: Team }, args, ctx, info) => {
      const query = typeof args.query === 'string' ? args.query.toLowerCase() : null;
      const members = [...s.team.members.keys()]
        .map((id) => ctx.site.store.account(id))
        .filter((a) => query === null || matchesMemberQuery(a, query))
        .filter((a) => !args.role || s.team.members.get(a.id) === String(args.role).toLowerCase());
      return connection(members.map(actorSource), args, info);
    },
  },
};

/** `Team.members(query:)`: GitHub searches logins and profile names alike. */
function matchesMemberQuery(account: Account, query: string): boolean {
  return account.login.toLowerCase().includes(query) || (account.name ?? '').toLowerCase().includes(query);
}
