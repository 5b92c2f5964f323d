/**
 * The dispatcher's behaviour away from the happy path, on each real store, through the engine
 * production builds (createDeliveryEngine: the real sender and Graph presence, HTTP faked with
 * nock, pacing through the store's rate slots) and a ManualClock moved from timer to timer.
 */
import { strict as assert } from 'node:assert';
import { DateTime } from 'luxon';
import nock from 'nock';
import { ManualClock } from '../../src/clock.js';
import type { Campaign } from '../../src/domain/campaign.js';
import { seededRng } from '../../src/domain/random.js';
import { reasonLabel } from '../../src/reports/reportFigures.js';
import { silentLogger } from '../../src/logger.js';
import { createClusterGraphTenants } from '../../src/graph/GraphTenants.js';
import { GLOBAL_CLOUD } from '../../src/graph/nationalClouds.js';
import type { Store } from '../../src/store/Store.js';
import { testDeliveryEngine } from '../support/testDeliveryEngine.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { inVirtualTime } from '../support/virtualTime.js';
import {
  aadObjectIdOf,
  campaignFixture,
  pendingDelivery,
  reachableUser,
  ZONE,
} from './support/seed.js';

const CONNECTOR = 'https://smba.trafficmanager.net';
const SERVICE_URL = `${CONNECTOR}/emea/`;
const ACTIVITIES = /^\/emea\/v3\/conversations\/[^/]+\/activities$/;
const GRAPH = 'https://graph.microsoft.com';
const PRESENCE_PATH = '/v1.0/communications/getPresencesByUserId';
const LOGIN = 'https://login.microsoftonline.com';
/** The campaigns' tenant: Graph serves only its own tenant's campaigns. */
const GRAPH_TENANT = 'tenant-1';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });

for (const kind of STORE_KINDS) describeDispatcherEdges(kind);

function describeDispatcherEdges(kind: Store['kind']): void {
  describe(`DeliveryDispatcher edge cases (${kind})`, function () {
    this.timeout(20_000);
    const fresh = freshStoreEachTest(kind);
    let store: Store;
    let clock: ManualClock;

    beforeEach(async () => {
      store = fresh.store;
      clock = new ManualClock(at('2026-12-07T10:00:00'));
      await store.users.upsert(reachableUser(1, SERVICE_URL));
    });

    function nockGraphToken(): void {
      nock(LOGIN)
        .post(`/${GRAPH_TENANT}/oauth2/v2.0/token`)
        .query(true)
        .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' });
    }

    /** Dispatches what is due now, the clock moved only by what the engine waits for. */
    function dispatchDue(options: { withGraph?: boolean; perTenantPerSecond?: number } = {}) {
      const { withGraph = false, perTenantPerSecond = 50 } = options;
      const graph = withGraph
        ? createClusterGraphTenants(
            {
              graph: { tenantId: GRAPH_TENANT, clientId: 'graph-client', clientSecret: 'secret' },
              graphCloud: GLOBAL_CLOUD,
            },
            silentLogger,
            { clock, slots: store.sendRate },
          )
        : undefined;
      const engine = testDeliveryEngine({
        store,
        clock,
        graph,
        sendRatePerSecond: perTenantPerSecond,
        ladderRng: (d) => seededRng(`${d.email}#${d.attempts}`),
      });
      return inVirtualTime(clock, engine.dispatcher.dispatchDue());
    }

    /** A connector answering every message with 429 and `Retry-After`; returns its request count. */
    function throttlingConnector(retryAfter: string): () => number {
      let requests = 0;
      nock(CONNECTOR)
        .post(ACTIVITIES)
        .reply(() => {
          requests++;
          return [429, { error: { code: 'Throttled' } }, { 'Retry-After': retryAfter }];
        })
        .persist();
      return () => requests;
    }

    async function campaignWithOneDueDelivery(
      overrides: Partial<Campaign>,
      dueAt: DateTime,
      position = { dayCycle: 1, step: 0 },
    ) {
      const campaign = campaignFixture(overrides);
      await store.campaigns.create(campaign);
      const delivery = { ...pendingDelivery(campaign.id, 1, dueAt.toMillis()), ...position };
      await store.deliveries.insert([delivery]);
      return { campaign, deliveryId: delivery.id };
    }

    it('unschedules what is still due for a finished campaign instead of claiming it forever', async () => {
      const { deliveryId } = await campaignWithOneDueDelivery(
        { status: 'finished' },
        at('2026-12-07T09:30:00'),
      );

      const summary = await dispatchDue();

      assert.equal(summary.claimed, 1);
      const d = await store.deliveries.get(deliveryId);
      assert.deepEqual([d!.status, d!.reason], ['unscheduled', 'campaign-ended']);
    });

    it('does not send after closing time: the delivery moves to a random time of the next working day', async () => {
      const { deliveryId } = await campaignWithOneDueDelivery({}, at('2026-12-07T17:55:00'), {
        dayCycle: 1,
        step: 1,
      });
      clock.set(at('2026-12-07T19:30:00'));

      const summary = await dispatchDue();

      assert.equal(summary.deferred, 1);
      const d = await store.deliveries.get(deliveryId);
      const draw = Math.floor(seededRng('user1@example.com#0')() * 9 * 3600);
      assert.equal(d!.status, 'pending');
      assert.equal(d!.dueAt, at('2026-12-08T09:00:00').plus({ seconds: draw }).toMillis());
      assert.deepEqual([d!.dayCycle, d!.step, d!.attempts], [1, 1, 0], 'ladder untouched');
    });

    describe('due in the last seconds before closing, found after it', () => {
      it('moves to a random time of the next working day, not counted as tried', async () => {
        const { deliveryId } = await campaignWithOneDueDelivery({}, at('2026-12-07T17:59:58'));
        clock.set(at('2026-12-07T18:00:05'));

        const summary = await dispatchDue();

        assert.deepEqual([summary.deferred, summary.unscheduled], [1, 0]);
        const d = await store.deliveries.get(deliveryId);
        const draw = Math.floor(seededRng('user1@example.com#0')() * 9 * 3600);
        assert.equal(d!.status, 'pending');
        assert.equal(d!.dueAt, at('2026-12-08T09:00:00').plus({ seconds: draw }).toMillis());
        assert.deepEqual([d!.dayCycle, d!.step, d!.attempts], [1, 0, 0]);
      });

      it('on the last working day: unscheduled as never attempted, not as if its ladder had run', async () => {
        const { deliveryId } = await campaignWithOneDueDelivery({}, at('2026-12-09T17:59:58'));
        clock.set(at('2026-12-09T18:00:05'));

        await dispatchDue();

        const d = await store.deliveries.get(deliveryId);
        assert.deepEqual(
          [d!.status, d!.reason, d!.attempts],
          ['unscheduled', 'closed-before-attempt', 0],
        );
        const report = await store.reports.campaignReport(d!.campaignId);
        assert.deepEqual(
          report.unscheduledByReason.map((r) => [reasonLabel(r.reason), r.count]),
          [['working hours closed before it could be attempted', 1]],
        );
      });
    });

    describe('closing time passes while a send waits', () => {
      /** What the dispatcher promised for a delivery it could not send before closing time. */
      async function assertMovedToNextWorkingDay(deliveryId: string, draw: string) {
        const d = await store.deliveries.get(deliveryId);
        const offset = Math.floor(seededRng(draw)() * 9 * 3600);
        assert.equal(d!.status, 'pending');
        assert.equal(d!.dueAt, at('2026-12-08T09:00:00').plus({ seconds: offset }).toMillis());
        assert.deepEqual([d!.dayCycle, d!.step, d!.attempts], [1, 0, 0], 'not counted as tried');
        assert.equal(d!.claimedBy, undefined);
      }

      it('does not send after the rate limiter made it wait past closing time', async () => {
        await store.users.upsert(reachableUser(2, SERVICE_URL));
        const campaign = campaignFixture();
        await store.campaigns.create(campaign);
        const dueAt = at('2026-12-07T17:59:59.500').toMillis();
        const first = pendingDelivery(campaign.id, 1, dueAt);
        const second = pendingDelivery(campaign.id, 2, dueAt);
        await store.deliveries.insert([first, second]);
        clock.set(at('2026-12-07T17:59:59.500'));
        let requests = 0;
        nock(CONNECTOR)
          .post(ACTIVITIES)
          .reply(() => [201, { id: `a${++requests}` }])
          .persist();

        // One message a second (slots 1/0.93 s apart): the second one's turn comes after 18:00.
        const summary = await dispatchDue({ perTenantPerSecond: 1 });

        assert.equal(requests, 1, 'one message before closing time, none after');
        assert.deepEqual([summary.sent, summary.deferred], [1, 1]);
        const [sent, waited] = await Promise.all(
          [first, second].map((d) => store.deliveries.get(d.id)),
        );
        const late = sent!.status === 'sent' ? waited! : sent!;
        await assertMovedToNextWorkingDay(late.id, `${late.email}#0`);
      });

      it('does not retry a throttled send after closing time', async () => {
        const { deliveryId } = await campaignWithOneDueDelivery({}, at('2026-12-07T17:59:59'));
        clock.set(at('2026-12-07T17:59:59'));
        const requests = throttlingConnector('2');

        const summary = await dispatchDue();

        assert.equal(requests(), 1, 'the retry due at 18:00:01 is not sent');
        assert.equal(summary.deferred, 1);
        await assertMovedToNextWorkingDay(deliveryId, 'user1@example.com#0');
      });
    });

    it('does not hammer a channel that says "retry after 0": the next try is a second later', async () => {
      const { deliveryId } = await campaignWithOneDueDelivery({}, at('2026-12-07T10:00:00'));
      const requests = throttlingConnector('0');

      const summary = await dispatchDue();

      // The sender's own bounded tries (3), then one hand-back; not an endless loop.
      assert.equal(requests(), 3);
      assert.equal(summary.retried, 1);
      const d = await store.deliveries.get(deliveryId);
      assert.equal(d!.status, 'pending');
      assert.equal(d!.dueAt, clock.now().toMillis() + 1_000);
      assert.deepEqual([d!.dayCycle, d!.step], [1, 0]);
    });

    it('postpones on the same rung when Graph cannot be read, instead of counting the recipient absent', async () => {
      const { deliveryId } = await campaignWithOneDueDelivery(
        { presencePolicy: 'available' },
        at('2026-12-07T10:00:00'),
        { dayCycle: 1, step: 1 },
      );
      nockGraphToken();
      nock(GRAPH)
        .post(PRESENCE_PATH)
        .times(3)
        .reply(503, { error: { code: 'ServiceUnavailable' } }, { 'Retry-After': '1' });
      const sends = nock(CONNECTOR).post(ACTIVITIES).reply(201, { id: 'a1' });

      const summary = await dispatchDue({ withGraph: true });

      assert.equal(summary.deferred, 1);
      assert.ok(!sends.isDone(), 'nothing sent');
      const d = await store.deliveries.get(deliveryId);
      assert.equal(d!.status, 'pending');
      assert.equal(d!.reason, 'presence-unavailable');
      assert.equal(d!.dueAt, clock.now().toMillis() + 60_000);
      assert.deepEqual([d!.dayCycle, d!.step, d!.attempts], [1, 1, 0], 'ladder untouched');
    });

    describe('a recipient Graph shows out of office', () => {
      /** Graph's answer for user 1 when Teams shows them "Out of office" (automatic replies on). */
      function outOfOfficePresence() {
        nockGraphToken();
        return nock(GRAPH)
          .post(PRESENCE_PATH, { ids: [aadObjectIdOf(1)] })
          .reply(200, {
            value: [
              {
                id: aadObjectIdOf(1),
                availability: 'Offline',
                activity: 'OutOfOffice',
                outOfOfficeSettings: { message: 'Back on Tuesday', isOutOfOffice: true },
              },
            ],
          });
      }

      it('waits for their next working day at a random time of it, its ladder untouched', async () => {
        const { deliveryId } = await campaignWithOneDueDelivery(
          { presencePolicy: 'available' },
          at('2026-12-07T10:00:00'),
          { dayCycle: 1, step: 1 },
        );
        const graph = outOfOfficePresence();
        const sends = nock(CONNECTOR).post(ACTIVITIES).reply(201, { id: 'a1' });

        const summary = await dispatchDue({ withGraph: true });

        assert.ok(graph.isDone(), 'presence read from Graph');
        assert.ok(!sends.isDone(), 'nothing sent');
        assert.deepEqual([summary.deferred, summary.laddered], [1, 0]);
        const d = await store.deliveries.get(deliveryId);
        const draw = Math.floor(seededRng('user1@example.com#0')() * 9 * 3600);
        assert.deepEqual([d!.status, d!.reason], ['pending', 'out-of-office']);
        assert.equal(d!.dueAt, at('2026-12-08T09:00:00').plus({ seconds: draw }).toMillis());
        assert.deepEqual([d!.dayCycle, d!.step, d!.attempts], [1, 1, 0], 'ladder untouched');
        const report = await store.reports.campaignReport(d!.campaignId);
        assert.deepEqual(report.pendingByReason, [{ reason: 'out-of-office', count: 1 }]);
      });

      it('on the last working day: unscheduled, the report saying they were out of office', async () => {
        clock.set(at('2026-12-09T10:00:00'));
        const { deliveryId } = await campaignWithOneDueDelivery(
          { presencePolicy: 'available' },
          at('2026-12-09T10:00:00'),
        );
        outOfOfficePresence();

        await dispatchDue({ withGraph: true });

        const d = await store.deliveries.get(deliveryId);
        assert.deepEqual([d!.status, d!.reason], ['unscheduled', 'out-of-office']);
        const report = await store.reports.campaignReport(d!.campaignId);
        assert.deepEqual(
          report.unscheduledByReason.map((r) => [reasonLabel(r.reason), r.count]),
          [['out of office until the campaign ended', 1]],
        );
      });
    });

    it('sends to a user whose presence can never be read (no AAD id) under the available policy', async () => {
      await store.users.upsert({ ...reachableUser(2, SERVICE_URL), aadObjectId: undefined });
      const campaign = campaignFixture({ presencePolicy: 'available' });
      await store.campaigns.create(campaign);
      const delivery = pendingDelivery(campaign.id, 2, at('2026-12-07T10:00:00').toMillis());
      await store.deliveries.insert([delivery]);
      const deliveryId = delivery.id;
      const graph = nock(GRAPH).post(PRESENCE_PATH).reply(200, { value: [] });
      nock(CONNECTOR).post(ACTIVITIES).reply(201, { id: 'a1' });

      const summary = await dispatchDue({ withGraph: true });

      assert.equal(summary.sent, 1);
      assert.ok(!graph.isDone(), 'no presence read for a user Graph cannot know');
      assert.equal((await store.deliveries.get(deliveryId))!.status, 'sent');
    });
  });
}
