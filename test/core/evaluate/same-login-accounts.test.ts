import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/core/snapshot.js';
import { alice, claudeCoAuthor, coderabbit } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { verdictOf } from './helpers.js';

/** Another Bot account under CodeRabbit's login (re-registered, or forged): not CodeRabbit. */
const impostor: Account = { login: coderabbit.login, id: 424242, type: 'Bot' };

describe('two accounts sharing a login', () => {
  it('are told apart by id, whichever of them reviews first', () => {
    for (const [first, second] of [
      [coderabbit, impostor],
      [impostor, coderabbit],
    ] as const) {
      const verdict = verdictOf(
        aSnapshot()
          .openedBy(alice.account)
          .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
          .pushedBy(alice.account)
          .reviewedBy(first, 'COMMENTED')
          .reviewedBy(second, 'COMMENTED'),
      );
      const reviewers = verdict.chain
        .filter((row) => row.role === 'reviewer')
        .map((row) => [row.account?.id, row.agent?.id]);
      expect(reviewers).toEqual([
        [first.id, first === coderabbit ? 'coderabbit' : 'unknown-bot'],
        [second.id, second === coderabbit ? 'coderabbit' : 'unknown-bot'],
      ]);
    }
  });
});
