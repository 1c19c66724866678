import { describe, expect, it, vi } from 'vitest';
import { createDeliveryCache, skipDuplicateDeliveries } from '../../src/app/handlers/delivery-cache.js';

describe('createDeliveryCache', () => {
  it('remembers ids and forgets the least recently seen beyond its bound', () => {
    const cache = createDeliveryCache({ max: 2 });
    cache.remember('a');
    cache.remember('b');
    cache.remember('a'); // touch: b is now the oldest
    cache.remember('c');
    expect(cache.seen('a')).toBe(true);
    expect(cache.seen('b')).toBe(false);
    expect(cache.seen('c')).toBe(true);
    expect(cache.size).toBe(2);
  });

  it('stays bounded under 100,000 distinct deliveries', () => {
    const cache = createDeliveryCache({ max: 1_000 });
    for (let i = 0; i < 100_000; i += 1) cache.remember(`guid-${i}`);
    expect(cache.size).toBe(1_000);
    expect(cache.seen('guid-99999')).toBe(true);
    expect(cache.seen('guid-0')).toBe(false);
  });

  it('forgets ids after the TTL', () => {
    let t = 0;
    const cache = createDeliveryCache({ ttlMs: 1_000, now: () => t });
    cache.remember('a');
    t = 999;
    expect(cache.seen('a')).toBe(true);
    t = 1_000;
    expect(cache.seen('a')).toBe(false);
    expect(cache.size).toBe(0);
  });
});

describe('skipDuplicateDeliveries', () => {
  it('handles a delivery once and skips its duplicate', async () => {
    const cache = createDeliveryCache();
    const handler = vi.fn(async () => {});
    const wrapped = skipDuplicateDeliveries(cache, handler);
    await wrapped({ id: 'd-1' });
    await wrapped({ id: 'd-1' });
    await wrapped({ id: 'd-2' });
    expect(handler).toHaveBeenCalledTimes(2);
    expect(cache.skipped).toBe(1);
  });

  it('lets a redelivery through when the first handling failed', async () => {
    const cache = createDeliveryCache();
    const handler = vi.fn().mockRejectedValueOnce(new Error('queue full')).mockResolvedValue(undefined);
    const wrapped = skipDuplicateDeliveries(cache, handler);
    await expect(wrapped({ id: 'd-1' })).rejects.toThrow('queue full');
    await wrapped({ id: 'd-1' });
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('runs concurrent duplicates once, and both see the outcome', async () => {
    const cache = createDeliveryCache();
    let release!: () => void;
    const handler = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    const wrapped = skipDuplicateDeliveries(cache, handler);
    const first = wrapped({ id: 'd-1' });
    const second = wrapped({ id: 'd-1' });
    release();
    await Promise.all([first, second]);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('keeps two handlers of the same event independent', async () => {
    const cache = createDeliveryCache();
    const a = vi.fn(async () => {});
    const b = vi.fn(async () => {});
    const wrappedA = skipDuplicateDeliveries(cache, a);
    const wrappedB = skipDuplicateDeliveries(cache, b);
    await wrappedA({ id: 'd-1' });
    await wrappedB({ id: 'd-1' });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
  });
});
