/**
 * Graph counts every installation inside a `$batch` when the batch arrives, against the Teams
 * limit of 30 requests a second. Installing for a large audience through the Graph services
 * src/main.ts builds (paced through the store, on each real store), in virtual time: the
 * instants at which Graph receives the inner requests never put more than 30 in any sliding
 * second, and the pace still comes close to that limit.
 */
import { strict as assert } from 'node:assert';
import nock from 'nock';
import { ManualClock } from '../../src/clock.js';
import { createClusterGraphServices } from '../../src/graph/graphServices.js';
import { GLOBAL_CLOUD } from '../../src/graph/nationalClouds.js';
import { silentLogger } from '../../src/logger.js';
import { GRAPH_TEAMS_WINDOW } from '../../src/ratelimit/channelLimits.js';
import type { Store } from '../../src/store/Store.js';
import { MONDAY_10H } from '../delivery/support/seed.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { inVirtualTime } from '../support/virtualTime.js';

const GRAPH = 'https://graph.microsoft.com';
const LOGIN = 'https://login.microsoftonline.com';
const GRAPH_TENANT = 'tenant-1';
const CATALOG_APP_ID = 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9';
const INSTALLED_APPS = /^\/users\/[^/]+\/teamwork\/installedApps$/;

/** Most instants within any window shorter than `intervalMs`. */
function mostInAWindow(times: number[], intervalMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= intervalMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

for (const kind of STORE_KINDS) {
  describe(`installing the app for many users (${kind})`, function () {
    this.timeout(60_000);
    const fresh = freshStoreEachTest(kind);
    let store: Store;
    let clock: ManualClock;
    /** The virtual instant Graph received each inner installation request. */
    let arrivals: number[];

    beforeEach(() => {
      store = fresh.store;
      clock = new ManualClock(MONDAY_10H);
      arrivals = [];
      nock.disableNetConnect();
      nock(LOGIN)
        .post(`/${GRAPH_TENANT}/oauth2/v2.0/token`)
        .query(true)
        .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' })
        .persist();
      nock(GRAPH)
        .post('/v1.0/$batch')
        .reply(200, (_uri, body) => {
          const { requests } = body as { requests: Array<{ id: string; url: string }> };
          const at = clock.now().toMillis();
          for (const r of requests) if (INSTALLED_APPS.test(r.url)) arrivals.push(at);
          return { responses: requests.map((r) => ({ id: r.id, status: 201, body: {} })) };
        })
        .persist();
    });

    afterEach(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    it('never lets more than 30 installation requests reach Graph in one sliding second, and keeps close to that pace', async () => {
      const graph = createClusterGraphServices(
        {
          graph: { tenantId: GRAPH_TENANT, clientId: 'graph-app', clientSecret: 'secret' },
          graphCloud: GLOBAL_CLOUD,
          teamsAppCatalogId: CATALOG_APP_ID,
        },
        silentLogger,
        { clock, slots: store.sendRate },
      );
      const users = Array.from({ length: 300 }, (_, i) => `aad-${i}`);

      const outcomes = await inVirtualTime(clock, graph.installer!.install(users));

      assert.equal(outcomes.size, 300);
      assert.ok([...outcomes.values()].every((o) => o.kind === 'installed'));
      assert.equal(arrivals.length, 300);
      const most = mostInAWindow(arrivals, GRAPH_TEAMS_WINDOW.intervalMs);
      assert.ok(most <= GRAPH_TEAMS_WINDOW.limit, `${most} installations in one sliding second`);
      const seconds = (Math.max(...arrivals) - Math.min(...arrivals)) / 1_000;
      const pace = (arrivals.length - 15) / seconds;
      assert.ok(pace >= 25, `${pace.toFixed(1)} installations a second`);
    });
  });
}
