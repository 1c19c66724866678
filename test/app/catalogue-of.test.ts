import { describe, expect, it } from 'vitest';
import { catalogueOf } from '../../src/app/pipeline/catalogue-of.js';
import { classifyAccount } from '../../src/core/identity/index.js';
import { parsePolicy } from '../../src/core/policy/parse-policy.js';

const policyFrom = (text: string) => {
  const parsed = parsePolicy(text, '.github/custody.yml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.policy;
};

const withAgent = (login: string) =>
  policyFrom(`agents:\n  - id: house-bot\n    name: House bot\n    logins: ["${login}"]\n`);

describe('catalogueOf', () => {
  it('builds one catalogue per distinct policy, not per parse', () => {
    const first = catalogueOf(withAgent('house-bot'));
    expect(catalogueOf(withAgent('house-bot'))).toBe(first);
    expect(catalogueOf(withAgent('other-bot'))).not.toBe(first);
  });

  it('answers with the catalogue of the policy it is given, never of another', () => {
    const account = { login: 'house-bot', id: 9_001, type: 'User' as const };
    expect(classifyAccount(account, catalogueOf(withAgent('house-bot'))).kind).toBe('agent');
    expect(classifyAccount(account, catalogueOf(withAgent('other-bot'))).kind).toBe('human');
    expect(classifyAccount(account, catalogueOf(policyFrom(''))).kind).toBe('human');
  });

  it('keeps a bounded number of catalogues', () => {
    const first = catalogueOf(withAgent('bot-0'));
    for (let i = 1; i <= 40; i += 1) catalogueOf(withAgent(`bot-${i}`));
    expect(catalogueOf(withAgent('bot-0'))).not.toBe(first);
  });
});
