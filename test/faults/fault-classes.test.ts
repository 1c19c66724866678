import { describe, expect, it } from 'vitest';
import {
  approve,
  copilotPush,
  dismiss,
  isCheckWrite,
  isPullRequestRead,
  newContext,
  openCopilotPr,
} from './harness/steps.js';
import { FaultWorld, NO_FAULTS, type ScriptedAnswer, type Step } from './harness/world.js';

/**
 * One test per fault class GitHub throws at an app (issue 5, reliability research §E and §B),
 * each against the real app in-process and the simulator. Every test ends with the two
 * guarantees: no passing check was ever written on a head whose true verdict was not passing,
 * and after the faults stop and the recovery runs, our check says what GitHub's state says.
 */

async function expectSafeAndRecovered(world: FaultWorld): Promise<void> {
  expect((await world.safetyViolations()).violations, world.describe()).toEqual([]);
  world.script.length = 0;
  await world.recover();
  expect(await world.finalViolations(), world.describe()).toEqual([]);
}

async function headOf(world: FaultWorld, number: number) {
  const truth = await world.truthOf(number);
  return { truth, runs: world.runsOn(truth.headSha) };
}

/** A Copilot PR the requester (alice) cannot approve: action_required until bob approves. */
async function copilotPullRequest(world: FaultWorld, branch: string) {
  const ctx = newContext();
  await world.step(openCopilotPr(ctx, branch));
  expect((await headOf(world, ctx.number)).runs.at(-1)?.conclusion).toBe('action_required');
  return ctx;
}

describe('API faults', () => {
  it.each<[string, ScriptedAnswer]>([
    ['502 on every read', 'server-error'],
    ['403 secondary rate limit with retry-after', 'secondary-rate-limit-403'],
    ['429 with retry-after', 'rate-limit-429'],
    ['a 200 with GraphQL errors and partial data', 'graphql-partial'],
  ])(
    '%s of the pull request: a failure check naming the reason, never a pass; then the truth',
    async (_, answer) => {
      const world = new FaultWorld(1, NO_FAULTS);
      const ctx = await copilotPullRequest(world, 'copilot/read-faults');
      world.script.push({ match: isPullRequestRead, answer, times: 1_000 });
      await world.step(approve(ctx, 'bob'));
      const { truth, runs } = await headOf(world, ctx.number);
      expect(truth.passing, 'bob’s approval satisfies the policy').toBe(true);
      const shown = runs.at(-1);
      expect(shown?.conclusion).toBe('failure');
      expect(`${shown?.title}\n${shown?.summary}`).toMatch(/GitHub|incomplete|could not|missing|returned/i);
      expect(shown?.summary).toMatch(/Re-run the check or push again to retry/);
      await expectSafeAndRecovered(world);
      expect((await headOf(world, ctx.number)).runs.at(-1)?.conclusion).toBe('success');
    },
  );

  it('a read that fails before our run is known updates that run: still one check run on the head', async () => {
    const world = new FaultWorld(2, NO_FAULTS);
    const ctx = await copilotPullRequest(world, 'copilot/duplicate-run');
    world.script.push({ match: isPullRequestRead, answer: 'server-error', times: 1_000 });
    await world.step(approve(ctx, 'bob'));
    expect((await headOf(world, ctx.number)).runs).toHaveLength(1);
  });

  it.each<[string, ScriptedAnswer]>([
    ['500 on every check-run write', 'server-error'],
    ['403 secondary rate limit on writes', 'secondary-rate-limit-403'],
  ])('%s: the head keeps its blocking check; then the truth', async (_, answer) => {
    const world = new FaultWorld(3, NO_FAULTS);
    const ctx = await copilotPullRequest(world, 'copilot/write-faults');
    world.script.push({ match: isCheckWrite, answer, times: 1_000 });
    await world.step(approve(ctx, 'bob'));
    expect((await headOf(world, ctx.number)).runs.map((r) => r.conclusion)).toEqual(['action_required']);
    await expectSafeAndRecovered(world);
    expect((await headOf(world, ctx.number)).runs.at(-1)?.conclusion).toBe('success');
  });

  it('a check-run write applied by GitHub whose answer was lost never leaves a pass behind a block', async () => {
    const world = new FaultWorld(4, NO_FAULTS);
    const ctx = await copilotPullRequest(world, 'copilot/write-lost');
    await world.step(approve(ctx, 'bob'));
    world.script.push({ match: isCheckWrite, answer: 'write-lost', times: 3 });
    await world.step(dismiss(ctx, 'bob'));
    await expectSafeAndRecovered(world);
    const { runs } = await headOf(world, ctx.number);
    expect(runs.every((r) => r.conclusion !== 'success')).toBe(true);
  });

  it('a check-run create whose answer was lost leaves one run on the head (E10)', async () => {
    const world = new FaultWorld(12, NO_FAULTS);
    const ctx = newContext();
    world.script.push({
      match: (r) => r.method === 'POST' && /\/check-runs$/.test(r.path),
      answer: 'write-lost',
      times: 1,
    });
    await world.step(openCopilotPr(ctx, 'copilot/create-lost'));
    await world.step(approve(ctx, 'bob'));
    await world.step(dismiss(ctx, 'bob'));
    const { runs } = await headOf(world, ctx.number);
    // Octokit's retry plugin re-sends the POST after the 502, so GitHub holds two runs; the app
    // then updates only the one it reads back, and the other can keep an old `success`.
    expect(runs).toHaveLength(1);
  });

  it('404 for a deleted branch: the PR GitHub closed gets no write at all', async () => {
    const world = new FaultWorld(5, NO_FAULTS);
    const ctx = await copilotPullRequest(world, 'copilot/deleted');
    await world.step(approve(ctx, 'bob'));
    // A push whose synchronize is still in flight when the branch is deleted (GitHub closes the PR).
    world.rates = { ...NO_FAULTS, delay: 1 };
    await world.step(copilotPush(ctx, 'copilot/deleted', 2));
    world.rates = NO_FAULTS;
    const writes = world.writes.length;
    await world.step({
      name: 'alice deletes copilot/deleted',
      act: (d) => d.deleteBranch({ as: 'alice', branch: 'copilot/deleted' }),
    });
    await world.recover();
    expect(world.writes.length, 'no write on a closed PR').toBe(writes);
    expect(world.runsOn(ctx.heads[1]!)).toEqual([]);
    expect((await world.safetyViolations()).violations).toEqual([]);
  });
});

describe('webhook faults', () => {
  it('lost (GitHub recorded the failure): redelivery alone restores the truth', async () => {
    const world = new FaultWorld(6, NO_FAULTS);
    const ctx = await copilotPullRequest(world, 'copilot/lost');
    world.rates = { ...NO_FAULTS, lose: 1 };
    await world.step(approve(ctx, 'bob'));
    world.rates = NO_FAULTS;
    expect((await headOf(world, ctx.number)).runs.at(-1)?.conclusion).toBe('action_required');
    const { redelivery } = await world.recover({ sweep: false });
    expect(redelivery.redelivered).toHaveLength(1);
    expect((await headOf(world, ctx.number)).runs.at(-1)?.conclusion).toBe('success');
    expect(await world.finalViolations()).toEqual([]);
  });

  it('never sent after a success (a dismissal): the fail-open window stays open until the sweep closes it', async () => {
    const world = new FaultWorld(7, NO_FAULTS);
    const ctx = await copilotPullRequest(world, 'copilot/never-sent');
    await world.step(approve(ctx, 'bob'));
    world.rates = { ...NO_FAULTS, neverSent: 1 };
    await world.step(dismiss(ctx, 'bob'));
    world.rates = NO_FAULTS;
    expect((await headOf(world, ctx.number)).runs.at(-1)?.conclusion, 'the window: a stale success').toBe(
      'success',
    );
    await world.recover({ sweep: false });
    expect((await headOf(world, ctx.number)).runs.at(-1)?.conclusion, 'redelivery cannot see it').toBe(
      'success',
    );
    await expectSafeAndRecovered(world);
    expect((await headOf(world, ctx.number)).runs.at(-1)?.conclusion).toBe('action_required');
  });

  it('duplicated: one evaluation per delivery, one check run per head, the right verdict', async () => {
    const world = new FaultWorld(8, { ...NO_FAULTS, duplicate: 1 });
    const ctx = await copilotPullRequest(world, 'copilot/duplicated');
    const before = world.app.decisions.length;
    await world.step(approve(ctx, 'bob'));
    expect(world.app.decisions.length - before, 'the second copy is skipped').toBe(1);
    await world.step(copilotPush(ctx, 'copilot/duplicated', 2));
    await world.step(approve(ctx, 'carol'));
    for (const head of ctx.heads) expect(world.runsOn(head)).toHaveLength(1);
    await expectSafeAndRecovered(world);
  });

  it('reordered: an approval of head A delivered after the synchronize of head B never passes B', async () => {
    const world = new FaultWorld(9, NO_FAULTS);
    const ctx = await copilotPullRequest(world, 'copilot/reordered');
    world.rates = { ...NO_FAULTS, delay: 1 };
    await world.step(approve(ctx, 'bob'));
    world.rates = NO_FAULTS;
    await world.step(copilotPush(ctx, 'copilot/reordered', 2));
    await world.recover({ sweep: false });
    const { truth, runs } = await headOf(world, ctx.number);
    expect(truth.passing).toBe(false);
    expect(runs.map((r) => r.conclusion)).toEqual(['action_required']);
    await expectSafeAndRecovered(world);
  });

  it('delivered before the API shows a push: no verdict for the new head from the old head’s data', async () => {
    const world = new FaultWorld(10, NO_FAULTS);
    const ctx = await copilotPullRequest(world, 'copilot/stale-push');
    await world.step(approve(ctx, 'bob'));
    await world.step(copilotPush(ctx, 'copilot/stale-push', 2), { stale: true });
    const newHead = ctx.heads[1]!;
    expect(
      world.writes.filter((w) => w.sha === newHead),
      'nothing written for B while GitHub shows A',
    ).toEqual([]);
    await expectSafeAndRecovered(world);
    expect(world.runsOn(newHead).map((r) => r.conclusion)).toEqual(['action_required']);
  });

  it('a dismissal delivered before the API shows it never leaves the success in place', async () => {
    const world = new FaultWorld(11, NO_FAULTS);
    const ctx = await copilotPullRequest(world, 'copilot/stale-dismissal');
    await world.step(approve(ctx, 'bob'));
    await world.step(dismiss(ctx, 'bob'), { stale: true });
    // GitHub shows the dismissal now; the app answered its event from the stale read.
    expect((await headOf(world, ctx.number)).runs.at(-1)?.conclusion).not.toBe('success');
  });

  /** The step, with its own webhooks never sent (GitHub keeps no record: only the sweep recovers). */
  const neverSent = (world: FaultWorld, step: Step): Step => ({
    ...step,
    act: async (d) => {
      const result = await step.act(d);
      const { outbox } = world.app.sim.webhooks;
      const { deliveries } = world.app.sim.store;
      for (const pending of outbox!.splice(0)) deliveries.splice(deliveries.indexOf(pending.delivery), 1);
      return result;
    },
  });

  it.each<[string, (ctx: ReturnType<typeof newContext>) => Step]>([
    ['a dismissal of that approval', (ctx) => dismiss(ctx, 'bob')],
    [
      'a policy tightened on the base branch',
      () => ({
        name: 'erin sets approvals.count: 2 on main',
        act: (d) => d.changePolicy({ as: 'erin', branch: 'main', text: 'approvals:\n  count: 2\n' }),
      }),
    ],
  ])(
    'a late approval read while the API still hides %s (its event never sent): never a pass',
    async (_, revoke) => {
      const world = new FaultWorld(13, NO_FAULTS);
      const ctx = await copilotPullRequest(world, 'copilot/stale-race');
      world.rates = { ...NO_FAULTS, delay: 1 };
      await world.step(approve(ctx, 'bob'));
      world.rates = NO_FAULTS;
      // bob's approval arrives only now, while GitHub's API still shows the state before the
      // revoking change: its evaluation reads a pass that is no longer true.
      await world.step(neverSent(world, revoke(ctx)), { stale: true });
      expect((await world.safetyViolations()).violations, world.describe()).toEqual([]);
      const { truth, runs } = await headOf(world, ctx.number);
      expect(truth.passing).toBe(false);
      expect(runs.map((r) => r.conclusion)).toEqual(['action_required']);
      const approval = world.app.decisions
        .map((line) => line.decision as { event: string; requests: { reads: number } })
        .find((d) => d.event === 'pull_request_review.submitted');
      expect(
        approval?.requests.reads,
        'the pass it read was confirmed by a second read',
      ).toBeGreaterThanOrEqual(2);
      await expectSafeAndRecovered(world);
    },
  );
});
