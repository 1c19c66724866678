import { describe, expect, it } from 'vitest';
import { buildCatalogue, classifyAccount } from '../../../src/core/identity/index.js';
import { Policy } from '../../../src/core/policy/schema.js';
import { catalogue } from './fixtures.js';

/**
 * The evidence an account's classification carries is what the check run shows a reviewer
 * (why this account is an agent, automation or a person) and what `custody explain` prints:
 * how it matched (by id, by login, from the policy) and which account it was.
 */

const only = (account: Parameters<typeof classifyAccount>[0], from = catalogue) => {
  const { evidence } = classifyAccount(account, from);
  expect(evidence).toHaveLength(1);
  return evidence[0]!;
};

describe('the evidence of an account classification', () => {
  it('a catalogued agent matched by id says so, with the account and its id', () => {
    expect(only({ login: 'Copilot', id: 198982749, type: 'Bot' })).toEqual({
      strength: 'account',
      source: 'account-id',
      detail: '@Copilot (Bot, id 198982749) is GitHub Copilot (by id)',
    });
  });

  it('matched by login, an account without an id says "by login" and shows no id', () => {
    expect(only({ login: 'Copilot', id: null, type: 'Bot' })).toMatchObject({
      source: 'login',
      detail: '@Copilot (Bot) is GitHub Copilot (by login)',
    });
  });

  it('an agent the policy adds is named as from the policy', () => {
    const policy = Policy.parse({ agents: [{ id: 'acme-coder', name: 'Acme Coder', ids: [4242] }] });
    expect(only({ login: 'acme-coder', id: 4242, type: 'Bot' }, buildCatalogue(policy))).toEqual({
      strength: 'account',
      source: 'policy',
      detail: '@acme-coder (Bot, id 4242) is Acme Coder (by id, from the policy)',
    });
  });

  it("web-flow is named as GitHub's committer, not as an agent", () => {
    expect(only({ login: 'web-flow', id: 19864447, type: 'User' })).toEqual({
      strength: 'account',
      source: 'account-id',
      detail:
        "@web-flow (User, id 19864447) is web-flow, GitHub's committer for web edits and merges: it commits on the author's behalf",
    });
  });

  it('a person and an account of an unknown type say what type they are', () => {
    expect(only({ login: 'alice', id: 583231, type: 'User' }).detail).toBe(
      '@alice (User, id 583231) is a User account',
    );
    expect(only({ login: 'ghost', id: null, type: 'Unknown' }).detail).toBe(
      '@ghost (Unknown) has account type Unknown',
    );
  });
});
