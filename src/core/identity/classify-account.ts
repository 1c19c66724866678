import type { Account } from '../snapshot.js';
import type { AccountRecord, Catalogue } from './build-catalogue.js';
import { WEB_FLOW } from './catalogue.js';
import { classifyUnknownBot } from './classify-unknown-bot.js';
import { clip, normaliseLogin } from './normalise.js';
import type { Classification, Evidence } from './types.js';

/**
 * Classifies a GitHub account: by numeric id first, then by login + type. A login alone never
 * stands in for an id the catalogue knows: a `User` named like a bot, or a `Bot` with a known
 * login but another id, is not that entry. A `Bot` missing from the catalogue is an agent
 * unless the policy says `unknown_bots: automation` (fail closed).
 */
export function classifyAccount(account: Account, catalogue: Catalogue): Classification {
  const match = findAccount(account, catalogue);
  if (match !== null) return fromRecord(match.record, describe(account), match.by);
  const who = describe(account);
  switch (account.type) {
    case 'Bot':
      return classifyUnknownBot(account.login, catalogue, {
        strength: 'account',
        source: 'account-type',
        who,
      });
    case 'User':
    case 'EnterpriseUserAccount':
    case 'Mannequin':
      return {
        kind: 'human',
        agent: null,
        evidence: [
          { strength: 'account', source: 'account-type', detail: `${who} is a ${account.type} account` },
        ],
      };
    default:
      return {
        kind: 'unknown',
        agent: null,
        evidence: [
          { strength: 'account', source: 'account-type', detail: `${who} has account type ${account.type}` },
        ],
      };
  }
}

export interface AccountMatch {
  readonly record: AccountRecord;
  readonly by: 'account-id' | 'login';
}

/** The catalogue record of an account, or null. */
export function findAccount(account: Account, catalogue: Catalogue): AccountMatch | null {
  if (account.id !== null) {
    const record = catalogue.accountsById.get(account.id);
    if (record !== undefined) return { record, by: 'account-id' };
  }
  const candidates = catalogue.accountsByLogin.get(normaliseLogin(account.login));
  if (candidates === undefined) return null;
  for (const record of candidates) {
    // The same login with another id is another account (renamed, re-registered, or forged).
    if (record.id !== null && account.id !== null) continue;
    // `dependabot` the User is not `dependabot[bot]` the Bot. An `Unknown` type fails closed.
    if (record.type !== null && account.type !== 'Unknown' && record.type !== account.type) continue;
    return { record, by: 'login' };
  }
  return null;
}

function fromRecord(record: AccountRecord, who: string, by: AccountMatch['by']): Classification {
  const evidence: Evidence =
    record.kind === 'unknown'
      ? {
          strength: 'account',
          source: by,
          detail: `${who} is ${WEB_FLOW.login}, GitHub's committer for web edits and merges: it commits on the author's behalf`,
        }
      : {
          strength: 'account',
          source: record.origin === 'policy' ? 'policy' : by,
          detail: `${who} is ${record.agent?.name ?? 'unknown'} (${by === 'account-id' ? 'by id' : 'by login'}${
            record.origin === 'policy' ? ', from the policy' : ''
          })`,
        };
  return { kind: record.kind, agent: record.agent, evidence: [evidence] };
}

export function describe(account: Account): string {
  return `@${clip(account.login, 60)} (${account.type}${account.id === null ? '' : `, id ${account.id}`})`;
}
