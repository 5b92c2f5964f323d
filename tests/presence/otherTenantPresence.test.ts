/**
 * Presence is read from the directory of the tenant Graph's credentials belong to: a campaign
 * of another tenant never asks Graph for its recipients' presence, even under a presence
 * policy (a campaign saved before the bot told tenants apart), and is sent as under `ignore`.
 * Through the engine production builds, on each real store; Graph and the Bot Connector faked
 * by nock.
 */
import { recordGraphRequests } from '../support/graphRequestLog.js';
import { strict as assert } from 'node:assert';
import nock from 'nock';
import { ManualClock } from '../../src/clock.js';
import { seededRng } from '../../src/domain/random.js';
import { createClusterGraphTenants } from '../../src/graph/GraphTenants.js';
import { GLOBAL_CLOUD } from '../../src/graph/nationalClouds.js';
import { silentLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/Store.js';
import {
  campaignFixture,
  MONDAY_10H,
  pendingDelivery,
  reachableUser,
  TENANT,
} from '../delivery/support/seed.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { testDeliveryEngine } from '../support/testDeliveryEngine.js';
import { inVirtualTime } from '../support/virtualTime.js';

const CONNECTOR = 'https://smba.trafficmanager.net';
const SERVICE_URL = `${CONNECTOR}/emea/`;
const ACTIVITIES = /^\/emea\/v3\/conversations\/[^/]+\/activities$/;
const OTHER_TENANT = 'fabrikam-tenant';

for (const kind of STORE_KINDS) {
  describe(`presence for another tenant's campaign (${kind})`, function () {
    this.timeout(20_000);
    const fresh = freshStoreEachTest(kind);
    let store: Store;
    let clock: ManualClock;
    /** Requests to Graph or its login host. */
    let graphRequests: string[];

    beforeEach(() => {
      store = fresh.store;
      clock = new ManualClock(MONDAY_10H);
      nock.disableNetConnect();
      graphRequests = recordGraphRequests();
    });

    afterEach(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    it('is never read from Graph: the message goes out as under ignore', async () => {
      const campaign = campaignFixture({ tenantId: OTHER_TENANT, presencePolicy: 'available' });
      await store.campaigns.create(campaign);
      await store.users.upsert(reachableUser(1, SERVICE_URL, { tenantId: OTHER_TENANT }));
      await store.deliveries.insert([pendingDelivery(campaign.id, 1, MONDAY_10H.toMillis())]);
      const sent = nock(CONNECTOR).post(ACTIVITIES).reply(201, { id: 'a1' });
      const engine = testDeliveryEngine({
        store,
        clock,
        // Graph's credentials belong to the seed's tenant, not to the campaign's.
        graph: createClusterGraphTenants(
          {
            graph: { tenantId: TENANT, clientId: 'graph-client', clientSecret: 'secret' },
            graphCloud: GLOBAL_CLOUD,
          },
          silentLogger,
          { clock, slots: store.sendRate },
        ),
        ladderRng: (d) => seededRng(`${d.email}#${d.attempts}`),
      });

      const summary = await inVirtualTime(clock, engine.dispatcher.dispatchDue());

      assert.equal(summary.sent, 1);
      assert.ok(sent.isDone());
      assert.deepEqual(graphRequests, []);
    });
  });
}
