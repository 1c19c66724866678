import { describe, expect, it } from 'vitest';
import { decideReportRepositories } from '../../../src/core/ledger/index.js';

describe('decideReportRepositories', () => {
  it("gives an owner the whole organisation's report", () => {
    expect(decideReportRepositories('acme', { role: 'owner' })).toBeUndefined();
  });

  it("gives a member only the organisation's repositories they can read, lower-cased, once, in order", () => {
    expect(
      decideReportRepositories('Acme', {
        role: 'member',
        readable: ['acme/widgets', 'ACME/Vault', 'acme/widgets', 'acme-labs/x', 'umbrella/acme'],
      }),
    ).toEqual(['acme/vault', 'acme/widgets']);
  });

  it('gives a member who can read nothing an empty list, never the whole report', () => {
    expect(decideReportRepositories('acme', { role: 'member', readable: [] })).toEqual([]);
  });
});
