import fc from 'fast-check';
import { beforeEach } from 'vitest';

/**
 * Every property test runs from one fixed seed, so what they catch is the same on every run;
 * CUSTODY_FC_SEED picks another (a failing run prints the seed to replay it with).
 */
const DEFAULT_SEED = 20_261_205;

function readSeed(): number {
  const raw = process.env.CUSTODY_FC_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`CUSTODY_FC_SEED must be an integer, got "${raw}"`);
  return seed;
}

const seed = readSeed();
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    console.error(`fast-check seed ${seed}: replay with CUSTODY_FC_SEED=${seed}`);
  });
});
