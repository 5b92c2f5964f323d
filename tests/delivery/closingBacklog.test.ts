/**
 * A backlog at closing time (issue 15): many deliveries fall due in the last minute of the working
 * day, a burst of them at once, and the connector throttles some (429, Retry-After 2) and fails
 * others (500). Through the per-process dispatch worker production runs (createDeliveryEngine),
 * on each real store, the Bot Connector faked by nock, in virtual time.
 *
 * What a recipient observes: every delivery due inside working hours gets its attempt — at least
 * one request before closing time — and no request reaches anyone after closing time.
 */
import { strict as assert } from 'node:assert';
import { DateTime } from 'luxon';
import nock from 'nock';
import { ManualClock } from '../../src/clock.js';
import type { Delivery } from '../../src/domain/delivery.js';
import type { Store } from '../../src/store/Store.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { testDeliveryEngine } from '../support/testDeliveryEngine.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { storeCallsInFlight } from '../support/storeCallsInFlight.js';
import { advanceUntil } from '../support/virtualTime.js';
import { campaignFixture, pendingDelivery, seedUsers, ZONE } from './support/seed.js';

const CONNECTOR = 'https://smba.trafficmanager.net';
const SERVICE_URL = `${CONNECTOR}/emea/`;
const ACTIVITIES = /^\/emea\/v3\/conversations\/([^/]+)\/activities$/;
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const CLOSE = at('2026-12-07T18:00:00').toMillis();

/** A burst all due at once (a backlog), and a dense stream over the last 15 seconds. */
const BURST = 250;
const STREAM = 150;
const BURST_AT = at('2026-12-07T17:59:30').toMillis();
const STREAM_FROM = at('2026-12-07T17:59:45').toMillis();
const STREAM_STEP_MS = 99;

/** The connector's first answer to recipient `n`: 10 % throttled, 5 % failing, the rest accepted. */
function firstAnswer(n: number): 429 | 500 | 201 {
  if (n % 10 === 3) return 429;
  if (n % 20 === 7) return 500;
  return 201;
}

for (const kind of STORE_KINDS) {
  describe(`A backlog at closing time (${kind})`, function () {
    this.timeout(120_000);
    const fresh = freshStoreEachTest(kind);

    it('gives every delivery due inside working hours its attempt before closing, none after', async () => {
      const store: Store = fresh.store;
      const clock = new ManualClock(at('2026-12-07T17:59:25'));
      const campaign = campaignFixture();
      await store.campaigns.create(campaign);
      await seedUsers(store, BURST + STREAM, SERVICE_URL);
      const deliveries: Delivery[] = [];
      for (let n = 0; n < BURST + STREAM; n++) {
        const dueAt = n < BURST ? BURST_AT : STREAM_FROM + (n - BURST) * STREAM_STEP_MS;
        deliveries.push(pendingDelivery(campaign.id, n, dueAt));
      }
      assert.ok(deliveries.every((d) => d.dueAt! < CLOSE));
      await store.deliveries.insert(deliveries);

      const requests = new Map<number, number[]>();
      nock(CONNECTOR)
        .post(ACTIVITIES)
        .reply((uri) => {
          const n = Number(/conv-(\d+)/.exec(uri)![1]);
          const times = requests.get(n) ?? [];
          times.push(clock.now().toMillis());
          requests.set(n, times);
          const status = times.length === 1 ? firstAnswer(n) : 201;
          if (status === 429)
            return [429, { error: { code: 'Throttled' } }, { 'Retry-After': '2' }];
          if (status === 500) return [500, { error: { code: 'ServiceError' } }];
          return [201, { id: `a-${n}-${times.length}` }];
        })
        .persist();

      const counted = storeCallsInFlight(store);
      const engine = testDeliveryEngine({ store: counted.store, clock });
      engine.worker.start();
      try {
        const settled = await advanceUntil(
          clock,
          async () => {
            const counts = await store.deliveries.countByStatus(campaign.id);
            return clock.now().toMillis() > CLOSE + 5_000 && counts.sending === 0;
          },
          5 * 60_000,
          // Small steps, and none while the store is answering: a claim still under way on a
          // loaded machine sees the time of a paused process, not a clock that ran on meanwhile.
          10,
          counted.inFlight,
        );
        assert.ok(settled, 'the worker settled');
      } finally {
        await engine.worker.stop(60_000);
      }

      const neverTried = deliveries.filter((d) => !requests.has(numberOf(d)));
      const afterClosing = [...requests.values()].flat().filter((t) => t >= CLOSE);
      assert.deepEqual(
        { neverTried: neverTried.length, requestsAfterClosing: afterClosing.length },
        { neverTried: 0, requestsAfterClosing: 0 },
      );
      // Every recipient answered 201 at once got exactly one message and is `sent`.
      for (const d of deliveries) {
        const n = numberOf(d);
        const stored = (await store.deliveries.get(d.id))!;
        if (firstAnswer(n) === 201) {
          assert.deepEqual([stored.status, requests.get(n)!.length], ['sent', 1], d.id);
        } else if (stored.status === 'sent') {
          assert.equal(requests.get(n)!.length, 2, `${d.id}: sent on its retry`);
        } else {
          // Its retry would have fallen after closing time: tomorrow, same rung, not lost.
          assert.equal(stored.status, 'pending', d.id);
          assert.ok(stored.dueAt! > CLOSE, d.id);
        }
      }
    });
  });
}

function numberOf(d: Delivery): number {
  return Number(/user(\d+)@/.exec(d.email)![1]);
}
