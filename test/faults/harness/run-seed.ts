import { seeded } from '../../../simulator/random.js';
import { SCENARIOS, type ScenarioContext } from './scenarios.js';
import { type FaultRates, FaultWorld, type Step, type Violation } from './world.js';

/**
 * One seeded run: the seed picks the fault intensities, one or two scenarios from the mix and how
 * their steps interleave; the world injects faults while the steps run, then faults stop and the
 * app's recovery runs. Everything a failure needs to replay is in `describe`.
 */
export interface SeedOutcome {
  readonly seed: number;
  readonly violations: readonly Violation[];
  readonly offHead: number;
  readonly raced: number;
  readonly writes: number;
  readonly injected: Readonly<Record<string, number>>;
  readonly describe: () => string;
}

function drawRates(seed: number): FaultRates {
  const rng = seeded(seed ^ 0x5eed);
  const some = (max: number) => (rng.chance(0.5) ? 0.03 + rng.next() * max : 0);
  return {
    readFailure: some(0.2),
    writeFailure: some(0.2),
    writeLost: some(0.1),
    rateLimit: some(0.15),
    graphqlPartial: some(0.2),
    lose: some(0.25),
    neverSent: some(0.15),
    duplicate: some(0.3),
    delay: some(0.3),
    reorder: rng.chance(0.7),
    stale: some(0.4),
    overlap: some(0.5),
    // Drawn last, so the rates above are what they were before the ledger had faults.
    ledger: {
      appendFailure: some(0.3),
      appendLost: some(0.15),
      readFailure: some(0.2),
      slow: some(0.5),
      forget: some(0.5),
      lateDuplicate: some(0.2),
    },
  };
}

/** Two scenarios' steps merged at random, each keeping its own order. */
function interleave(rng: ReturnType<typeof seeded>, lists: Step[][]): Step[] {
  const queues = lists.map((list) => [...list]);
  const out: Step[] = [];
  for (;;) {
    const live = queues.filter((q) => q.length > 0);
    if (live.length === 0) return out;
    out.push(rng.pick(live).shift()!);
  }
}

export async function runSeed(seed: number, options: { rates?: FaultRates } = {}): Promise<SeedOutcome> {
  const world = new FaultWorld(seed, options.rates ?? drawRates(seed));
  const rng = seeded(seed ^ 0xc0ffee);
  const count = 1 + rng.int(2);
  const picked = rng.shuffle(SCENARIOS).slice(0, count);
  world.log.push(`scenarios: ${picked.map((s) => s.name).join(' + ')}; rates ${JSON.stringify(world.rates)}`);
  const lists = picked.map((scenario, i) => {
    const ctx: ScenarioContext = { number: 0, reviews: new Map(), heads: [] };
    return scenario.steps(ctx, `s${seed}-${i}`);
  });
  try {
    for (const step of interleave(rng, lists)) {
      const stale = step.staleSafe === true && rng.chance(world.rates.stale);
      await world.step(step, { stale, drain: !rng.chance(world.rates.overlap) });
    }
    await world.settle();
    const recovery = await world.recover();
    world.log.push(
      `recovery: redelivered ${recovery.redelivery.redelivered.length}, sweep enqueued ${recovery.sweep?.enqueued} (${JSON.stringify(recovery.sweep?.byState)})`,
    );
    const safety = await world.safetyViolations();
    const final = await world.finalViolations();
    return outcome(world, safety, final);
  } finally {
    await world.close();
  }
}

function outcome(
  world: FaultWorld,
  safety: Awaited<ReturnType<FaultWorld['safetyViolations']>>,
  final: Violation[],
): SeedOutcome {
  const { seed } = world;
  return {
    seed,
    violations: [...safety.violations, ...final],
    offHead: safety.offHead,
    raced: safety.raced,
    writes: world.writes.length,
    injected: world.injected,
    describe: () => world.describe(),
  };
}
