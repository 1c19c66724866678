import { describe, expect, it } from 'vitest';
import { approve, copilotPush, dismiss, newContext, openCopilotPr } from './harness/steps.js';
import { FaultWorld, NO_FAULTS } from './harness/world.js';

/**
 * Concurrency (reliability research G1, G2): events for one PR delivered together must converge
 * on the verdict of GitHub's final state, through the per-PR queue's coalescing.
 */

const HOLD = { ...NO_FAULTS, delay: 1 };

describe('concurrent deliveries for one pull request', () => {
  it.each(['as-sent', 'reversed'] as const)(
    'an approval and its dismissal delivered together (%s) converge to a blocking check',
    async (order) => {
      const world = new FaultWorld(21, NO_FAULTS);
      const ctx = newContext();
      await world.step(openCopilotPr(ctx, `copilot/g1-${order}`));
      world.rates = HOLD;
      await world.step(approve(ctx, 'bob'));
      await world.step(dismiss(ctx, 'bob'));
      world.rates = NO_FAULTS;
      await world.releaseHeld(order);
      const truth = await world.truthOf(ctx.number);
      expect(truth.passing).toBe(false);
      expect(world.runsOn(truth.headSha).map((r) => r.conclusion)).toEqual(['action_required']);
      expect((await world.safetyViolations()).violations, world.describe()).toEqual([]);
    },
  );

  it('a dismissal and a new approval delivered together, twice each, converge to a success', async () => {
    const world = new FaultWorld(22, NO_FAULTS);
    const ctx = newContext();
    await world.step(openCopilotPr(ctx, 'copilot/g1-swap'));
    await world.step(approve(ctx, 'bob'));
    world.rates = { ...HOLD, duplicate: 0 };
    await world.step(dismiss(ctx, 'bob'));
    await world.step(approve(ctx, 'carol'));
    world.rates = { ...NO_FAULTS, duplicate: 1 };
    await world.releaseHeld('reversed');
    const truth = await world.truthOf(ctx.number);
    expect(truth.passing).toBe(true);
    expect(world.runsOn(truth.headSha).map((r) => r.conclusion)).toEqual(['success']);
    expect((await world.safetyViolations()).violations, world.describe()).toEqual([]);
  });

  it('20 pushes in a burst end with the right verdict on the last head and one check run per head', async () => {
    const world = new FaultWorld(23, NO_FAULTS);
    const ctx = newContext();
    const branch = 'copilot/g2-burst';
    await world.step(openCopilotPr(ctx, branch));
    await world.step(approve(ctx, 'bob'));
    const decisions = world.app.decisions.length;
    // Time compressed: each push's webhooks go out while the app is still evaluating the last.
    for (let n = 2; n <= 21; n += 1) await world.step(copilotPush(ctx, branch, n), { drain: false });
    await world.settle();
    const evaluations = world.app.decisions.length - decisions;
    const last = ctx.heads.at(-1)!;
    const truth = await world.truthOf(ctx.number);
    expect(truth.headSha).toBe(last);
    expect(world.runsOn(last).map((r) => r.conclusion)).toEqual(['action_required']);
    for (const head of ctx.heads) expect(world.runsOn(head).length, head).toBeLessThanOrEqual(1);
    console.log(`20 pushes → ${evaluations} evaluations (coalesced by the per-PR queue)`);
    expect(evaluations).toBeLessThanOrEqual(20);
    await world.step(approve(ctx, 'carol'));
    expect(world.runsOn(last).map((r) => r.conclusion)).toEqual(['success']);
    expect((await world.safetyViolations()).violations, world.describe()).toEqual([]);
  });
});
