import { afterAll, beforeAll } from 'vitest';
import { type Environment, startEnvironment } from '../../simulator/environment.js';

/**
 * The simulator and the real app for one test file (or `describe`): started before its tests,
 * stopped after them. Returns a stand-in that forwards to the running environment, so tests
 * write `env.act(…)` as they would on the environment itself.
 */
export function useEnvironment(options?: Parameters<typeof startEnvironment>[0]): Environment {
  let current: Environment | undefined;
  beforeAll(async () => {
    current = await startEnvironment(options);
  }, 60_000);
  afterAll(async () => {
    await current?.stop();
  });
  return new Proxy({} as Environment, {
    get(_, key) {
      if (current === undefined) throw new Error('the environment is used before its beforeAll started it');
      const value = Reflect.get(current, key);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
