import assert from 'node:assert/strict';
import { RateLimiter, type RateWindow } from '../../src/ratelimit/RateLimiter.js';
import { KeyedRateLimiter } from '../../src/ratelimit/KeyedRateLimiter.js';
import {
  TEAMS_PER_CONVERSATION_WINDOWS,
  createGraphPresenceLimiter,
  createSendLimits,
  perSecondWindow,
} from '../../src/ratelimit/channelLimits.js';
import { fakeTiming, type FakeTiming } from './fakeTiming.js';

/** Acquires `count` times one after the other; returns when each grant happened (ms since start). */
async function grantTimes(
  acquire: () => Promise<void>,
  timing: FakeTiming,
  count: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await acquire();
    times.push(timing.elapsed());
  }
  return times;
}

/** The largest number of grants found inside any interval of `intervalMs`. */
function busiestWindow(times: number[], intervalMs: number): number {
  let most = 0;
  for (const start of times) {
    most = Math.max(most, times.filter((t) => t >= start && t < start + intervalMs).length);
  }
  return most;
}

describe('RateLimiter', () => {
  it('lets `limit` requests through at once and makes the next wait for the window to slide', async () => {
    const timing = fakeTiming();
    const limiter = new RateLimiter({ windows: [{ limit: 3, intervalMs: 1_000 }], ...timing });

    const times = await grantTimes(() => limiter.acquire(), timing, 7);

    assert.deepEqual(times, [0, 0, 0, 1_000, 1_000, 1_000, 2_000]);
  });

  it('respects every Teams per-chat window at once (7/s, 60/30 s, 1,800/h)', async () => {
    const timing = fakeTiming();
    const limiter = new RateLimiter({ windows: TEAMS_PER_CONVERSATION_WINDOWS, ...timing });

    const times = await grantTimes(() => limiter.acquire(), timing, 1_900);

    assert.equal(busiestWindow(times.slice(0, 200), 1_000), 7);
    assert.equal(busiestWindow(times.slice(0, 200), 30_000), 60);
    assert.equal(busiestWindow(times, 3_600_000), 1_800);
    // The 61st must wait until the first 30 s window has passed, no longer.
    assert.equal(times[59], 8_000);
    assert.equal(times[60], 30_000);
    assert.equal(times[1_800], 3_600_000);
  });

  it('serves concurrent callers in arrival order', async () => {
    const timing = fakeTiming();
    const limiter = new RateLimiter({ windows: [{ limit: 1, intervalMs: 500 }], ...timing });
    const order: number[] = [];

    await Promise.all(
      [0, 1, 2, 3].map(async (n) => {
        await limiter.acquire();
        order.push(n);
      }),
    );

    assert.deepEqual(order, [0, 1, 2, 3]);
    assert.equal(timing.elapsed(), 1_500);
  });

  it('refuses windows that could never grant anything', () => {
    assert.throws(() => new RateLimiter({ windows: [] }));
    assert.throws(() => new RateLimiter({ windows: [{ limit: 0, intervalMs: 1_000 }] }));
    assert.throws(() => new RateLimiter({ windows: [{ limit: 5, intervalMs: 0 }] }));
  });
});

describe('KeyedRateLimiter', () => {
  const fivePerSecond: RateWindow[] = [{ limit: 5, intervalMs: 1_000 }];

  it('limits each key on its own', async () => {
    const timing = fakeTiming();
    const limiter = new KeyedRateLimiter({ windows: fivePerSecond, maxKeys: 10, ...timing });

    await grantTimes(() => limiter.acquire('a'), timing, 5);
    const otherKey = await grantTimes(() => limiter.acquire('b'), timing, 5);
    const sixthForA = await grantTimes(() => limiter.acquire('a'), timing, 1);

    assert.deepEqual(otherKey, [0, 0, 0, 0, 0]);
    assert.deepEqual(sixthForA, [1_000]);
  });

  it('keeps at most maxKeys limiters, forgetting the least recently used', async () => {
    const timing = fakeTiming();
    const limiter = new KeyedRateLimiter({ windows: fivePerSecond, maxKeys: 3, ...timing });

    await grantTimes(() => limiter.acquire('a'), timing, 4);
    await grantTimes(() => limiter.acquire('b'), timing, 5);
    await limiter.acquire('c');
    await limiter.acquire('a'); // its 5th: 'a' becomes the most recent key
    await limiter.acquire('d'); // a fourth key: 'b', now the least recent, is forgotten

    assert.equal(limiter.size, 3);
    assert.equal(timing.elapsed(), 0);
    // 'b' starts afresh (its window was full); 'a' kept its full window and must wait.
    assert.deepEqual(await grantTimes(() => limiter.acquire('b'), timing, 1), [0]);
    assert.deepEqual(await grantTimes(() => limiter.acquire('a'), timing, 1), [1_000]);
  });

  it('stays bounded whatever the number of keys', async () => {
    const timing = fakeTiming();
    const limiter = new KeyedRateLimiter({ windows: fivePerSecond, maxKeys: 100, ...timing });

    for (let i = 0; i < 5_000; i++) {
      await limiter.acquire(`conversation-${i}`);
    }

    assert.equal(limiter.size, 100);
  });
});

describe('channel limits', () => {
  it('turns SEND_RATE_PER_SECOND into a per-tenant window, also below one per second', () => {
    assert.deepEqual(perSecondWindow(50), { limit: 50, intervalMs: 1_000 });
    assert.deepEqual(perSecondWindow(0.5), { limit: 1, intervalMs: 2_000 });
    assert.throws(() => perSecondWindow(0));
  });

  it('throttles sends per tenant and per conversation independently', async () => {
    const timing = fakeTiming();
    const limits = createSendLimits({ perTenantPerSecond: 2, ...timing });

    const tenantTimes = await grantTimes(() => limits.perTenant.acquire('tenant-1'), timing, 3);
    const otherTenant = await grantTimes(() => limits.perTenant.acquire('tenant-2'), timing, 1);
    const chatTimes = await grantTimes(() => limits.perConversation.acquire('a:chat'), timing, 8);

    assert.deepEqual(tenantTimes, [0, 0, 1_000]);
    assert.deepEqual(otherTenant, [1_000]);
    assert.deepEqual(chatTimes.slice(6), [1_000, 2_000]);
  });

  it('allows Graph presence 1,500 requests per 30 s', async () => {
    const timing = fakeTiming();
    const limiter = createGraphPresenceLimiter(timing);

    const times = await grantTimes(() => limiter.acquire(), timing, 1_501);

    assert.equal(times[1_499], 0);
    assert.equal(times[1_500], 30_000);
  });
});
