import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { copilotAgentPullRequest } from '../../simulator/drivers/copilot-agent.js';
import { viewPullRequest } from '../../simulator/environment.js';
import { type InProcessApp, startInProcessApp } from '../../simulator/in-process.js';
import { SEED_HUMANS } from '../../simulator/state/seed.js';
import { registry } from '../../src/app/metrics.js';
import {
  applyOverride,
  checkOverridePermission,
  type OverrideDeps,
} from '../../src/app/pipeline/apply-override.js';
import { type Ledger, openLedger } from '../../src/ledger/index.js';

/**
 * Break-glass overrides end to end: the real app (in process, real Octokit and tokens) against
 * the simulator, with its ledger, applying overrides through the back end the web form calls.
 */

let dir: string;
let ledger: Ledger;
let app: InProcessApp;
let deps: OverrideDeps;
/** Writes whose path matches fail while listed (retries included): a label or comment lost after the facts. */
const failing = new Set<RegExp>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'custody-overrides-'));
  ledger = await openLedger(join(dir, 'custody.db'));
  app = startInProcessApp({
    overrides: { ledger },
    wrapFetch: (fetch) => async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      for (const pattern of failing) {
        if (method === 'POST' && pattern.test(url)) {
          return new Response(JSON.stringify({ message: 'Server Error' }), {
            status: 500,
            headers: { 'content-type': 'application/json' },
          });
        }
      }
      return fetch(input, init);
    },
  });
  deps = await app.custody.overrideDeps(app.installationId);
}, 60_000);

afterAll(async () => {
  await app?.custody.queue.close();
  await ledger?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const d = () => app.sim.drivers;
const view = (number: number) => viewPullRequest(app.sim, number);
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Until the app's queue is empty, retries included. */
async function settle(): Promise<void> {
  for (let i = 0; i < 1_000; i += 1) {
    await app.custody.queue.drain();
    const stats = app.custody.queue.stats();
    if (stats.waiting + stats.running + stats.retrying === 0) return;
    await tick();
  }
  throw new Error('the app never went idle');
}

let branches = 0;
async function openCopilotPullRequest(): Promise<{ number: number; branch: string }> {
  const branch = `copilot/override-${++branches}`;
  const pr = await d().openPullRequest(
    copilotAgentPullRequest({
      head: branch,
      title: `Hotfix ${branches}`,
      summary: 'Fixes the widget size.',
      files: { [`src/hotfix-${branches}.js`]: `export const HOTFIX = ${branches};\n` },
    }),
  );
  await settle();
  expect(view(pr.number).check?.conclusion).toBe('action_required');
  return { number: pr.number, branch };
}

const erin: { login: string; id: number } = { login: 'erin', id: SEED_HUMANS.erin.id };
const bob: { login: string; id: number } = { login: 'bob', id: SEED_HUMANS.bob.id };
const carol: { login: string; id: number } = { login: 'carol', id: SEED_HUMANS.carol.id };
const request = (number: number, actor = erin, reason = 'Outage: the 3 a.m. hotfix') => ({
  owner: 'acme',
  repo: 'widgets',
  number,
  headSha: view(number).headSha,
  actor,
  reason,
});
const overridesCounted = async () =>
  (await registry.getSingleMetric('custody_overrides_total')?.get())?.values[0]?.value ?? 0;
const overridesInLedger = async (number: number) =>
  (await ledger.readByPullRequest('acme/widgets', number)).filter((entry) => entry.fact.kind === 'override');

describe('break-glass overrides against the simulator', () => {
  test('an admin overrides with a reason: success with the title, ledger entry, label, one comment, counted', async () => {
    const { number } = await openCopilotPullRequest();
    const before = await overridesCounted();
    expect(
      await checkOverridePermission(deps, { owner: 'acme', repo: 'widgets', number, login: 'erin' }),
    ).toEqual({ allowed: true, why: '@erin has admin permission on the repository.' });
    const headSha = view(number).headSha;
    expect(await applyOverride(deps, request(number))).toEqual({ kind: 'applied' });
    await settle();

    const after = view(number);
    expect(after.check?.conclusion).toBe('success');
    expect(after.check?.title).toBe('Overridden by @erin: Outage: the 3 a.m. hotfix');
    // What was missing is still shown.
    expect(after.check?.summary).toMatch(/Overridden: requirements not met/);
    expect(after.check?.summary).toMatch(/approval from a human who took no part/);
    expect(after.labels).toContain('custody:override');
    const notes = after.comments.filter((c) => c.body.includes('custody:override:v1'));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toMatch(/overridden\*\* by @erin/);
    expect(notes[0]?.body).toMatch(/Outage: the 3 a\.m\. hotfix/);
    expect(notes[0]?.body).toMatch(/Custody still required:\n- .*approval/);

    const recorded = await overridesInLedger(number);
    expect(recorded.map((entry) => entry.fact)).toMatchObject([
      { kind: 'override', by: { login: 'erin', id: erin.id }, reason: 'Outage: the 3 a.m. hotfix', headSha },
    ]);
    const verdicts = (await ledger.readByPullRequest('acme/widgets', number)).filter(
      (entry) => entry.fact.kind === 'verdict',
    );
    expect(verdicts.at(-1)?.fact).toMatchObject({ state: 'overridden', headSha });
    expect(await overridesCounted()).toBe(before + 1);
    expect(
      (await ledger.report()).find((r) => r.repo === 'acme/widgets')?.overrides.length,
    ).toBeGreaterThanOrEqual(1);

    // A second submission records nothing more and posts no second comment.
    expect(await applyOverride(deps, request(number))).toEqual({ kind: 'applied' });
    await settle();
    expect(await overridesInLedger(number)).toHaveLength(1);
    expect(view(number).comments.filter((c) => c.body.includes('custody:override:v1'))).toHaveLength(1);
    expect(await overridesCounted()).toBe(before + 1);
  }, 60_000);

  test('a user without admin permission is refused, and nothing is recorded', async () => {
    const { number } = await openCopilotPullRequest();
    const permission = await checkOverridePermission(deps, {
      owner: 'acme',
      repo: 'widgets',
      number,
      login: 'bob',
    });
    expect(permission).toEqual({
      allowed: false,
      why: 'Overriding needs admin permission on the repository; @bob has write.',
    });
    expect(await applyOverride(deps, request(number, bob))).toEqual({
      kind: 'forbidden',
      reason: permission.why,
    });
    // An admin's login with another account's id (a forged form) is no admin either.
    expect(await applyOverride(deps, request(number, { login: 'erin', id: bob.id }))).toMatchObject({
      kind: 'forbidden',
    });
    expect(await applyOverride(deps, request(number, erin, '   '))).toEqual({
      kind: 'refused',
      reason: 'Write the reason for the override.',
    });
    await settle();
    expect(await overridesInLedger(number)).toHaveLength(0);
    expect(view(number).check?.conclusion).toBe('action_required');
    expect(view(number).labels).not.toContain('custody:override');
  }, 60_000);

  test('an override holds for its head only: a new push ends it, and a stale form is refused', async () => {
    const { number, branch } = await openCopilotPullRequest();
    const seen = request(number);
    expect(await applyOverride(deps, seen)).toEqual({ kind: 'applied' });
    await settle();
    expect(view(number).check?.conclusion).toBe('success');

    await d().push({
      as: 'Copilot',
      branch,
      commits: [
        { message: 'One more change', author: 'Copilot', files: { 'src/more.js': 'export const M = 1;\n' } },
      ],
    });
    await settle();
    const moved = view(number);
    expect(moved.headSha).not.toBe(seen.headSha);
    expect(moved.check?.conclusion).toBe('action_required');
    expect(moved.check?.title).not.toMatch(/Overridden/);
    // The form still shows the old head.
    expect(await applyOverride(deps, seen)).toEqual({ kind: 'stale', headSha: moved.headSha });
  }, 60_000);

  test('a label and comment that fail after the override is recorded are finished by submitting again', async () => {
    const { number } = await openCopilotPullRequest();
    const comments = /\/issues\/\d+\/comments$/;
    failing.add(comments);
    await expect(applyOverride(deps, request(number))).rejects.toThrow();
    failing.delete(comments);
    await settle();
    expect(await overridesInLedger(number)).toHaveLength(1);
    expect(view(number).check?.conclusion).toBe('success');
    expect(view(number).comments.filter((c) => c.body.includes('custody:override:v1'))).toHaveLength(0);

    expect(await applyOverride(deps, request(number))).toEqual({ kind: 'applied' });
    await settle();
    expect(await overridesInLedger(number)).toHaveLength(1);
    expect(view(number).comments.filter((c) => c.body.includes('custody:override:v1'))).toHaveLength(1);
  }, 60_000);

  test('a policy with `overrides.allowed: false` on the base branch refuses overrides', async () => {
    await d().changePolicy({ as: 'erin', branch: 'main', text: 'overrides:\n  allowed: false\n' });
    await settle();
    const { number } = await openCopilotPullRequest();
    const why = 'The policy on the base branch turns overrides off (`overrides.allowed: false`).';
    expect(
      await checkOverridePermission(deps, { owner: 'acme', repo: 'widgets', number, login: 'erin' }),
    ).toEqual({ allowed: false, why });
    expect(await applyOverride(deps, request(number))).toEqual({ kind: 'forbidden', reason: why });
    await settle();
    expect(view(number).check?.conclusion).toBe('action_required');
    expect(await overridesInLedger(number)).toHaveLength(0);
    await d().changePolicy({ as: 'erin', branch: 'main', text: null });
    await settle();
  }, 60_000);

  test('two submissions at once record one override and post one comment', async () => {
    const { number } = await openCopilotPullRequest();
    const before = await overridesCounted();
    expect(
      await Promise.all([applyOverride(deps, request(number)), applyOverride(deps, request(number))]),
    ).toEqual([{ kind: 'applied' }, { kind: 'applied' }]);
    await settle();
    expect(await overridesInLedger(number)).toHaveLength(1);
    expect(view(number).comments.filter((c) => c.body.includes('custody:override:v1'))).toHaveLength(1);
    expect(await overridesCounted()).toBe(before + 1);
  }, 60_000);

  test('an override stops holding when the base branch raises overrides.permission above its grounds', async () => {
    await d().changePolicy({ as: 'erin', branch: 'main', text: 'overrides:\n  permission: maintain\n' });
    await settle();
    const { number } = await openCopilotPullRequest();
    expect(await applyOverride(deps, request(number, carol))).toEqual({ kind: 'applied' });
    await settle();
    expect(view(number).check?.conclusion).toBe('success');
    const [recorded] = await overridesInLedger(number);
    expect(recorded?.fact).toMatchObject({
      by: { id: carol.id },
      grounds: { permission: 'maintain', teams: [] },
    });

    await d().changePolicy({ as: 'erin', branch: 'main', text: 'overrides:\n  permission: admin\n' });
    await settle();
    app.custody.evaluateLater(
      { installationId: app.installationId, owner: 'acme', repo: 'widgets', number, headSha: null },
      'test',
      'live',
    );
    await settle();
    const after = view(number);
    expect(after.check?.conclusion).toBe('action_required');
    expect(after.check?.title).not.toMatch(/Overridden/);
    expect(after.check?.summary).toMatch(
      /@\u200dcarol's override of [0-9a-f]{7} is not honoured: the policy in force asks for admin permission/,
    );
    await d().changePolicy({ as: 'erin', branch: 'main', text: null });
    await settle();
  }, 60_000);

  test('an override that could not turn the check (a required organisation policy is missing) is refused, and nothing is recorded', async () => {
    const { number } = await openCopilotPullRequest();
    const before = await overridesCounted();
    // The check is an error while the organisation's policy cannot be read: an override cannot pass it.
    const strict: OverrideDeps = { ...deps, requireOrgPolicy: true };
    expect(await applyOverride(strict, request(number))).toEqual({
      kind: 'refused',
      reason: 'Custody could not evaluate this pull request: an override cannot pass it.',
    });
    await settle();
    expect(await overridesInLedger(number)).toHaveLength(0);
    expect(await overridesCounted()).toBe(before);
    expect(view(number).labels).not.toContain('custody:override');
  }, 60_000);

  test('two replicas submitting the same override at once record it once: one comment, one label, counted once', async () => {
    const { number } = await openCopilotPullRequest();
    const before = await overridesCounted();
    // Two module instances: two processes' worth of the in-process lock, which then serialises nothing.
    vi.resetModules();
    const replica = (await import(
      '../../src/app/pipeline/apply-override.js'
    )) as typeof import('../../src/app/pipeline/apply-override.js');
    expect(replica.applyOverride).not.toBe(applyOverride);
    // Both have read the PR (no override yet) before either appends.
    let arrived = 0;
    let release = () => {};
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const racing: OverrideDeps = {
      ...deps,
      ledger: {
        ...deps.ledger,
        append: async (facts, options) => {
          arrived += 1;
          if (arrived === 2) release();
          await bothRead;
          return deps.ledger.append(facts, options);
        },
      },
    };
    expect(
      await Promise.all([
        applyOverride(racing, request(number)),
        replica.applyOverride(racing, request(number)),
      ]),
    ).toEqual([{ kind: 'applied' }, { kind: 'applied' }]);
    expect(arrived).toBe(2);
    await settle();
    expect(await overridesInLedger(number)).toHaveLength(1);
    const after = view(number);
    expect(after.check?.conclusion).toBe('success');
    expect(after.comments.filter((c) => c.body.includes('custody:override:v1'))).toHaveLength(1);
    expect(after.labels.filter((label) => label === 'custody:override')).toHaveLength(1);
    expect(await overridesCounted()).toBe(before + 1);
  }, 60_000);

  test('deps can be built for a repository by name', async () => {
    const byName = await app.custody.overrideDepsFor({ owner: 'acme', repo: 'widgets' });
    expect(byName.installationId).toBe(app.installationId);
  }, 60_000);
});
