import { describe, expect, it } from 'vitest';
import { NO_LEDGER_FAULTS } from './harness/ledger-faults.js';
import { approve, newContext, openCopilotPr } from './harness/steps.js';
import { type FaultRates, FaultWorld, NO_FAULTS, type Step } from './harness/world.js';

/**
 * The custody ledger failing under the real app (issue 9): each test ends with the two
 * guarantees of the fault suite, judged against a history holding every delivery that reached
 * the app: no passing check on a head whose true verdict was not passing, and after the faults
 * stop and the recovery runs (GitHub's redelivery of failed deliveries, the sweep), our check
 * says what the truth says.
 */

const withLedger = (ledger: Partial<FaultRates['ledger']>): FaultRates => ({
  ...NO_FAULTS,
  ledger: { ...NO_LEDGER_FAULTS, ...ledger },
});

async function expectSafeAndRecovered(world: FaultWorld): Promise<void> {
  expect((await world.safetyViolations()).violations, world.describe()).toEqual([]);
  await world.recover();
  expect(await world.finalViolations(), world.describe()).toEqual([]);
}

async function latest(world: FaultWorld, number: number) {
  const truth = await world.truthOf(number);
  return { truth, run: world.runsOn(truth.headSha).at(-1) };
}

/** bob pushes his own commit onto the Copilot PR; Copilot force-pushes it away again. */
function bobPushes(branch: string): Step {
  return {
    name: `bob pushes to ${branch}`,
    pushedBy: 'bob',
    act: (d) =>
      d.push({
        as: 'bob',
        branch,
        commits: [
          {
            message: 'Quick fix',
            author: { name: 'bob', email: 'bob@laptop.local' },
            files: { 'q.js': '1\n' },
          },
        ],
      }),
  };
}
function forcePushBack(branch: string, sha: () => string): Step {
  return {
    name: `Copilot force-pushes ${branch} back`,
    pushedBy: 'Copilot',
    act: (d) => d.resetBranch({ as: 'Copilot', branch, sha: sha() }),
  };
}

/** Devin opens a PR bob asked for ("Requested by: @bob", bob assigned). */
function openDevinPr(ctx: ReturnType<typeof newContext>, branch: string): Step {
  return {
    name: `Devin opens ${branch}`,
    pushedBy: 'devin-ai-integration[bot]',
    act: async (d) => {
      const result = await d.openPullRequest({
        as: 'devin-ai-integration[bot]',
        head: branch,
        title: 'Add the feature',
        body: 'Requested by: @bob',
        assignees: ['bob'],
        commits: [{ message: 'Add feature', author: 'devin-ai-integration[bot]', files: { 'f.js': '1\n' } }],
      });
      ctx.number = result.number;
      ctx.heads.push(result.head);
      return result;
    },
  };
}
const bobUnassigns = (ctx: ReturnType<typeof newContext>): Step => ({
  name: 'bob unassigns himself',
  act: (d) => d.assign({ as: 'bob', number: ctx.number, assignee: 'bob', assigned: false }),
});
const bobEditsBody = (ctx: ReturnType<typeof newContext>): Step => ({
  name: 'bob edits himself out of the body',
  act: (d) => d.editBody({ as: 'bob', number: ctx.number, body: 'Adds the feature.' }),
});

/** The app's answers to the deliveries of one event, in order of attempt. */
const answers = (world: FaultWorld, event: string) =>
  world.app.sim.store.deliveries.filter((d) => d.event === event).map((d) => d.statusCode);

describe('ledger faults', () => {
  it('an append that fails answers 503; the next read writes the facts, so the pusher a force-push hid still counts', async () => {
    const world = new FaultWorld(11, NO_FAULTS);
    const ctx = newContext();
    const branch = 'copilot/ledger-append';
    await world.step(openCopilotPr(ctx, branch));
    world.rates = withLedger({ appendFailure: 1 });
    await world.step(bobPushes(branch));
    expect(answers(world, 'push')).toContain(503);
    world.rates = NO_FAULTS;
    await world.step(forcePushBack(branch, () => ctx.heads[0]!));
    await world.step(approve(ctx, 'bob'));
    const { truth, run } = await latest(world, ctx.number);
    expect(truth.passing, 'the truth remembers bob pushed').toBe(false);
    expect(run?.conclusion).toBe('action_required');
    expect(run?.summary).toMatch(/bob pushed \w+ on this pull request's branch \(ledger\)/);
    const history = await world.ledger.readByPullRequest('acme/widgets', ctx.number);
    expect(history.some((e) => e.fact.kind === 'synchronize' && e.fact.sender.login === 'bob')).toBe(true);
    await expectSafeAndRecovered(world);
  });

  it('while every append fails, every delivery is answered 503 and nothing passes; redelivery brings the facts back', async () => {
    const world = new FaultWorld(12, NO_FAULTS);
    const ctx = newContext();
    const branch = 'copilot/ledger-down';
    await world.step(openCopilotPr(ctx, branch));
    world.rates = withLedger({ appendFailure: 1 });
    await world.step(bobPushes(branch));
    await world.step(forcePushBack(branch, () => ctx.heads[0]!));
    await world.step(approve(ctx, 'bob'));
    expect(answers(world, 'pull_request_review')).toEqual([503]);
    expect(world.writes.filter((w) => w.conclusion === 'success')).toEqual([]);
    const { redelivery } = await world.recover();
    expect(redelivery.redelivered.length).toBeGreaterThanOrEqual(5);
    expect((await latest(world, ctx.number)).run?.conclusion).toBe('action_required');
    await world.step(approve(ctx, 'carol'));
    expect((await latest(world, ctx.number)).run?.conclusion).toBe('success');
    await expectSafeAndRecovered(world);
  });

  it('a ledger read that fails publishes a failure naming the ledger, never a pass; then the truth', async () => {
    const world = new FaultWorld(13, NO_FAULTS);
    const ctx = newContext();
    await world.step(openCopilotPr(ctx, 'copilot/ledger-read'));
    world.rates = withLedger({ readFailure: 1 });
    await world.step(approve(ctx, 'bob'));
    const { truth, run } = await latest(world, ctx.number);
    expect(truth.passing, 'bob’s approval satisfies the policy').toBe(true);
    expect(run?.conclusion).toBe('failure');
    expect(run?.summary).toMatch(/could not read the pull request's history from its ledger/);
    await expectSafeAndRecovered(world);
    expect((await latest(world, ctx.number)).run?.conclusion).toBe('success');
  });

  it('a delivery whose append fails still re-evaluates its PR: a pass it revokes does not stand until the redelivery', async () => {
    const world = new FaultWorld(15, NO_FAULTS);
    const ctx = newContext();
    // GitHub fails to deliver the opening and the unassignment, so only the edit's `changes.body.from`
    // will ever tell the app that bob requested the work.
    world.rates = { ...NO_FAULTS, lose: 1 };
    await world.step(openDevinPr(ctx, 'devin/ledger-late-edit'));
    await world.step(bobUnassigns(ctx));
    await world.step(bobEditsBody(ctx));
    world.rates = NO_FAULTS;
    await world.step(approve(ctx, 'bob'));
    expect((await latest(world, ctx.number)).run?.conclusion, 'the app was told nothing of bob').toBe(
      'success',
    );
    // GitHub's redelivery of the edit reaches the app while its ledger cannot write.
    world.rates = withLedger({ appendFailure: 1 });
    const edit = world.app.sim.store.deliveries.find(
      (d) => d.event === 'pull_request' && d.action === 'edited',
    );
    await world.app.sim.webhooks.redeliver(edit!.id);
    await world.settle();
    expect(answers(world, 'pull_request').at(-1)).toBe(503);
    const { truth, run } = await latest(world, ctx.number);
    expect(truth.passing, 'the edit names bob as the requester').toBe(false);
    expect(run?.conclusion).toBe('failure');
    expect(run?.summary).toMatch(
      /does not decide without every event it received for this pull request: 1 delivery for this pull request could not be written to the ledger yet/,
    );
    await expectSafeAndRecovered(world);
    expect((await latest(world, ctx.number)).run?.conclusion).toBe('action_required');
  });

  it('a delivery handled again after the cache forgot it adds nothing to the ledger', async () => {
    const world = new FaultWorld(14, withLedger({ forget: 1, lateDuplicate: 1 }));
    const ctx = newContext();
    await world.step(openCopilotPr(ctx, 'copilot/ledger-dup'));
    const entries = async () => (await world.ledger.readByPullRequest('acme/widgets', ctx.number)).length;
    const before = await entries();
    // The opening's deliveries are sent again with the same GUIDs during this step.
    await world.step(approve(ctx, 'bob'));
    expect(world.injected['delivery repeated later']).toBeGreaterThan(0);
    expect(world.injected['delivery cache forgot']).toBeGreaterThan(0);
    const facts = (await world.ledger.readByPullRequest('acme/widgets', ctx.number)).map((e) => e.fact.kind);
    // The approval adds its review and the verdict's facts; the repeated opening adds nothing.
    expect(facts.filter((k) => k === 'pr-opened')).toHaveLength(1);
    expect(await entries()).toBeGreaterThan(before);
    await expectSafeAndRecovered(world);
  });
});
