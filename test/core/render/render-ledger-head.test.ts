import { describe, expect, it } from 'vitest';
import { renderCheckRun } from '../../../src/core/render/render-check-run.js';
import { isCheckRunUnchanged } from '../../../src/github/publish-check-run.js';
import { waitingVerdict } from './build-verdict.js';

const head = { seq: 41, hash: 'f'.repeat(16) + '0'.repeat(48) };

describe('the ledger chain head in the check run footer', () => {
  it('names the entry and a hash prefix, after the rest of the summary', () => {
    const summary = renderCheckRun(waitingVerdict(), head).summary;
    expect(summary).toMatch(/Custody ledger chain head: entry 41, hash `ffffffffffffffff`/);
    expect(summary.indexOf('chain head')).toBeGreaterThan(summary.indexOf('custody explain'));
    expect(renderCheckRun(waitingVerdict()).summary).not.toContain('chain head');
  });

  it('does not alone make a run look changed (it moves with every fact)', () => {
    const before = renderCheckRun(waitingVerdict(), head);
    const after = renderCheckRun(waitingVerdict(), { seq: 42, hash: 'e'.repeat(64) });
    const existing = {
      id: 1,
      status: 'completed',
      conclusion: before.conclusion,
      title: before.title,
      summary: before.summary,
      externalId: null,
    };
    expect(isCheckRunUnchanged(existing as never, after, null)).toBe(true);
    const changed = { ...after, title: `${after.title} (changed)` };
    expect(isCheckRunUnchanged(existing as never, changed, null)).toBe(false);
  });
});
