import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../src/core/render/escape-markdown.js';
import {
  CHECK_RUN_FIELD_LIMIT,
  CHECK_RUN_TITLE_LIMIT,
  clampField,
  conclusionFor,
  fitCheckRunOutput,
  renderCheckRun,
  TRUNCATION_NOTE,
} from '../../../src/core/render/render-check-run.js';
import { VERDICT_STATES, type VerdictState } from '../../../src/core/verdict.js';
import { approval, claude, HEAD, hugeVerdict, row, user, waitingVerdict } from './build-verdict.js';

const EXPECTED: Record<VerdictState, string> = {
  not_applicable: 'success',
  satisfied: 'success',
  waiting: 'action_required',
  blocked: 'failure',
  error: 'failure',
  overridden: 'success',
};

describe('renderCheckRun conclusion', () => {
  it.each(VERDICT_STATES)('maps %s to a conclusion that never passes by accident', (state) => {
    const output = renderCheckRun(waitingVerdict({ state }));
    expect(output.conclusion).toBe(EXPECTED[state]);
    expect(['neutral', 'skipped']).not.toContain(output.conclusion);
  });

  it('fails closed on a state it does not know (e.g. from a newer JSON file)', () => {
    expect(conclusionFor('maybe' as VerdictState)).toBe('failure');
  });
});

describe('renderCheckRun summary', () => {
  it('shows requirements as a checklist, approvals with reasons and the chain as a table', () => {
    const { title, summary } = renderCheckRun(waitingVerdict());
    expect(title).toBe(
      'Waiting for 1 approval from a human who took no part (write access); @alice may not approve',
    );
    expect(summary).toContain(
      '- [ ] **1 approval from a human who took no part (write access)** — 1 more approval needed',
    );
    expect(summary).toMatch(/❌ @\u200dalice on `9f4c2a1` — not counted \(took part in this pull request\)/);
    expect(summary).toContain('| Commit | Role | Actor | Kind | Agent | Evidence |');
    expect(summary).toContain(
      '| PR | opener | @\u200dcopilot-swe-agent | agent | GitHub Copilot coding agent | account: account id 198982749 (copilot-swe-agent) |',
    );
    expect(summary).toContain('custody explain acme/widgets#42');
  });

  it('ticks met requirements and names who satisfies them', () => {
    const { summary, conclusion } = renderCheckRun(
      waitingVerdict({
        state: 'satisfied',
        requirements: [
          { id: 'approvals', title: '1 approval', status: 'met', satisfiedBy: ['bob'], missing: '' },
        ],
        approvals: [approval({})],
      }),
    );
    expect(conclusion).toBe('success');
    expect(summary).toContain('- [x] **1 approval** — satisfied by @\u200dbob');
    expect(summary).toContain('✅ @\u200dbob on `9f4c2a1` — counted');
  });

  it('escapes hostile logins, names, commit text and rule names everywhere', () => {
    const evil = '@acme/admins <script>alert(1)</script> | `x` [y](https://evil.example)';
    const { title, summary } = renderCheckRun(
      waitingVerdict({
        headline: `Waiting\nfor ${evil}`,
        chain: [
          row({
            role: 'author',
            actor: `${evil} <e@x.y>`,
            evidence: [{ strength: 'claim', source: 'trailer', detail: evil }],
          }),
        ],
        requirements: [{ id: 'path:x', title: evil, status: 'missing', satisfiedBy: [evil], missing: evil }],
        approvals: [approval({ reviewer: user(evil), counted: false, reason: 'stale', detail: evil })],
        notes: [evil],
      }),
    );
    expect(title).not.toMatch(/[\r\n]/);
    expect(summary).not.toMatch(/@[\w-]/);
    expect(summary).not.toContain('<script');
    expect(summary).not.toMatch(/(?<!\\)\]\(/);
    const tableRow = summary.split('\n').find((line) => line.startsWith('| `9f4c2a1` | author'));
    expect(tableRow?.match(/(?<!\\)\|/g)).toHaveLength(7);
  });

  it('keeps a 10,000-commit PR within GitHub’s limit and says how many rows were left out', () => {
    const { summary } = renderCheckRun(hugeVerdict(10_000));
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(CHECK_RUN_FIELD_LIMIT);
    expect(summary.endsWith(TRUNCATION_NOTE)).toBe(true);
    const shown = summary.split('\n').filter((line) => line.startsWith('| `')).length;
    expect(shown).toBeGreaterThan(100);
    const note = summary.match(/… and ([\d,]+) more rows \(see `custody explain`\)\./);
    expect(Number(note?.[1]?.replaceAll(',', ''))).toBe(10_000 - shown);
    // The sections after the chain still made it.
    expect(summary).toContain('### Requirements');
    expect(summary).toContain('Custody re-evaluates on every push and review.');
  });

  it('stays within the limit when every section is huge', () => {
    const long = 'x'.repeat(5_000);
    const verdict = hugeVerdict(3_000);
    const { title, summary } = renderCheckRun({
      ...verdict,
      headline: long,
      requirements: Array.from({ length: 500 }, (_, i) => ({
        id: `path:${i}`,
        title: long,
        status: 'missing' as const,
        satisfiedBy: [],
        missing: long,
      })),
      approvals: Array.from({ length: 500 }, () => approval({ detail: long })),
      notes: Array.from({ length: 500 }, () => long),
      agents: Array.from({ length: 50 }, (_, i) => ({ ...claude, id: `a${i}`, name: long })),
    });
    expect(Buffer.byteLength(title)).toBeLessThanOrEqual(CHECK_RUN_TITLE_LIMIT);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(CHECK_RUN_FIELD_LIMIT);
    expect(summary).toMatch(/… and [\d,]+ more requirements/);
    expect(summary).toMatch(/… and [\d,]+ more reviews/);
  });

  it('counts the chain in UTF-8 bytes: 1,000 rows of multi-byte names fit, cut at a row, with the note last', () => {
    const wide = hugeVerdict(1_000);
    const verdict = {
      ...wide,
      chain: wide.chain.map((r, i) => ({
        ...r,
        actor: `Zoë Ñúñez 😀✅ ${'漢字'.repeat(20)} ${i} <zoë@例え.jp>`,
      })),
    };
    const { summary } = renderCheckRun(verdict);
    // Under the character count that the old trim used, but well over it in bytes.
    expect(summary.length).toBeLessThan(CHECK_RUN_FIELD_LIMIT);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(CHECK_RUN_FIELD_LIMIT);
    expect(Buffer.byteLength(summary)).toBeGreaterThan(CHECK_RUN_FIELD_LIMIT - 2_000);
    expect(summary.endsWith(TRUNCATION_NOTE)).toBe(true);
    const rows = summary.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows.every((line) => line.endsWith('|'))).toBe(true);
    expect(summary).toContain(`… and ${(1_000 - rows.length).toLocaleString('en-US')} more rows`);
    expect(summary).toContain('Custody re-evaluates on every push and review.');
  });

  it('keeps a failure reason title within its bytes on one line, the whole reason in the summary', () => {
    const reason = `Custody could not decide: GitHub answered 502 to GET /repos/${'ü'.repeat(120)}/widgets/pulls/42/commits`;
    const { title, summary } = renderCheckRun(waitingVerdict({ state: 'error', headline: reason }));
    expect(Buffer.byteLength(title)).toBeLessThanOrEqual(CHECK_RUN_TITLE_LIMIT);
    expect(title.endsWith('…')).toBe(true);
    expect(Buffer.from(title).toString()).toBe(title);
    expect(summary).toContain(escapeMarkdown(reason, 1_000));
  });

  it('fits any output to the limits, whoever rendered it', () => {
    const output = fitCheckRunOutput({
      conclusion: 'failure',
      title: `Group\n${'✅'.repeat(200)}`,
      summary: '- ⛔ #1 not open, so not cleared\n'.repeat(3_000),
      text: '😀'.repeat(20_000),
    });
    expect(output.title).not.toMatch(/\n/);
    expect(Buffer.byteLength(output.title)).toBeLessThanOrEqual(CHECK_RUN_TITLE_LIMIT);
    for (const field of [output.summary, output.text ?? '']) {
      expect(Buffer.byteLength(field)).toBeLessThanOrEqual(CHECK_RUN_FIELD_LIMIT);
      expect(field.endsWith(TRUNCATION_NOTE)).toBe(true);
    }
  });

  it('clampField cuts at a line by UTF-8 bytes and appends the truncation note', () => {
    // 40,000 characters but 120,000 bytes: a cut by characters would leave it over GitHub's limit.
    const clamped = clampField('✅\n'.repeat(20_000));
    expect(Buffer.byteLength(clamped)).toBeLessThanOrEqual(CHECK_RUN_FIELD_LIMIT);
    expect(clamped).toMatch(
      /✅\n\n… output truncated to fit GitHub’s size limit \(see `custody explain`\)\.$/,
    );
    expect(clamped.endsWith(TRUNCATION_NOTE)).toBe(true);
  });

  it('explains an evaluation error without empty chain or approval sections', () => {
    const { conclusion, summary } = renderCheckRun(
      waitingVerdict({
        state: 'error',
        headline: 'Custody could not decide: the policy is invalid',
        chain: [],
        approvals: [],
        notes: ['.github/custody.yml:3:3 approvals.count: must be at least 1 (got 0)'],
      }),
    );
    expect(conclusion).toBe('failure');
    expect(summary).toContain('## ⚠️ Custody could not evaluate this pull request');
    expect(summary).toContain('- .github/custody.yml:3:3 approvals.count: must be at least 1 (got 0)');
    expect(summary).not.toContain('### Custody chain');
    expect(summary).not.toContain('### Approvals');
  });

  it('shows the head SHA and PR-level rows without a commit', () => {
    const { summary } = renderCheckRun(waitingVerdict());
    expect(summary).toContain(`acme/widgets#42 at \`${HEAD.slice(0, 7)}\``);
  });
});
