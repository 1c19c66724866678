import { describe, expect, it } from 'vitest';
import { chooseLogFormat } from '../../src/app/server/create-logger.js';

describe('chooseLogFormat', () => {
  it.each([
    [{}, true, 'pretty'],
    [{}, false, 'json'],
    [{ NODE_ENV: 'production' }, true, 'json'],
    [{ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }, false, 'pretty'],
    [{ LOG_FORMAT: 'json' }, true, 'json'],
  ] as const)('%o on a terminal: %s → %s', (env, tty, format) => {
    expect(chooseLogFormat(env, tty)).toBe(format);
  });
});
