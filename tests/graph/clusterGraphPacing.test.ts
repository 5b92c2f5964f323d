/**
 * Graph's limits count per app per tenant, whichever process asks: two processes' Graph
 * services on one store (each with its own pacers, as createClusterGraphServices builds them
 * in main) together keep the directory and Teams installation limits, and together reach
 * them. On each real store, Graph faked by nock, virtual time.
 */
import { strict as assert } from 'node:assert';
import nock from 'nock';
import { ManualClock } from '../../src/clock.js';
import type { GraphService } from '../../src/graph/GraphClient.js';
import { createClusterGraphServices } from '../../src/graph/graphServices.js';
import { GLOBAL_CLOUD } from '../../src/graph/nationalClouds.js';
import { silentLogger } from '../../src/logger.js';
import { PACING_SHARE } from '../../src/ratelimit/ClusterPacer.js';
import { GRAPH_DIRECTORY_WINDOW, GRAPH_TEAMS_WINDOW } from '../../src/ratelimit/channelLimits.js';
import type { RateWindow } from '../../src/ratelimit/RateLimiter.js';
import type { Store } from '../../src/store/Store.js';
import { MONDAY_10H } from '../delivery/support/seed.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { inVirtualTime } from '../support/virtualTime.js';

const GRAPH = 'https://graph.microsoft.com';
const LOGIN = 'https://login.microsoftonline.com';
const GRAPH_TENANT = 'contoso-tenant';

/** Most requests in any window of `intervalMs`. */
function mostInAWindow(times: number[], intervalMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= intervalMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

for (const kind of STORE_KINDS) describeClusterGraphPacing(kind);

function describeClusterGraphPacing(kind: Store['kind']): void {
  describe(`Graph requests of two processes on one store (${kind})`, function () {
    this.timeout(60_000);
    const fresh = freshStoreEachTest(kind);
    let store: Store;
    let clock: ManualClock;
    /** Virtual instants at which Graph received a request, per service. */
    let received: Record<GraphService, number[]>;

    beforeEach(async () => {
      store = fresh.store;
      clock = new ManualClock(MONDAY_10H);
      received = { directory: [], teams: [] };
      nock(LOGIN)
        .post(`/${GRAPH_TENANT}/oauth2/v2.0/token`)
        .query(true)
        .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' })
        .persist();
      nock(GRAPH)
        .get(/^\/v1\.0\/users\/[^/]+$/)
        .reply(() => {
          received.directory.push(clock.now().toMillis());
          return [200, { id: 'someone' }];
        })
        .persist();
      nock(GRAPH)
        .post(/^\/v1\.0\/users\/[^/]+\/teamwork\/installedApps$/)
        .reply(() => {
          received.teams.push(clock.now().toMillis());
          return [201, {}];
        })
        .persist();
    });

    /** One process's Graph, built as src/main.ts builds it. */
    const processGraph = () =>
      createClusterGraphServices(
        {
          graph: { tenantId: GRAPH_TENANT, clientId: 'graph-app', clientSecret: 'secret' },
          graphCloud: GLOBAL_CLOUD,
        },
        silentLogger,
        { clock, slots: store.sendRate },
      );

    /** Both processes send `perProcess` requests to `service` at once; returns arrivals. */
    async function bothAtOnce(service: GraphService, perProcess: number): Promise<number[]> {
      const requests = [processGraph(), processGraph()].flatMap((graph, p) =>
        Array.from({ length: perProcess }, (_, i) =>
          service === 'directory'
            ? graph.client.send({ method: 'GET', url: `/users/p${p}-${i}`, service })
            : graph.client.send({
                method: 'POST',
                url: `/users/p${p}-${i}/teamwork/installedApps`,
                service,
                body: {},
              }),
        ),
      );
      const answers = await inVirtualTime(clock, Promise.all(requests));
      assert.ok(answers.every((a) => a.status === 200 || a.status === 201));
      return received[service];
    }

    /**
     * Within `window` over every `1/parts` of it (Graph counts the whole window; evenly spaced
     * slots keep each part's share too), and together at the pacing share of its rate.
     */
    function assertKeptAndReached(times: number[], window: RateWindow, parts = 1): void {
      const partMs = window.intervalMs / parts;
      const most = mostInAWindow(times, partMs);
      assert.ok(most <= window.limit / parts, `${most} in one window of ${partMs} ms`);
      const span = Math.max(...times) - Math.min(...times);
      const rate = ((times.length - 1) / span) * window.intervalMs;
      assert.ok(
        rate >= window.limit * PACING_SHARE * 0.95,
        `together ${rate.toFixed(1)} per ${window.intervalMs} ms`,
      );
    }

    it('keep Teams installations within 30 a second together, and reach that pace', async () => {
      const times = await bothAtOnce('teams', 60);
      assert.equal(times.length, 120);
      assertKeptAndReached(times, GRAPH_TEAMS_WINDOW);
    });

    it('keep directory reads within 1,000 per 10 s together, and reach that pace', async () => {
      // 200 reads: per-process limits would let them all go at once.
      const times = await bothAtOnce('directory', 100);
      assert.equal(times.length, 200);
      assertKeptAndReached(times, GRAPH_DIRECTORY_WINDOW, 5);
    });
  });
}
