import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECK_RUN_FIELD_LIMIT, renderCheckRun } from '../../../src/core/render/render-check-run.js';
import { COMMENT_MARKER, renderComment } from '../../../src/core/render/render-comment.js';
import { renderJson } from '../../../src/core/render/render-json.js';
import { renderText } from '../../../src/core/render/render-text.js';
import { VERDICT_STATES } from '../../../src/core/verdict.js';
import { approval, row, user, waitingVerdict } from './build-verdict.js';

/** Hostile-looking text: markdown and HTML syntax, mentions, controls, any unicode. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc
    .array(
      fc.constantFrom(
        '@',
        'org/team',
        '<',
        '>',
        '|',
        '`',
        '[',
        ']',
        '(',
        ')',
        '\n',
        '<!--',
        '-->',
        'x',
        ' ',
        'https://',
      ),
      {
        maxLength: 30,
      },
    )
    .map((parts) => parts.join('')),
);

const verdicts = fc
  .record({
    state: fc.constantFrom(...VERDICT_STATES),
    headline: text,
    actor: text,
    login: text,
    detail: text,
    note: text,
    agentName: text,
    rows: fc.integer({ min: 0, max: 40 }),
  })
  .map((v) =>
    waitingVerdict({
      state: v.state,
      headline: v.headline,
      agents: [{ id: 'x', name: v.agentName }],
      chain: Array.from({ length: v.rows }, () =>
        row({
          role: 'author',
          actor: v.actor,
          account: user(v.login),
          evidence: [{ strength: 'claim', source: 'trailer', detail: v.detail }],
        }),
      ),
      approvals: [
        approval({ reviewer: user(v.login), detail: v.detail, counted: false, reason: 'participant' }),
      ],
      requirements: [
        { id: 'r', title: v.note, status: 'missing', satisfiedBy: [v.login], missing: v.detail },
      ],
      notes: [v.note],
    }),
  );

/** A mention is `@` directly followed by a login character; ours always carry a zero-width joiner. */
const MENTION = /@[A-Za-z0-9-]/;

describe('renderers on any verdict', () => {
  it('never let user text mention, inject HTML or forge the comment marker', () => {
    fc.assert(
      fc.property(verdicts, (verdict) => {
        const { title, summary, conclusion } = renderCheckRun(verdict);
        const comment = renderComment(verdict);
        expect(['success', 'action_required', 'failure']).toContain(conclusion);
        expect(title).not.toMatch(/[\r\n]/);
        for (const markdown of [summary, comment]) {
          expect(markdown).not.toMatch(MENTION);
          expect(markdown.replace(/<\/?(?:sub|br)>/g, '')).not.toMatch(/<(?!!-- custody:comment:v1 -->)/);
          expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(CHECK_RUN_FIELD_LIMIT);
        }
        expect(summary).not.toContain(COMMENT_MARKER);
        expect(comment.split(COMMENT_MARKER)).toHaveLength(2);
        expect(renderText(verdict)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      }),
      { numRuns: 200 },
    );
  });

  it('renders JSON that reads back as the same verdict', () => {
    const verdict = waitingVerdict();
    expect(JSON.parse(renderJson(verdict))).toEqual(verdict);
  });
});
