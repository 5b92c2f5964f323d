/**
 * A process that dies while its sends wait for their rate slots has sent none of them: they
 * stay `pending` under its lapsing claims, and another process sends each exactly once —
 * none becomes `unknown`. On each real store, the engine production builds, the Bot Connector
 * faked by nock. Each "process" has its own ManualClock: a dead one's timers never fire.
 */
import { strict as assert } from 'node:assert';
import nock from 'nock';
import { ManualClock } from '../../src/clock.js';
import { CLAIM_LIFETIME_MS } from '../../src/delivery/createDeliveryEngine.js';
import type { Store } from '../../src/store/Store.js';
import { testDeliveryEngine } from '../support/testDeliveryEngine.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { advanceUntil, settle } from '../support/virtualTime.js';
import { campaignFixture, MONDAY_10H, pendingDelivery, reachableUser } from './support/seed.js';

const CONNECTOR = 'https://smba.slots.example';
const RECIPIENTS = 10;
/** Two messages a second for the tenant: ten due at once wait up to 5 s for their slots. */
const RATE_PER_SECOND = 2;

for (const kind of STORE_KINDS) describeDeathWhileWaiting(kind);

function describeDeathWhileWaiting(kind: Store['kind']): void {
  describe(`a process dies while its sends wait for rate slots (${kind})`, function () {
    this.timeout(30_000);
    const fresh = freshStoreEachTest(kind);
    let store: Store;
    /** Messages that reached the connector, per conversation. */
    let received: Map<string, number>;

    beforeEach(async () => {
      store = fresh.store;
      await store.campaigns.create(campaignFixture());
      received = new Map();
      nock(CONNECTOR)
        .post(/^\/v3\/conversations\/[^/]+\/activities$/)
        .reply((uri) => {
          const conversation = decodeURIComponent(uri.split('/')[3]!);
          received.set(conversation, (received.get(conversation) ?? 0) + 1);
          return [201, { id: `activity-${conversation}` }];
        })
        .persist();
      for (let n = 0; n < RECIPIENTS; n++) {
        await store.users.upsert(reachableUser(n, `${CONNECTOR}/`));
      }
      const due = MONDAY_10H.toMillis();
      await store.deliveries.insert(
        Array.from({ length: RECIPIENTS }, (_, n) => pendingDelivery('camp-1', n, due)),
      );
    });

    const engineOf = (workerId: string, clock: ManualClock) =>
      testDeliveryEngine({ store, clock, workerId, sendRatePerSecond: RATE_PER_SECOND });

    it('leaves them pending, and another process sends each exactly once', async () => {
      // Process A claims all ten, sends the first, and dies while the others wait: its clock
      // never moves again.
      const deadClock = new ManualClock(MONDAY_10H);
      engineOf('dead', deadClock).worker.start();
      for (let tries = 0; tries < 200 && received.size === 0; tries++) await settle();
      await settle();
      assert.equal(received.size, 1, 'the first slot is at once');
      assert.ok(deadClock.nextTimerAt() !== null, 'the others wait for their slots');
      const left = await store.deliveries.countByStatus('camp-1');
      assert.deepEqual(
        { sent: left.sent, sending: left.sending, pending: left.pending },
        { sent: 1, sending: 0, pending: RECIPIENTS - 1 },
      );

      // Process B, on its own clock, takes them over once the dead claims lapse.
      const clock = new ManualClock(MONDAY_10H);
      const survivor = engineOf('survivor', clock).worker;
      survivor.start();
      try {
        const tookOver = () => survivor.status().sent === RECIPIENTS - 1;
        // Steps well under the slots' 0.54 s, so no store round trip outlasts a slot.
        const ok = await advanceUntil(clock, tookOver, 2 * CLAIM_LIFETIME_MS, 50);
        assert.ok(ok, 'B sent the rest');
      } finally {
        const stopping = survivor.stop(0);
        clock.advance({ seconds: 1 });
        await stopping;
      }

      const counts = await store.deliveries.countByStatus('camp-1');
      assert.deepEqual(
        { sent: counts.sent, unknown: counts.unknown, pending: counts.pending },
        { sent: RECIPIENTS, unknown: 0, pending: 0 },
      );
      assert.deepEqual(
        [...received.entries()].sort(),
        Array.from({ length: RECIPIENTS }, (_, n) => [`conv-${n}`, 1] as [string, number]).sort(),
        'each recipient got exactly one message',
      );
    });
  });
}
