import { describe, expect, it } from 'vitest';
import { runSeed, type SeedOutcome } from './harness/run-seed.js';

/**
 * Seeded random fault schedules over the scenario mix. Every run asserts (a) no passing check was
 * ever written on a PR's head while its true verdict was not passing, and (b) after faults stop
 * and the app's recovery runs (redelivery of failed deliveries, then the open-PR sweep), our
 * check on every open PR's head says what the verdict of GitHub's final state says.
 *
 * Replay one run: `FAULT_SEED=1234 npx vitest run test/faults/random-schedules.test.ts`.
 * More runs: `FAULT_RUNS=5000 npx vitest run test/faults/random-schedules.test.ts`.
 */

const RUNS = Number(process.env.FAULT_RUNS ?? 500);
const FIRST_SEED = Number(process.env.FAULT_FIRST_SEED ?? 1);
const ONLY = process.env.FAULT_SEED ? [Number(process.env.FAULT_SEED)] : null;
/** Runs are mostly waiting (Octokit's retry plugin yields to timers); several at once keep the CPU busy. */
const PARALLEL = Number(process.env.FAULT_PARALLEL ?? 24);

async function runAll(seeds: readonly number[]): Promise<SeedOutcome[]> {
  const outcomes: SeedOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < seeds.length) {
      const seed = seeds[next++]!;
      try {
        outcomes.push(await runSeed(seed));
      } catch (error) {
        outcomes.push({
          seed,
          violations: [{ kind: 'final-mismatch', detail: `run crashed: ${(error as Error).stack}` }],
          offHead: 0,
          raced: 0,
          writes: 0,
          injected: {},
          describe: () => `seed ${seed} crashed`,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return outcomes.sort((a, b) => a.seed - b.seed);
}

describe('seeded random fault schedules', () => {
  it(`${ONLY ? `seed ${ONLY[0]}` : `${RUNS} seeded runs`}: never a false pass; recovery converges to the truth`, async () => {
    const seeds = ONLY ?? Array.from({ length: RUNS }, (_, i) => FIRST_SEED + i);
    const started = performance.now();
    const outcomes = await runAll(seeds);
    const failed = outcomes.filter((o) => o.violations.length > 0);
    const totals: Record<string, number> = {};
    for (const o of outcomes)
      for (const [k, v] of Object.entries(o.injected)) totals[k] = (totals[k] ?? 0) + v;
    console.log(
      `${outcomes.length} runs in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `${outcomes.reduce((n, o) => n + o.writes, 0)} check writes, ` +
        `${outcomes.reduce((n, o) => n + o.raced, 0)} passing writes raced by a change made during their evaluation, ` +
        `${outcomes.reduce((n, o) => n + o.offHead, 0)} passing writes on a commit that was no longer the head; ` +
        `faults injected: ${JSON.stringify(totals)}`,
    );
    for (const o of failed.slice(0, 3)) {
      console.error(
        `FAILED seed ${o.seed} (replay: FAULT_SEED=${o.seed} npx vitest run test/faults/random-schedules.test.ts)\n` +
          `${o.violations.map((v) => `  ${v.kind}: ${v.detail}`).join('\n')}\n${o.describe()}`,
      );
    }
    expect(
      failed.map((o) => ({ seed: o.seed, violations: o.violations.map((v) => `${v.kind}: ${v.detail}`) })),
    ).toEqual([]);
    expect(outcomes).toHaveLength(seeds.length);
  }, 300_000);
});
