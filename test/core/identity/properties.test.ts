import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Classification,
  classifyAccount,
  classifyCommit,
  classifyGitActor,
  classifyPullRequestHints,
  EVIDENCE_STRENGTHS,
  parseTrailers,
} from '../../../src/core/identity/index.js';
import type { Account, Commit, GitActor } from '../../../src/core/snapshot.js';
import { aCommit, aPullRequest, catalogue } from './fixtures.js';

/** Text mixing arbitrary unicode with the fragments the classifiers look for. */
const fragment = fc.constantFrom(
  'Co-authored-by: ',
  'Co-Authored-By: Claude <noreply@anthropic.com>',
  'Assisted-by: ',
  'Generated with [Claude Code]',
  '198982749+Copilot@users.noreply.github.com',
  '+',
  '@users.noreply.github.com',
  '[bot]',
  '<',
  '>',
  ':',
  '\n',
  '\r\n',
  '---------',
  '\u200b',
  '\u202e',
  '馃',
  'Ｃｏ',
  'Requested by: @',
  'started by @',
);
const text = fc
  .array(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fragment), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

const account: fc.Arbitrary<Account> = fc.record({
  login: fc.oneof(text, fc.constantFrom('Copilot', 'copilot-swe-agent[bot]', 'web-flow', 'dependabot')),
  id: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 2 ** 40 }), fc.constantFrom(198982749, 19864447)),
  type: fc.constantFrom('User', 'Bot', 'Organization', 'Mannequin', 'EnterpriseUserAccount', 'Unknown'),
});
const actor: fc.Arbitrary<GitActor> = fc.record({ name: text, email: text, account: fc.option(account) });

function expectWellFormed(c: Classification): void {
  expect(['human', 'agent', 'automation', 'unknown']).toContain(c.kind);
  expect(c.evidence.length).toBeGreaterThan(0);
  for (const e of c.evidence) expect(EVIDENCE_STRENGTHS).toContain(e.strength);
  if (c.kind === 'agent' || c.kind === 'automation') expect(c.agent).not.toBeNull();
}

describe('classification is total on arbitrary input', () => {
  it('accounts', () => {
    fc.assert(fc.property(account, (a) => expectWellFormed(classifyAccount(a, catalogue))));
  });

  it('git identities', () => {
    fc.assert(fc.property(actor, (a) => expectWellFormed(classifyGitActor(a, catalogue))));
  });

  it('commits', () => {
    const commit: fc.Arbitrary<Commit> = fc
      .record({
        author: actor,
        committer: actor,
        coAuthors: fc.array(actor, { maxLength: 3 }),
        message: text,
      })
      .map((parts) => aCommit(parts));
    fc.assert(
      fc.property(commit, (c) => {
        const attribution = classifyCommit(c, catalogue);
        for (const a of [attribution.author, attribution.committer, ...attribution.coAuthors]) {
          expectWellFormed(a.classification);
        }
        for (const m of attribution.markers) expect(EVIDENCE_STRENGTHS).toContain(m.evidence.strength);
      }),
    );
  });

  it('pull requests', () => {
    fc.assert(
      fc.property(text, text, fc.option(account), (body, headRef, opener) => {
        const result = classifyPullRequestHints(aPullRequest({ body, headRef, opener }), catalogue);
        for (const login of result.requesters) expect(login).toMatch(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/);
      }),
    );
  });

  it('trailer keys are always normalised tokens', () => {
    fc.assert(
      fc.property(text, (message) => {
        for (const t of parseTrailers(message)) expect(t.key).toMatch(/^[a-z][a-z0-9-]*$/);
      }),
    );
  });
});

describe('invisible characters and case never hide a Claude co-author', () => {
  it('holds for any casing of the key and zero-width characters inside it', () => {
    const key = fc
      .array(fc.boolean(), { minLength: 14, maxLength: 14 })
      .chain((upper) =>
        fc
          .array(fc.constantFrom('', '\u200b', '\u2060', '\ufeff'), { minLength: 14, maxLength: 14 })
          .map((gaps) =>
            [...'co-authored-by'].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch) + gaps[i]).join(''),
          ),
      );
    fc.assert(
      fc.property(key, (k) => {
        const attribution = classifyCommit(
          aCommit({ message: `x\n\n${k}: Claude <noreply@anthropic.com>` }),
          catalogue,
        );
        expect(attribution.coAuthors.map((c) => c.classification.agent?.id)).toEqual(['claude']);
      }),
    );
  });
});

// Speed is measured in bench/, never asserted as a timing here: these check that huge and
// hostile inputs are classified, and classified right.
describe('huge inputs', () => {
  it('classifies a hostile 4 MB message', () => {
    const message = [
      `Co-authored-by: ${'<'.repeat(1_000_000)}`,
      'Assisted-by: '.repeat(100_000),
      `${'Generated with [Claude Cod'.repeat(40_000)}`,
      'Requested by: @'.repeat(50_000),
    ].join('\n');
    const attribution = classifyCommit(aCommit({ message }), catalogue);
    expect(attribution.coAuthors).toEqual([]);
    expect(attribution.markers.map((m) => m.agent.id)).not.toContain('claude');
    expect(classifyPullRequestHints(aPullRequest({ body: message }), catalogue).requesters).toEqual([]);
  });

  it('classifies 10,000 commits, each with its Claude co-author', () => {
    const commits = Array.from({ length: 10_000 }, (_, i) =>
      aCommit({
        sha: i.toString(16).padStart(40, '0'),
        author: { name: `Dev ${i % 40}`, email: `dev${i % 40}@example.com`, account: null },
        message: `Change ${i}\n\nDetails of change ${i}.\n\nCo-authored-by: Claude <noreply@anthropic.com>`,
      }),
    );
    for (const c of commits) {
      const attribution = classifyCommit(c, catalogue);
      expect(attribution.author.classification.kind).toBe('human');
      expect(attribution.coAuthors.map((a) => a.classification.agent?.id)).toEqual(['claude']);
    }
  });
});
