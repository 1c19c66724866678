import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copilotAgentPullRequest } from '../../simulator/drivers/copilot-agent.js';
import { viewPullRequest } from '../../simulator/environment.js';
import { type InProcessApp, startInProcessApp } from '../../simulator/in-process.js';
import { type Ledger, openLedger } from '../../src/ledger/index.js';

/**
 * A bypass whose comment fails after its facts are written: the queue's retry finds the bypass
 * recorded and posts the comment, once, without recording the merge again. The real app in
 * process, its retries on a timer the test fires, GitHub's comment endpoint failing on demand.
 */

let dir: string;
let ledger: Ledger;
let app: InProcessApp;
let commentsFail = false;
const timers: Array<() => void> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'custody-bypass-'));
  ledger = await openLedger(join(dir, 'custody.db'));
  app = startInProcessApp({
    overrides: {
      ledger,
      setTimer: (fn) => {
        timers.push(fn);
        return () => {
          const at = timers.indexOf(fn);
          if (at >= 0) timers.splice(at, 1);
        };
      },
    },
    wrapFetch: (fetch) => async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      if (commentsFail && method === 'POST' && /\/issues\/\d+\/comments$/.test(url))
        return new Response(JSON.stringify({ message: 'Server Error' }), {
          status: 500,
          headers: { 'content-type': 'application/json' },
        });
      return fetch(input, init);
    },
  });
}, 60_000);

afterAll(async () => {
  await ledger?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Until the queue runs nothing and waits for nothing but the retries held in `timers`. */
async function settle(): Promise<void> {
  for (let i = 0; i < 1_000; i += 1) {
    await tick();
    const stats = app.custody.queue.stats();
    if (stats.waiting + stats.running === 0) return;
  }
  throw new Error('the app never went idle');
}

describe('a bypass whose comment failed', () => {
  test('is finished by the retry: one comment, the label, one merge and one bypass in the ledger', async () => {
    const d = app.sim.drivers;
    const pr = await d.openPullRequest(
      copilotAgentPullRequest({
        head: 'copilot/bypass-retry',
        title: 'Hotfix',
        summary: 'Fixes the widget.',
        files: { 'src/hotfix.js': 'export const HOTFIX = 1;\n' },
      }),
    );
    await settle();
    expect(viewPullRequest(app.sim, pr.number).check?.conclusion).toBe('action_required');

    commentsFail = true;
    await d.merge({ as: 'erin', number: pr.number });
    await settle();
    const kinds = async () =>
      (await ledger.readByPullRequest('acme/widgets', pr.number))
        .map((entry) => entry.fact.kind)
        .filter((kind) => kind === 'merge' || kind === 'bypass');
    const bypassNotes = () =>
      viewPullRequest(app.sim, pr.number).comments.filter((c) => c.body.includes('custody:bypass:v1'));
    expect(await kinds()).toEqual(['merge', 'bypass']);
    expect(viewPullRequest(app.sim, pr.number).labels).toContain('custody:bypassed');
    expect(bypassNotes()).toHaveLength(0);
    expect(app.custody.queue.stats().retrying).toBe(1);

    commentsFail = false;
    for (const fire of timers.splice(0)) fire();
    await settle();
    expect(bypassNotes()).toHaveLength(1);
    expect(bypassNotes()[0]?.body).toMatch(/@erin merged/);
    expect(await kinds()).toEqual(['merge', 'bypass']);
    expect(app.custody.queue.stats().retrying).toBe(0);
  }, 60_000);
});
