/**
 * The cluster-wide send rate: pacers of two "processes" share one store (SQLite here; the
 * store's slot reservation itself is in the contract suite for both stores). Virtual time.
 */
import { strict as assert } from 'node:assert';
import { DateTime } from 'luxon';
import { ManualClock } from '../../src/clock.js';
import { ClusterPacer, PACING_SHARE, slotIntervalMs } from '../../src/ratelimit/ClusterPacer.js';
import {
  perSecondWindow,
  TEAMS_PER_CONVERSATION_WINDOWS,
} from '../../src/ratelimit/channelLimits.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { settle } from '../support/virtualTime.js';

const START = DateTime.fromISO('2026-12-07T10:00:00Z');

describe('ClusterPacer', function () {
  let store: SqliteStore;
  let clock: ManualClock;

  beforeEach(() => {
    store = openSqliteStore(':memory:');
    clock = new ManualClock(START);
  });

  afterEach(() => store.close());

  /** Moves the clock timer by timer until every acquisition resolved. */
  async function runAll(acquisitions: Promise<number>[]): Promise<number[]> {
    let done = false;
    const all = Promise.all(acquisitions).then((times) => {
      done = true;
      return times;
    });
    await settle();
    while (!done) {
      const next = clock.nextTimerAt();
      assert.ok(next !== null, 'someone is waiting for a slot');
      clock.advance({ milliseconds: next - clock.now().toMillis() });
      await settle();
    }
    return all;
  }

  it('spaces the requests of two processes as one rate, and together they reach it', async () => {
    const interval = slotIntervalMs([perSecondWindow(50)]);
    const pacers = [0, 1].map(() => new ClusterPacer(store.sendRate, clock, 'tenant', interval));
    const grantedAt = (pacer: ClusterPacer) =>
      pacer.acquire('tenant-1').then(() => clock.now().toMillis());

    const times = await runAll(Array.from({ length: 200 }, (_, i) => grantedAt(pacers[i % 2]!)));

    times.sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Slots are 20.83 ms apart; this clock reads whole milliseconds.
    assert.ok(Math.min(...gaps) >= Math.floor(interval), `closest two: ${Math.min(...gaps)} ms`);
    let mostInASecond = 0;
    for (let first = 0, last = 0; last < times.length; last++) {
      while (times[last]! - times[first]! >= 1_000) first++;
      mostInASecond = Math.max(mostInASecond, last - first + 1);
    }
    assert.equal(mostInASecond, Math.ceil(50 * PACING_SHARE));
    const rate = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1_000);
    assert.ok(Math.abs(rate - 50 * PACING_SHARE) < 0.01, `rate ${rate}`);
  });

  it('lets an idle key make its burst at once, then spaces the rest', async () => {
    const interval = slotIntervalMs([perSecondWindow(10)]);
    const pacer = new ClusterPacer(store.sendRate, clock, 'graph-directory', interval, 3);
    const start = clock.now().toMillis();

    const times = await runAll(
      Array.from({ length: 6 }, () => pacer.acquire('app').then(() => clock.now().toMillis())),
    );

    // Slots start three intervals back: those and the one at "now" go at once.
    assert.deepEqual(
      times.map((t) => t - start),
      [0, 0, 0, 0, Math.ceil(interval), Math.ceil(2 * interval)],
    );
  });

  it('keeps the tenants apart', async () => {
    const pacer = new ClusterPacer(
      store.sendRate,
      clock,
      'tenant',
      slotIntervalMs([perSecondWindow(1)]),
    );
    const times = await runAll(
      ['a', 'b', 'c'].map((tenant) => pacer.acquire(tenant).then(() => clock.now().toMillis())),
    );
    assert.deepEqual(times, [START.toMillis(), START.toMillis(), START.toMillis()]);
  });

  it('paces one conversation for the tightest Teams window (1,800 an hour)', () => {
    assert.equal(slotIntervalMs(TEAMS_PER_CONVERSATION_WINDOWS), 2_000 / PACING_SHARE);
  });

  it('gives up a slot it woke up too late for and takes the next free one', async () => {
    const interval = 100;
    const pacer = new ClusterPacer(store.sendRate, clock, 'tenant', interval);
    await pacer.acquire('t'); // slot 0, now
    let grantedAt: number | undefined;
    void pacer.acquire('t').then(() => (grantedAt = clock.now().toMillis())); // slot +100
    await settle();
    // The event loop was busy: the caller wakes 300 ms after its slot, which it does not use.
    clock.advance({ milliseconds: 400 });
    await settle();
    assert.equal(grantedAt, START.toMillis() + 400, 'granted at a fresh slot');
    assert.equal(
      await store.sendRate.reserve('tenant:t', interval, 1, clock.now().toMillis()),
      START.toMillis() + 500,
    );
  });
});
