/**
 * With GRAPH_TENANT_ID=organizations, each campaign's installations go to its own tenant's
 * Graph, with a token for that tenant, even when one claim holds several tenants'; a tenant
 * that has not consented sends none. On each real store; Graph and its login host faked by nock.
 */
import { strict as assert } from 'node:assert';
import nock from 'nock';
import { ManualClock } from '../../src/clock.js';
import type { Campaign } from '../../src/domain/campaign.js';
import { installationId } from '../../src/domain/installation.js';
import { createGraphTenants } from '../../src/graph/GraphTenants.js';
import { GLOBAL_CLOUD } from '../../src/graph/nationalClouds.js';
import { InstallationWorker } from '../../src/installation/InstallationWorker.js';
import { silentLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/Store.js';
import { campaignFixture, MONDAY_10H, TENANT } from '../delivery/support/seed.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { STORE_KINDS } from '../support/testStorage.js';

const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';
const FABRIKAM = 'fabrikam-tenant';
const NORTHWIND = 'northwind-tenant';
const INSTALLS = /^\/v1\.0\/users\/[^/]+\/teamwork\/installedApps$/;

for (const kind of STORE_KINDS) {
  describe(`installations per tenant, GRAPH_TENANT_ID=organizations (${kind})`, function () {
    this.timeout(20_000);
    const fresh = freshStoreEachTest(kind);
    let store: Store;
    /** Whose app was installed, by the token it was installed with. */
    let installedWith: Record<string, string[]>;

    beforeEach(() => {
      store = fresh.store;
      nock.disableNetConnect();
      installedWith = {};
      nock(GRAPH)
        .post('/v1.0/$batch')
        .reply(function (_uri, body) {
          const token = String(this.req.headers['authorization']);
          const { requests } = body as { requests: Array<{ id: string; url: string }> };
          return {
            responses: requests.map((r) => {
              assert.match(r.url, /^\/users\/[^/]+\/teamwork\/installedApps$/);
              installedWith[token] = [...(installedWith[token] ?? []), r.url.split('/')[2]!];
              return { id: r.id, status: 201, body: {} };
            }),
          };
        })
        .persist();
      nock(GRAPH)
        .post(INSTALLS)
        .reply(function (uri) {
          const token = String(this.req.headers['authorization']);
          installedWith[token] = [...(installedWith[token] ?? []), uri.split('/')[3]!];
          return [201, {}];
        })
        .persist();
      for (const tenant of [TENANT, FABRIKAM]) {
        nock(LOGIN)
          .post(`/${tenant}/oauth2/v2.0/token`)
          .query(true)
          .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: `token-${tenant}` })
          .persist();
      }
      nock(LOGIN)
        .post(`/${NORTHWIND}/oauth2/v2.0/token`)
        .query(true)
        .reply(401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000229: missing service principal in the tenant.',
        })
        .persist();
    });

    afterEach(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    /** A running campaign in `tenantId` with one installation due for `aadObjectId`. */
    async function dueInstallation(tenantId: string, aadObjectId: string, now: number) {
      const campaign: Campaign = campaignFixture({ id: `c-${tenantId}`, name: tenantId, tenantId });
      await store.campaigns.create(campaign);
      const email = `${aadObjectId}@${tenantId}.test`;
      await store.installations.insert([
        {
          id: installationId(campaign.id, email),
          campaignId: campaign.id,
          tenantId,
          email,
          aadObjectId,
          status: 'waiting',
          dueAt: now,
          firstAttemptAt: now + 60_000,
          attempts: 0,
          updatedAt: now,
        },
      ]);
    }

    it("installs each tenant's recipients with that tenant's token, and none in a tenant without consent", async () => {
      const clock = new ManualClock(MONDAY_10H);
      const now = clock.now().toMillis();
      await dueInstallation(TENANT, 'aad-ada', now);
      await dueInstallation(FABRIKAM, 'aad-piet', now);
      await dueInstallation(NORTHWIND, 'aad-nina', now);
      const graph = createGraphTenants(
        {
          graph: { tenantId: 'organizations', clientId: 'graph-client', clientSecret: 'secret' },
          graphCloud: GLOBAL_CLOUD,
          teamsAppCatalogId: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
        },
        silentLogger,
        clock,
        { clock },
      );
      const worker = new InstallationWorker({
        ...store,
        clock,
        logger: silentLogger,
        installerOf: (tenantId) => graph.installerOf(tenantId),
        conversations: { open: async () => ({ kind: 'failed', reason: 'not in this test' }) },
        workerId: 'worker-1',
      });

      const summary = await worker.installDue();

      assert.equal(summary.claimed, 3);
      assert.deepEqual(installedWith, {
        [`Bearer token-${TENANT}`]: ['aad-ada'],
        [`Bearer token-${FABRIKAM}`]: ['aad-piet'],
      });
    });
  });
}
