import type { Account } from '../core/snapshot.js';

type AccountType = Account['type'];

/**
 * Accounts cross the border here, once. GraphQL names a bot `copilot-swe-agent` where REST and
 * webhooks say `copilot-swe-agent[bot]`; the snapshot keeps the GraphQL form, so a login
 * compares equal whichever API it came from. Types come from `__typename`, ids from
 * `databaseId` (the only identity that cannot be renamed).
 */

/** An `Actor` (or `User`) as the documents in graphql/pull-request.ts select it. */
export interface WireActor {
  readonly __typename: string;
  readonly login: string;
  readonly databaseId?: number | null;
}

/** A webhook or REST user (`sender`, `user`): login with `[bot]`, `type` spelled as GraphQL's typename. */
export interface RestUser {
  readonly login: string;
  readonly id: number;
  readonly type?: string;
}

const ACCOUNT_TYPES: ReadonlySet<string> = new Set<AccountType>([
  'User',
  'Bot',
  'Organization',
  'Mannequin',
  'EnterpriseUserAccount',
]);

/** The login as GraphQL spells it. Not a lookup key: identity's `normaliseLogin` makes those. */
function stripBotSuffix(login: string): string {
  return login.replace(/\[bot\]$/i, '');
}

function accountType(name: string | undefined): AccountType {
  return name !== undefined && ACCOUNT_TYPES.has(name) ? (name as AccountType) : 'Unknown';
}

export function mapActor(actor: WireActor | null | undefined): Account | null {
  if (!actor) return null;
  return {
    login: stripBotSuffix(actor.login),
    id: actor.databaseId ?? null,
    type: accountType(actor.__typename),
  };
}

/** For the webhook `sender` (the pusher of `opened`/`synchronize`). */
export function mapRestUser(user: RestUser): Account {
  return { login: stripBotSuffix(user.login), id: user.id, type: accountType(user.type) };
}
