/**
 * With GRAPH_TENANT_ID=organizations, each campaign's recipients' presence is read from their
 * own tenant's Graph, with a token for that tenant; a tenant that has not consented is read
 * nothing and its campaign is sent as under `ignore`. Through the engine production builds, on
 * each real store; Graph, its login host and the Bot Connector faked by nock.
 */
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
const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';
const FABRIKAM = 'fabrikam-tenant';

const NOT_CONSENTED: [number, unknown] = [
  400,
  {
    error: 'unauthorized_client',
    error_description:
      "AADSTS700016: Application with identifier 'graph-client' was not found in the directory.",
  },
];

for (const kind of STORE_KINDS) {
  describe(`presence per tenant, GRAPH_TENANT_ID=organizations (${kind})`, function () {
    this.timeout(20_000);
    const fresh = freshStoreEachTest(kind);
    let store: Store;
    let clock: ManualClock;
    /** The ids each token asked presence for. */
    let presenceAsked: Record<string, string[]>;

    beforeEach(() => {
      store = fresh.store;
      clock = new ManualClock(MONDAY_10H);
      nock.disableNetConnect();
      presenceAsked = {};
      nock(GRAPH)
        .post('/v1.0/communications/getPresencesByUserId')
        .reply(function (_uri, body) {
          const token = String(this.req.headers['authorization']);
          const ids = (body as { ids: string[] }).ids;
          presenceAsked[token] = [...(presenceAsked[token] ?? []), ...ids];
          return [200, { value: ids.map((id) => ({ id, availability: 'Available' })) }];
        })
        .persist();
      nock(CONNECTOR).post(ACTIVITIES).reply(201, { id: 'a1' }).persist();
    });

    afterEach(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    /** One campaign (policy `available`) and one recipient (user `n`) in `tenantId`. */
    async function campaignIn(tenantId: string, n: number): Promise<void> {
      const campaign = campaignFixture({
        id: `campaign-${n}`,
        name: `Campaign ${n}`,
        tenantId,
        presencePolicy: 'available',
      });
      await store.campaigns.create(campaign);
      await store.users.upsert(reachableUser(n, SERVICE_URL, { tenantId }));
      await store.deliveries.insert([pendingDelivery(campaign.id, n, MONDAY_10H.toMillis())]);
    }

    function dispatchDue() {
      const engine = testDeliveryEngine({
        store,
        clock,
        graph: createClusterGraphTenants(
          {
            graph: { tenantId: 'organizations', clientId: 'graph-client', clientSecret: 'secret' },
            graphCloud: GLOBAL_CLOUD,
          },
          silentLogger,
          { clock, slots: store.sendRate },
        ),
        ladderRng: (d) => seededRng(`${d.email}#${d.attempts}`),
      });
      return inVirtualTime(clock, engine.dispatcher.dispatchDue());
    }

    it("reads each campaign's recipients with their own tenant's token", async () => {
      for (const tenant of [TENANT, FABRIKAM]) {
        nock(LOGIN)
          .post(`/${tenant}/oauth2/v2.0/token`)
          .query(true)
          .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: `token-${tenant}` });
      }
      await campaignIn(TENANT, 1);
      await campaignIn(FABRIKAM, 2);

      const summary = await dispatchDue();

      assert.equal(summary.sent, 2);
      const user = (n: number) => reachableUser(n, SERVICE_URL).aadObjectId!;
      assert.deepEqual(presenceAsked, {
        [`Bearer token-${TENANT}`]: [user(1)],
        [`Bearer token-${FABRIKAM}`]: [user(2)],
      });
    });

    it('reads nothing for a tenant that has not consented, and sends its campaign as under ignore', async () => {
      nock(LOGIN)
        .post(`/${FABRIKAM}/oauth2/v2.0/token`)
        .query(true)
        .reply(() => NOT_CONSENTED)
        .persist();
      await campaignIn(FABRIKAM, 2);

      const summary = await dispatchDue();

      assert.equal(summary.sent, 1);
      assert.deepEqual(presenceAsked, {});
    });
  });
}
