/**
 * Installing the app acts on the directory of the tenant Graph's credentials belong to: an
 * installation planned for another tenant's campaign (before the bot told tenants apart) is
 * never sent to Graph; it fails with its reason and its delivery becomes unreachable. On each
 * real store; Graph faked by nock.
 */
import { recordGraphRequests } from '../support/graphRequestLog.js';
import { strict as assert } from 'node:assert';
import nock from 'nock';
import { ManualClock } from '../../src/clock.js';
import { installationId } from '../../src/domain/installation.js';
import { createGraphTenants } from '../../src/graph/GraphTenants.js';
import { GLOBAL_CLOUD } from '../../src/graph/nationalClouds.js';
import { InstallationWorker } from '../../src/installation/InstallationWorker.js';
import { AWAITING_INSTALLATION } from '../../src/installation/plannedInstallation.js';
import { silentLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/Store.js';
import { campaignFixture, MONDAY_10H, TENANT } from '../delivery/support/seed.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { STORE_KINDS } from '../support/testStorage.js';

const OTHER_TENANT = 'fabrikam-tenant';
const EMAIL = 'quinn@fabrikam.test';

for (const kind of STORE_KINDS) {
  describe(`an installation for another tenant's campaign (${kind})`, function () {
    this.timeout(20_000);
    const fresh = freshStoreEachTest(kind);
    let store: Store;
    let graphRequests: string[];

    beforeEach(() => {
      store = fresh.store;
      nock.disableNetConnect();
      graphRequests = recordGraphRequests();
    });

    afterEach(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    it('is never sent to Graph: it fails, and its delivery is unreachable', async () => {
      const clock = new ManualClock(MONDAY_10H);
      const now = clock.now().toMillis();
      const campaign = campaignFixture({ tenantId: OTHER_TENANT });
      await store.campaigns.create(campaign);
      await store.deliveries.insert([
        {
          id: 'delivery-quinn',
          campaignId: campaign.id,
          email: EMAIL,
          status: 'pending',
          dueAt: null,
          reason: AWAITING_INSTALLATION,
          attempts: 0,
          dayCycle: 1,
          step: 0,
          updatedAt: now,
        },
      ]);
      await store.installations.insert([
        {
          id: installationId(campaign.id, EMAIL),
          campaignId: campaign.id,
          tenantId: OTHER_TENANT,
          email: EMAIL,
          aadObjectId: 'aad-quinn',
          status: 'waiting',
          dueAt: now,
          firstAttemptAt: now + 60_000,
          attempts: 0,
          updatedAt: now,
        },
      ]);
      const graph = createGraphTenants(
        {
          graph: { tenantId: TENANT, clientId: 'graph-client', clientSecret: 'secret' },
          graphCloud: GLOBAL_CLOUD,
          teamsAppCatalogId: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
        },
        silentLogger,
        clock,
        { clock },
      );
      const opened: string[] = [];
      const worker = new InstallationWorker({
        ...store,
        clock,
        logger: silentLogger,
        installerOf: (tenantId) => graph.installerOf(tenantId),
        conversations: {
          open: async (_endpoint, aadObjectId) => {
            opened.push(aadObjectId);
            return { kind: 'failed', reason: 'not expected' };
          },
        },
        workerId: 'worker-1',
      });

      const summary = await worker.installDue();

      assert.deepEqual([summary.claimed, summary.failed, summary.installed], [1, 1, 0]);
      assert.deepEqual(graphRequests, []);
      assert.deepEqual(opened, []);
      const installation = (await store.installations.byEmail(campaign.id, [EMAIL])).get(EMAIL);
      assert.deepEqual(
        [installation?.status, installation?.reason],
        ['failed', 'directory-of-another-tenant'],
      );
      const delivery = await store.deliveries.get('delivery-quinn');
      assert.deepEqual(
        [delivery?.status, delivery?.reason],
        ['unreachable', 'app-not-installed:directory-of-another-tenant'],
      );
    });
  });
}
