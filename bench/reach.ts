/**
 * `npm run bench`, reach phase: a 10,000-address mailing list resolved through Graph at
 * campaign start, then the app installed and the 1:1 chat opened for every one of them —
 * the CampaignStarter and InstallationWorker createDeliveryEngine builds for production, and the
 * real GraphDirectory and GraphAppInstaller, with Graph and the Bot Connector faked by nock.
 * Graph's pacing runs on a virtual clock: the figures are the requests made, the wall time of
 * our side, and the time Graph's documented limits impose (which a real run would spend
 * waiting).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { createBotAuthentication } from '../src/channels/botAuthentication.js';
import { ManualClock } from '../src/clock.js';
import { batchSizeFor, GRAPH_BATCH_SIZE } from '../src/graph/GraphClient.js';
import { createGraphTenants } from '../src/graph/GraphTenants.js';
import { GLOBAL_CLOUD } from '../src/graph/nationalClouds.js';
import { silentLogger } from '../src/logger.js';
import { GRAPH_TEAMS_WINDOW } from '../src/ratelimit/channelLimits.js';
import { openSqliteStore } from '../src/store/sqlite/SqliteStore.js';
import { campaignFixture, reachableUser, ZONE } from '../tests/delivery/support/seed.js';
import { testDeliveryEngine } from '../tests/support/testDeliveryEngine.js';

const REACH_RECIPIENTS = Number(process.env.BENCH_REACH_RECIPIENTS ?? 10_000);
/** The campaigns' tenant: Graph serves only its own tenant's campaigns. */
const GRAPH_TENANT = 'tenant-1';
const CONNECTOR = 'https://smba.bench.example';
const WORKING_DAY_SECONDS = 9 * 3600;

type Report = (label: string, value: string, target: string, ok: boolean) => void;

export async function benchReach(report: Report): Promise<void> {
  const { default: nock } = await import('nock');
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  const dir = mkdtempSync(join(tmpdir(), 'bench-reach-'));
  const store = openSqliteStore(join(dir, 'reach.sqlite'));
  let graphRequests = 0;
  try {
    fakeGraphAndConnector(nock, () => graphRequests++);
    const clock = new ManualClock(DateTime.fromISO('2026-12-07T09:00:00', { zone: ZONE }));
    let graphWaitMs = 0;
    const graph = createGraphTenants(
      {
        graph: { tenantId: GRAPH_TENANT, clientId: 'bench', clientSecret: 'bench' },
        graphCloud: GLOBAL_CLOUD,
        teamsAppCatalogId: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
      },
      silentLogger,
      clock,
      {
        clock,
        sleep: async (ms) => {
          graphWaitMs += ms;
          clock.advance({ milliseconds: ms });
        },
      },
    );
    const campaign = await seedCampaign(store);
    // The Bot Connector budget out of the way: the bench measures our own work.
    const { starter, installationWorker } = testDeliveryEngine({
      store,
      clock,
      graph,
      botAuth: createBotAuthentication({
        appId: 'bench',
        appPassword: 'pw',
        appType: 'MultiTenant',
      }),
      botAppId: 'bench',
      sendRatePerSecond: 1_000_000,
      workerId: 'bench-reach',
    });
    const started = performance.now();
    const summary = await starter.start(campaign.id);
    if (summary.planned !== REACH_RECIPIENTS) throw new Error(`planned ${summary.planned}`);
    // Evening: every installation (due ahead of a first attempt that day) is due.
    clock.set(DateTime.fromISO('2026-12-07T18:00:00', { zone: ZONE }));
    const installed = await installationWorker!().installDue();
    const seconds = (performance.now() - started) / 1000;
    if (installed.installed !== REACH_RECIPIENTS) {
      throw new Error(`installed ${installed.installed} of ${REACH_RECIPIENTS}`);
    }

    const resolveBatches = Math.ceil(REACH_RECIPIENTS / GRAPH_BATCH_SIZE);
    const installBatches = Math.ceil(REACH_RECIPIENTS / batchSizeFor('teams'));
    const expected = resolveBatches + installBatches + 1;
    report(
      `Graph requests to resolve and install ${REACH_RECIPIENTS}`,
      String(graphRequests),
      `≤ ${expected} = ⌈n/20⌉ lookup + ⌈n/15⌉ install $batches + 1 token`,
      graphRequests <= expected,
    );
    const perSecond = REACH_RECIPIENTS / seconds;
    report(
      `resolve + install + open chats for ${REACH_RECIPIENTS} (fake Graph, Graph pacing virtual)`,
      `${Math.round(perSecond)} recipients/s (${seconds.toFixed(1)} s of our own work)`,
      '≥ 50/s, the channel limit it must never hold back',
      perSecond >= 50,
    );
    const paced = graphWaitMs / 1000;
    const installCeiling = GRAPH_TEAMS_WINDOW.limit / (GRAPH_TEAMS_WINDOW.intervalMs / 1000);
    const needed = REACH_RECIPIENTS / WORKING_DAY_SECONDS;
    report(
      `Graph pacing at documented limits for ${REACH_RECIPIENTS}`,
      `${Math.round(paced)} s; installs up to ${installCeiling}/s, the first attempts need ${needed.toFixed(2)}/s`,
      'installs within 30 req/s per app per tenant and ahead of the first attempts',
      needed <= installCeiling,
    );
  } finally {
    nock.cleanAll();
    nock.enableNetConnect();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function seedCampaign(store: ReturnType<typeof openSqliteStore>) {
  const campaign = campaignFixture({
    id: 'bench-reach',
    name: 'Bench reach',
    status: 'scheduled',
    listId: 'bench-reach-list',
    presencePolicy: 'ignore',
  });
  await store.campaigns.create(campaign);
  await store.lists.create({
    id: 'bench-reach-list',
    tenantId: campaign.tenantId,
    name: 'Bench reach',
    emails: Array.from({ length: REACH_RECIPIENTS }, (_, n) => `person${n}@example.com`),
    createdBy: campaign.authorUserId,
    createdAt: 0,
  });
  await store.users.upsert(
    reachableUser(0, `${CONNECTOR}/`, {
      id: campaign.authorUserId,
      email: 'author@example.com',
      conversationReference: {
        serviceUrl: `${CONNECTOR}/`,
        channelId: 'msteams',
        conversation: { id: 'conv-author', conversationType: 'personal' },
        bot: { id: '28:bench' },
        user: { id: 'author' },
      },
    }),
  );
  return campaign;
}

interface BatchItem {
  id: string;
  method: string;
  url: string;
}

function fakeGraphAndConnector(nock: typeof import('nock'), counted: () => void): void {
  const token = { token_type: 'Bearer', expires_in: 3599 };
  nock('https://login.microsoftonline.com')
    .post(`/${GRAPH_TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, () => {
      counted();
      return { ...token, access_token: 'graph-token' };
    })
    .persist();
  nock('https://login.microsoftonline.com')
    .post('/botframework.com/oauth2/v2.0/token')
    .query(true)
    .reply(200, { ...token, access_token: 'bot-token' })
    .persist();
  nock('https://graph.microsoft.com')
    .post('/v1.0/$batch')
    .reply(200, (_uri, body) => {
      counted();
      const { requests } = body as { requests: BatchItem[] };
      return { responses: requests.map(answer) };
    })
    .persist();
  nock(CONNECTOR)
    .post('/v3/conversations')
    .reply(201, (_uri, body) => ({
      id: `a:chat-${(body as { members: Array<{ id: string }> }).members[0]!.id}`,
    }))
    .persist();
}

/** A person per address (`personN@…` is `aad-N`); installing always succeeds. */
function answer(request: BatchItem) {
  if (request.method === 'POST') return { id: request.id, status: 201, body: {} };
  const n = /person(\d+)%40/.exec(request.url)?.[1] ?? /person(\d+)@/.exec(request.url)?.[1];
  const user = { id: `aad-${n}`, mail: `person${n}@example.com`, givenName: `P${n}` };
  return { id: request.id, status: 200, body: { value: [user] } };
}
