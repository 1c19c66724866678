import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAccount, classifyCommit, classifyGitActor } from '../../../src/core/identity/index.js';
import type { Account, GitActor } from '../../../src/core/snapshot.js';
import { PEOPLE } from '../../builders/arbitrary.js';
import {
  claudeCoAuthor,
  coAuthorTrailer,
  copilotAgent,
  copilotAgentGit,
  devin,
  devinGit,
  type Human,
} from '../../builders/identities.js';
import { aCommit, catalogue } from './fixtures.js';

/** The same text in a random mix of upper and lower case. */
const recased = (value: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: value.length, maxLength: value.length })
    .map((upper) =>
      [...value].map((char, index) => (upper[index] ? char.toUpperCase() : char.toLowerCase())).join(''),
    );

const person = fc.constantFrom(...PEOPLE);

/** Every way GitHub hands us a person's git identity: linked noreply, linked corporate email, unresolved noreply. */
const humanGit = (who: Human): fc.Arbitrary<GitActor> =>
  fc.oneof(
    fc.constant(who.git),
    fc.constant({ ...who.git, email: `${who.account.login}@acme.example` }),
    recased(who.account.login).map((login) => ({
      ...who.git,
      email: `${who.account.id}+${login}@users.noreply.github.com`,
      account: null,
    })),
  );

describe('classification is correct, not only total', () => {
  it('a person is human under every identity form and account type', () => {
    fc.assert(
      fc.property(
        person.chain((who) => fc.tuple(fc.constant(who), humanGit(who))),
        fc.constantFrom<Account['type']>('User', 'EnterpriseUserAccount', 'Mannequin'),
        ([who, git], type) => {
          expect(classifyGitActor(git, catalogue).kind).toBe('human');
          expect(classifyAccount({ ...who.account, type }, catalogue).kind).toBe('human');
        },
      ),
    );
  });

  it('a catalogued agent account is that agent by id, whatever its login now', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(copilotAgent, devin),
        fc.string({ minLength: 1, maxLength: 20 }),
        (bot, login) => {
          const expected = classifyAccount(bot, catalogue);
          expect(expected.kind).toBe('agent');
          expect(classifyAccount({ ...bot, login }, catalogue)).toMatchObject({
            kind: 'agent',
            agent: expected.agent,
          });
        },
      ),
    );
  });

  it("a User holding an agent's login under another id is not that agent; any casing of a bot login is", () => {
    fc.assert(
      fc.property(fc.constantFrom(copilotAgent, devin), fc.integer({ min: 1, max: 2 ** 31 }), (bot, id) => {
        fc.pre(id !== bot.id);
        expect(classifyAccount({ login: bot.login, id, type: 'User' }, catalogue).kind).toBe('human');
      }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(copilotAgent, devin).chain((bot) => fc.tuple(fc.constant(bot), recased(bot.login))),
        ([bot, login]) => {
          const canonical = classifyAccount({ ...bot, id: null }, catalogue);
          expect(classifyAccount({ ...bot, login, id: null }, catalogue)).toMatchObject({
            kind: canonical.kind,
            agent: canonical.agent,
          });
        },
      ),
    );
  });

  it('every agent co-author is kept beside the author: a second agent is never lost', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(copilotAgentGit, devinGit), person.chain(humanGit)),
        fc.array(person.chain(humanGit), { maxLength: 2 }),
        (author, humans) => {
          const coAuthors = [claudeCoAuthor, ...humans];
          const message = `Fix the widget\n\n${coAuthors.map(coAuthorTrailer).join('\n')}`;
          const attribution = classifyCommit(
            aCommit({ author, committer: author, coAuthors, message }),
            catalogue,
          );
          const kinds = attribution.coAuthors.map((entry) => entry.classification);
          expect(kinds.filter((c) => c.kind === 'agent').map((c) => c.agent?.id)).toContain('claude');
          expect(kinds.filter((c) => c.kind === 'human')).toHaveLength(
            new Set(humans.map((h) => h.email.toLowerCase())).size,
          );
          expect(attribution.author.classification.kind).toBe(
            author.account?.type === 'Bot' ? 'agent' : 'human',
          );
        },
      ),
    );
  });
});
