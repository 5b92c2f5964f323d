/**
 * `npm run bench`: the delivery engine at campaign scale, on the embedded SQLite store.
 *
 * 1. plan a 100,000-recipient campaign (CampaignStarter)                 target < 5 s
 * 2. dispatch all of it — presence ignored, rate limit lifted — to a fake
 *    Bot Connector on 127.0.0.1 (its own process, keep-alive) through
 *    the real BotConnectorSender                                         target ≥ 1,000 deliveries/s
 * 3. peak RSS of the process                                             target < 300 MB
 * 4. Graph presence requests in one dispatch round with presence on
 *    (real GraphPresenceProvider; Graph and its token endpoint faked
 *    with nock, loaded only for this phase)                             target ⌈n / 650⌉
 *
 * 5. resolving and installing the app for 10,000 recipients (bench/reach.ts): Graph requests
 *    made (target 2 × ⌈n/20⌉ $batches + 1 token) and time with a fake Graph
 *
 * Prints one line per figure with its target. Not a test: the figures depend on the machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { DateTime } from 'luxon';
import { BotConnectorSender } from '../src/channels/BotConnectorSender.js';
import { ManualClock } from '../src/clock.js';
import { CampaignStarter } from '../src/delivery/CampaignStarter.js';
import { DeliveryDispatcher } from '../src/delivery/DeliveryDispatcher.js';
import { withGroupCommittedLinkTokens } from '../src/delivery/groupCommittedLinkTokens.js';
import type { Campaign } from '../src/domain/campaign.js';
import { ALL_USERS_LIST_ID } from '../src/domain/recipients.js';
import { silentLogger } from '../src/logger.js';
import { GraphPresenceProvider } from '../src/presence/GraphPresenceProvider.js';
import { NoPresenceProvider } from '../src/presence/NoPresenceProvider.js';
import type { PresenceProvider } from '../src/presence/PresenceProvider.js';
import { createGraphPresenceLimiter, createSendLimits } from '../src/ratelimit/channelLimits.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/SqliteStore.js';
import { LinkTracker } from '../src/tracking/LinkTracker.js';
import { benchReach } from './reach.js';
import {
  campaignFixture,
  pendingDelivery,
  seedUsers,
  ZONE,
} from '../tests/delivery/support/seed.js';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const GRAPH_TENANT = '11111111-2222-3333-4444-555555555555';
const MONDAY_8H = DateTime.fromISO('2026-12-07T08:00:00', { zone: ZONE });
/** Every first attempt of Monday is due by then, and it is still inside working hours. */
const MONDAY_LAST_SECOND = DateTime.fromISO('2026-12-07T17:59:59', { zone: ZONE });

/** Starts bench/fakeConnectorProcess.ts and resolves with its port. */
async function startConnector(): Promise<{ process: ChildProcess; port: number }> {
  const script = fileURLToPath(new URL('./fakeConnectorProcess.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) return { process: child, port: Number(line) };
  throw new Error('the fake Bot Connector did not start');
}

async function connectorStats(port: number): Promise<{ received: number; conversations: number }> {
  const response = await fetch(`http://127.0.0.1:${port}/stats`);
  return (await response.json()) as { received: number; conversations: number };
}

function report(label: string, value: string, target: string, ok: boolean): void {
  console.log(`${label}: ${value} (target ${target}) ${ok ? 'OK' : 'MISSED'}`);
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function plan(store: SqliteStore, campaign: Campaign): Promise<number> {
  await store.campaigns.create(campaign);
  const starter = new CampaignStarter({
    ...store,
    clock: new ManualClock(MONDAY_8H),
    logger: silentLogger,
  });
  const started = performance.now();
  const summary = await starter.start(campaign.id);
  const seconds = (performance.now() - started) / 1000;
  if (summary.planned !== RECIPIENTS) throw new Error(`planned ${summary.planned}`);
  return seconds;
}

function dispatcher(store: SqliteStore, presence: PresenceProvider, workerId: string) {
  const clock = new ManualClock(MONDAY_LAST_SECOND);
  return new DeliveryDispatcher({
    ...store,
    clock,
    logger: silentLogger,
    presence,
    sender: new BotConnectorSender({
      auth: new ConfigurationBotFrameworkAuthentication({}),
      botAppId: undefined,
      limits: createSendLimits({ perTenantPerSecond: 1_000_000 }),
      logger: silentLogger,
    }),
    links: new LinkTracker({
      tracking: withGroupCommittedLinkTokens(store.tracking),
      publicUrl: 'https://bot.example.com',
    }),
    workerId,
  });
}

/** Graph answering "Offline" for everyone, counting requests; nock is loaded only here. */
async function countGraphCallsInOneRound(store: SqliteStore, campaign: Campaign): Promise<number> {
  const { default: nock } = await import('nock');
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  nock('https://login.microsoftonline.com')
    .post(`/${GRAPH_TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' })
    .persist();
  let calls = 0;
  nock('https://graph.microsoft.com')
    .post('/v1.0/communications/getPresencesByUserId')
    .reply(200, (_uri, body) => {
      calls++;
      const ids = (body as { ids: string[] }).ids;
      return { value: ids.map((id) => ({ id, availability: 'Offline' })) };
    })
    .persist();
  try {
    const presence = new GraphPresenceProvider({
      credentials: { tenantId: GRAPH_TENANT, clientId: 'bench', clientSecret: 'bench' },
      limiter: createGraphPresenceLimiter(),
      logger: silentLogger,
    });
    const summary = await dispatcher(store, presence, 'bench-presence').dispatchDue();
    if (summary.laddered !== RECIPIENTS) {
      throw new Error(`presence round laddered ${summary.laddered} of ${RECIPIENTS}`);
    }
    const counts = await store.deliveries.countByStatus(campaign.id);
    if (counts.pending !== RECIPIENTS) throw new Error('presence round changed the campaign');
    return calls;
  } finally {
    nock.cleanAll();
    nock.enableNetConnect();
  }
}

/** Everyone due at `dueAt`, inserted in slices: 100k objects at once would inflate the RSS measured. */
async function insertDueDeliveries(store: SqliteStore, campaignId: string, dueAt: number) {
  const slice = 5_000;
  for (let first = 0; first < RECIPIENTS; first += slice) {
    const count = Math.min(slice, RECIPIENTS - first);
    await store.deliveries.insert(
      Array.from({ length: count }, (_, i) => pendingDelivery(campaignId, first + i, dueAt)),
    );
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const connector = await startConnector();
  const serviceUrl = `http://127.0.0.1:${connector.port}/`;
  const store = openSqliteStore(join(dir, 'bench.sqlite'));
  try {
    console.log(`${RECIPIENTS} recipients, ${cpus().length} CPUs, Node ${process.version}`);
    // Peak RSS depends on how far V8 lets garbage grow: say under which heap limit it was measured.
    console.log(
      `node flags: ${process.execArgv.filter((a) => a.startsWith('--max')).join(' ') || 'none'} (npm start runs with --max-old-space-size=512)`,
    );
    await seedUsers(store, RECIPIENTS, serviceUrl);

    const sending = campaignFixture({
      id: 'bench-send',
      name: 'Bench send',
      status: 'scheduled',
      listId: ALL_USERS_LIST_ID,
      presencePolicy: 'ignore',
      message: 'Hello {{firstName}}, the news: https://example.com/news',
    });
    const planSeconds = await plan(store, sending);
    report(
      `plan ${RECIPIENTS} recipients`,
      `${planSeconds.toFixed(2)} s`,
      '< 5 s',
      planSeconds < 5,
    );

    const started = performance.now();
    const summary = await dispatcher(store, new NoPresenceProvider(), 'bench-send').dispatchDue();
    const seconds = (performance.now() - started) / 1000;
    const received = await connectorStats(connector.port);
    if (summary.sent !== RECIPIENTS || received.conversations !== RECIPIENTS) {
      throw new Error(`sent ${summary.sent}, connector got ${JSON.stringify(received)}`);
    }
    const rate = RECIPIENTS / seconds;
    report(
      `dispatch ${RECIPIENTS} deliveries`,
      `${Math.round(rate)} deliveries/s (${seconds.toFixed(1)} s)`,
      '≥ 1000 deliveries/s',
      rate >= 1000,
    );

    // All due at the same instant, so one round is exactly one read of everyone's presence.
    const withPresence = campaignFixture({
      id: 'bench-presence',
      name: 'Bench presence',
      listId: ALL_USERS_LIST_ID,
      presencePolicy: 'available',
    });
    await store.campaigns.create(withPresence);
    const dueAt = MONDAY_LAST_SECOND.toMillis();
    await insertDueDeliveries(store, withPresence.id, dueAt);
    const calls = await countGraphCallsInOneRound(store, withPresence);
    const expectedCalls = Math.ceil(RECIPIENTS / 650);
    report(
      `Graph presence calls for one round of ${RECIPIENTS}`,
      String(calls),
      `${expectedCalls} = ⌈n/650⌉`,
      calls <= expectedCalls,
    );

    await benchReach(report);

    const rss = peakRssMb();
    report('peak RSS', `${Math.round(rss)} MB`, '< 300 MB', rss < 300);
  } finally {
    connector.process.kill('SIGTERM');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
