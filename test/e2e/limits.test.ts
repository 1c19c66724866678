import { describe, expect, test } from 'vitest';
import { CHECK_RUN_FIELD_LIMIT, TRUNCATION_NOTE } from '../../src/core/render/render-check-run.js';
import { useEnvironment } from './use-environment.js';

/**
 * GitHub's byte limits, end to end: the simulator refuses a summary over 65,535 UTF-8 bytes as
 * GitHub does, so a large agent PR whose names are not ASCII must still get a passing check.
 */

const env = useEnvironment();

/** Names of every width: accents (2 bytes), CJK (3), emoji (4). */
const AUTHORS = [
  { name: 'Zoë Ñúñez-Müller', email: 'zoe@acme.example' },
  { name: '山田 太郎 (やまだ たろう)', email: 'taro@acme.example' },
  { name: 'Ελένη Παπαδοπούλου 🦋', email: 'eleni@acme.example' },
  { name: 'Андрей Смирнов ✅', email: 'andrei@acme.example' },
];

describe("GitHub's size limits, end to end", () => {
  test('a 1,000-commit agent PR full of multi-byte names passes, its summary within 65,535 bytes and ending with the truncation note', async () => {
    const d = env.sim.drivers;
    const commits = Array.from({ length: 1_000 }, (_, i) => ({
      message: `Étape ${i + 1}: 文書を更新 — ✅`,
      author: AUTHORS[i % AUTHORS.length]!,
      coAuthors: [{ name: 'Claude Opus 4.6 🤖', email: 'noreply@anthropic.com' }],
      files: { [`étapes/${i}.txt`]: `${i}\n` },
    }));
    const pr = await env.act(
      () =>
        d.openPullRequest({ as: 'alice', head: 'alice/große-änderung', title: 'Große Änderung', commits }),
      60_000,
    );
    let view = env.view(pr.number);
    expect(view.check?.conclusion).toBe('action_required');
    expect(view.labels).toContain('agent:claude');

    await env.act(() => d.submitReview({ as: 'bob', number: pr.number, state: 'APPROVED' }), 60_000);
    view = env.view(pr.number);
    expect(view.checkRuns).toHaveLength(1);
    const run = view.check!;
    expect(run.conclusion).toBe('success');
    // Never a failure on the way: every write was accepted.
    expect(run.history.map((h) => h.conclusion)).not.toContain('failure');
    const summary = run.summary ?? '';
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(CHECK_RUN_FIELD_LIMIT);
    // Cut by characters, this summary would have been refused: it is near the limit in bytes.
    expect(Buffer.byteLength(summary)).toBeGreaterThan(CHECK_RUN_FIELD_LIMIT - 2_000);
    expect(summary.endsWith(TRUNCATION_NOTE)).toBe(true);
    expect(summary).toMatch(/… and [\d,]+ more rows \(see `custody explain`\)\./);
    const refused = env.sim.store.requests.filter((r) => r.kind === 'rest' && r.status === 422);
    expect(refused).toEqual([]);
  }, 180_000);

  test('a policy file GitHub cuts (over 512 KB) or sends as binary fails closed, saying why', async () => {
    const d = env.sim.drivers;
    const padding = `# ${'x'.repeat(120)}\n`.repeat(4_500);
    await d.changePolicy({ as: 'erin', branch: 'huge-policy', text: `approvals:\n  count: 1\n${padding}` });
    await d.changePolicy({ as: 'erin', branch: 'binary-policy', text: 'approvals:\n  count: 1\n\u0000' });
    for (const [base, reason] of [
      ['huge-policy', /GitHub truncated[^\n]*shorten the file/],
      ['binary-policy', /GitHub returned no text for it/],
    ] as const) {
      const pr = await env.act(() =>
        d.openPullRequest({
          as: 'alice',
          head: `alice/on-${base}`,
          base,
          title: 'Change',
          commits: [{ message: 'Change', coAuthors: [{ name: 'Claude', email: 'noreply@anthropic.com' }] }],
        }),
      );
      const view = env.view(pr.number);
      expect(view.check?.conclusion).toBe('failure');
      expect(view.check?.summary).toMatch(reason);
    }
  }, 60_000);
});
