/**
 * Reaching a whole group (issue: Microsoft Graph audiences and proactive installation), on
 * both stores, with Graph and the Bot Connector faked by nock (fakeTenant.ts) and time a
 * ManualClock. 2,500 members over three pages; 100 already talked to the bot. The campaign
 * installs the app for the others ahead of their first attempt, opens their chats, and sends
 * to everyone who can be reached; each person's outcome is checked one by one, and a worker
 * that dies in the middle of a batch makes nobody get the app installed twice.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import nock from 'nock';
import { createBotAuthentication } from '../../src/channels/botAuthentication.js';
import { ManualClock } from '../../src/clock.js';
import type { Campaign } from '../../src/domain/campaign.js';
import { directoryAudienceId } from '../../src/domain/directory.js';
import { INSTALL_LEAD_MS } from '../../src/domain/installation.js';
import { workingWindow } from '../../src/domain/workingTime.js';
import { createGraphTenants } from '../../src/graph/GraphTenants.js';
import { GLOBAL_CLOUD } from '../../src/graph/nationalClouds.js';
import type { ConversationOpener } from '../../src/installation/InstallationWorker.js';
import { silentLogger } from '../../src/logger.js';
import type { Sleep } from '../../src/ratelimit/sleep.js';
import { openMongoStore } from '../../src/store/mongo/MongoStore.js';
import { openSqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import type { Store } from '../../src/store/Store.js';
import { ReportQueries } from '../../src/application/ReportQueries.js';
import { campaignCsvLines } from '../../src/reports/csvExport.js';
import { ReportService } from '../../src/reports/ReportService.js';
import { campaignFixture, reachableUser, ZONE } from '../delivery/support/seed.js';
import { mongoForTests, skipWithoutMongo } from '../support/mongo.js';
import { testDeliveryEngine } from '../support/testDeliveryEngine.js';
import { inVirtualTime } from '../support/virtualTime.js';
import {
  BOT_ID,
  CATALOG_APP_ID,
  GRAPH_TENANT,
  GROUP_ID,
  RETRY_AFTER_SECONDS,
  SERVICE_URL,
  fakeTenant,
  kindOf,
  type Kind,
  type TenantRecord,
} from './fakeTenant.js';

const SIZE = 2_500;
const BOT_APP_ID = 'reach-app';
const MONDAY_9H = DateTime.fromISO('2026-12-07T09:00:00', { zone: ZONE });
const WEDNESDAY_CLOSE = DateTime.fromISO('2026-12-09T18:00:00', { zone: ZONE });
const STEP_MS = 5 * 60_000;
/** The least time between two dispatch rounds (nextRound). */
const ROUND_MS = 5 * 60_000;
/** The worker that dies claims this many installations. */
const DOOMED_BATCH = 100;
/** Conversations a worker opens at once (InstallationWorker): the dying one hangs on that many. */
const OPENS_IN_FLIGHT = 32;

const REACHABLE_KINDS: Kind[] = [
  'talked-to-bot',
  'installs',
  'throttled-once',
  'already-installed',
];
const FAILURE_OF: Partial<Record<Kind, string>> = {
  'blocked-by-policy': 'blocked-by-policy',
  'no-teams-licence': 'no-teams-licence',
  'user-not-found': 'user-not-found',
};

interface StoreUnderTest {
  name: string;
  open(context: Mocha.Context): Promise<Store>;
}

const STORES: StoreUnderTest[] = [
  { name: 'SQLite', open: async () => openSqliteStore(':memory:') },
  {
    name: 'MongoDB',
    async open(context) {
      const mongo = await mongoForTests();
      if ('skipReason' in mongo) skipWithoutMongo(context, mongo.skipReason);
      return openMongoStore(mongo.url, `reach_${randomUUID().replaceAll('-', '').slice(0, 12)}`);
    },
  },
];

for (const storeUnderTest of STORES) {
  describe(`reaching a whole group by installing the app (${storeUnderTest.name})`, function () {
    this.timeout(180_000);
    let store: Store;

    beforeEach(async function () {
      nock.disableNetConnect();
      store = await storeUnderTest.open(this);
    });

    afterEach(async function () {
      nock.cleanAll();
      nock.enableNetConnect();
      if (store.kind === 'mongodb')
        await (store as { db?: { dropDatabase(): Promise<unknown> } }).db?.dropDatabase();
      await store.close();
    });

    it('installs for the others, opens their chats, delivers to all who can be reached, and survives a dying worker', async function () {
      const clock = new ManualClock(MONDAY_9H);
      const sleeps: number[] = [];
      const sleep: Sleep = async (ms) => {
        sleeps.push(ms);
        clock.advance({ milliseconds: ms });
      };
      const tenant = fakeTenant(SIZE, clock);
      const engine = buildEngine(store, clock, sleep);

      const campaign = campaignFixture({
        status: 'scheduled',
        listId: directoryAudienceId({ kind: 'group', groupId: GROUP_ID }),
        message: 'Hello {{firstName}}',
        presencePolicy: 'ignore',
      });
      await store.campaigns.create(campaign);
      await store.users.upsert(
        reachableUser(9_999, SERVICE_URL, {
          id: campaign.authorUserId,
          email: 'author@example.com',
          conversationReference: {
            serviceUrl: SERVICE_URL,
            channelId: 'msteams',
            conversation: {
              id: 'conv-author',
              conversationType: 'personal',
              tenantId: campaign.tenantId,
            },
            bot: { id: BOT_ID, name: 'Push' },
            user: { id: 'author' },
          },
        }),
      );
      for (let n = 0; n < 100; n++) await store.users.upsert(reachableUser(n, SERVICE_URL));

      // Campaign start: the group is read (a snapshot), everyone gets a delivery.
      const started = await engine.starter.start(campaign.id);
      assert.deepEqual(
        { planned: started.planned, unreachable: started.unreachable },
        { planned: SIZE, unreachable: 0 },
      );
      assert.equal(tenant.memberPages, 3, 'three pages of at most 999 members');
      const planned = new Map(
        (await store.deliveries.list(campaign.id, { limit: SIZE })).map((d) => [d.email, d]),
      );
      assert.equal(planned.size, SIZE);
      const firstAttempt = new Map<number, number>();
      for (let n = 0; n < SIZE; n++) {
        const d = planned.get(`user${n}@example.com`)!;
        assert.equal(d.status, 'pending');
        if (n < 100) firstAttempt.set(n, d.dueAt!);
        else assert.equal(d.dueAt, null, `user ${n} waits for the app before any attempt`);
      }
      const installations = await store.installations.byEmail(campaign.id, [...planned.keys()]);
      assert.equal(installations.size, SIZE - 100);
      for (const [email, i] of installations) {
        firstAttempt.set(Number(email.slice(4, -12)), i.firstAttemptAt);
        assert.equal(i.dueAt, Math.max(MONDAY_9H.toMillis(), i.firstAttemptAt - INSTALL_LEAD_MS));
      }

      // A worker claims a batch, Graph installs, then the worker dies before recording anything.
      const doomed = await dieMidBatch(store, engine.installerOf);
      assert.ok(doomed.unsettled.size > 0, 'seed: the dead worker left claimed installations');

      // The scheduler's part: installations looked for every few minutes, and the dispatcher
      // woken at each delivery's due instant (as the dispatch worker wakes for it), not later.
      let lookedForInstallationsAt = Number.NEGATIVE_INFINITY;
      while (clock.now() <= WEDNESDAY_CLOSE) {
        if (clock.now().toMillis() - lookedForInstallationsAt >= STEP_MS) {
          lookedForInstallationsAt = clock.now().toMillis();
          await inVirtualTime(clock, engine.worker.installDue());
        }
        await inVirtualTime(clock, engine.dispatcher.dispatchDue());
        if ((await store.campaigns.get(campaign.id))!.status === 'finished') break;
        clock.set(DateTime.fromMillis(await nextRound(store, clock, campaign), { zone: ZONE }));
      }
      assert.equal(
        (await store.campaigns.get(campaign.id))!.status,
        'finished',
        JSON.stringify({
          counts: await store.deliveries.countByStatus(campaign.id),
          funnel: await store.installations.funnel(campaign.id),
        }),
      );

      await checkEachPerson(store, campaign.id, tenant, firstAttempt, doomed.unsettled);
      assert.ok(
        tenant.batchSizes.every((size) => size >= 1 && size <= 20),
        'at most 20 per $batch',
      );
      assert.ok(sleeps.includes(RETRY_AFTER_SECONDS * 1_000), 'Retry-After was honoured');

      const opened = [...tenant.chatsOpened.values()].map((at) => at[0]!);
      assert.ok(
        Math.max(...opened) - Math.min(...opened) > 6 * 3_600_000,
        'installations follow the first attempts over the day instead of all at the start',
      );
      await checkReport(store, clock, campaign);
      await checkCsv(store, campaign);
      assert.deepEqual(await store.installations.funnel(campaign.id), {
        open: 0,
        installed: 1_440 + 240,
        alreadyInstalled: 240,
        failedByReason: [
          { reason: 'blocked-by-policy', count: 240 },
          { reason: 'no-teams-licence', count: 120 },
          { reason: 'user-not-found', count: 120 },
        ],
        notInDirectory: 0,
        noReachableUser: 0,
        chatsReopened: 0,
      });
    });
  });
}

/**
 * When the dispatcher runs next: at the next due delivery, but no sooner than ROUND_MS after
 * this round, so the deliveries due meanwhile go out together, a little late, as a dispatch
 * worker's batch would send them; never later than STEP_MS, so installations are looked for on
 * time. Near closing time it wakes at the due instant itself: a send late past closing would be
 * moved to another day.
 */
async function nextRound(store: Store, clock: ManualClock, campaign: Campaign): Promise<number> {
  const now = clock.now().toMillis();
  const due = await store.deliveries.nextDueAt();
  if (due === null || due <= now || due > now + STEP_MS) return now + STEP_MS;
  const close = workingWindow(
    DateTime.fromMillis(due, { zone: ZONE }),
    campaign.workingHours,
  )?.close.toMillis();
  if (close === undefined) return due;
  return Math.max(due, Math.min(now + ROUND_MS, close - ROUND_MS));
}

function buildEngine(store: Store, clock: ManualClock, sleep: Sleep) {
  const graph = createGraphTenants(
    {
      graph: { tenantId: GRAPH_TENANT, clientId: 'graph-client', clientSecret: 'secret' },
      graphCloud: GLOBAL_CLOUD,
      teamsAppCatalogId: CATALOG_APP_ID,
    },
    silentLogger,
    clock,
    { clock, sleep },
  );
  const auth = createBotAuthentication({
    appId: BOT_APP_ID,
    appPassword: 'pw',
    appType: 'MultiTenant',
  });
  const engine = testDeliveryEngine({
    store,
    clock,
    botAuth: auth,
    botAppId: BOT_APP_ID,
    graph,
    workerId: 'dispatcher',
  });
  // As src/main.ts builds it: the engine's installation worker, opening chats within the
  // cluster-wide tenant rate of the sends.
  const installerOf = (workerId: string, conversations?: ConversationOpener, batchSize?: number) =>
    engine.installationWorker!({ workerId, conversations, batchSize });
  return {
    installerOf,
    starter: engine.starter,
    worker: installerOf('live'),
    dispatcher: engine.dispatcher,
  };
}

/**
 * A worker whose process freezes while opening chats: Graph has answered its whole batch,
 * it records what needed no chat, then nothing more. Returns the installations it left claimed.
 */
async function dieMidBatch(
  store: Store,
  installerOf: ReturnType<typeof buildEngine>['installerOf'],
): Promise<{ unsettled: Set<number> }> {
  let hanging = 0;
  const frozen = {
    open: () => {
      hanging++;
      return new Promise<never>(() => {});
    },
  };
  void installerOf('doomed', frozen, DOOMED_BATCH).installDue();
  while (hanging < OPENS_IN_FLIGHT) await new Promise((resolve) => setImmediate(resolve));
  // Its last writes (failures it recorded before freezing) land; then nothing moves any more.
  let unsettled = await claimedBy(store, 'doomed');
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await claimedBy(store, 'doomed');
    if (again.size === unsettled.size) break;
    unsettled = again;
  }
  assert.ok(unsettled.size <= DOOMED_BATCH);
  return { unsettled };
}

/** The people whose installation `workerId` holds claimed. */
async function claimedBy(store: Store, workerId: string): Promise<Set<number>> {
  const all = await store.installations.byEmail(
    'camp-1',
    Array.from({ length: SIZE }, (_, n) => `user${n}@example.com`),
  );
  const claimed = new Set<number>();
  for (const i of all.values()) {
    if (i.status === 'installing' && i.claimedBy === workerId) {
      claimed.add(Number(i.email.slice(4, -12)));
    }
  }
  return claimed;
}

async function checkEachPerson(
  store: Store,
  campaignId: string,
  tenant: TenantRecord,
  firstAttempt: Map<number, number>,
  recoveredAfterCrash: Set<number>,
): Promise<void> {
  const deliveries = new Map(
    (await store.deliveries.list(campaignId, { limit: SIZE })).map((d) => [d.email, d]),
  );
  for (let n = 0; n < SIZE; n++) {
    const kind = kindOf(n);
    const who = `user ${n} (${kind})`;
    const delivery = deliveries.get(`user${n}@example.com`)!;
    const answers = (tenant.installAnswers.get(n) ?? []).map((a) => a.status);
    const chats = tenant.chatsOpened.get(n) ?? [];
    const conversation = n < 100 ? `conv-${n}` : `a:chat-${n}`;
    const messages = tenant.messages.get(conversation) ?? [];

    if (REACHABLE_KINDS.includes(kind)) {
      assert.equal(delivery.status, 'sent', who);
      assert.deepEqual(
        messages.map((m) => m.text),
        [`Hello First${n}`],
        who,
      );
      assert.ok(messages[0]!.at >= firstAttempt.get(n)!, `${who}: not before the first attempt`);
    } else {
      assert.equal(delivery.status, 'unreachable', who);
      assert.equal(delivery.reason, `app-not-installed:${FAILURE_OF[kind]}`, who);
      assert.equal(delivery.attempts, 0, `${who}: the ladder is untouched`);
      assert.deepEqual(messages, [], who);
    }

    const installedOk = answers.filter((s) => s === 201).length;
    assert.ok(installedOk <= 1, `${who}: installed ${installedOk} times`);
    const retriedAfterCrash = recoveredAfterCrash.has(n) ? 1 : 0;
    switch (kind) {
      case 'talked-to-bot':
        assert.deepEqual(answers, [], who);
        assert.deepEqual(chats, [], who);
        break;
      case 'installs':
        assert.deepEqual(answers, retriedAfterCrash ? [201, 409] : [201], who);
        assert.equal(chats.length, 1, who);
        break;
      case 'already-installed':
        assert.deepEqual(answers, Array(1 + retriedAfterCrash).fill(409), who);
        assert.equal(chats.length, 1, who);
        break;
      case 'throttled-once': {
        assert.deepEqual(answers, retriedAfterCrash ? [429, 201, 409] : [429, 201], who);
        const [throttled, installed] = tenant.installAnswers.get(n)!;
        assert.ok(
          installed!.at - throttled!.at >= RETRY_AFTER_SECONDS * 1_000,
          `${who}: Retry-After`,
        );
        assert.equal(chats.length, 1, who);
        break;
      }
      default:
        assert.deepEqual(
          answers,
          Array(1 + retriedAfterCrash).fill(kind === 'user-not-found' ? 404 : 403),
          who,
        );
        assert.deepEqual(chats, [], who);
    }
  }
}

/** The report card's reach funnel, as the author reads it. */
async function checkReport(store: Store, clock: ManualClock, campaign: Campaign): Promise<void> {
  const reports = new ReportService({
    ...store,
    publicUrl: 'https://bot.example.com',
    secret: 'report-secret',
    clock,
  });
  const activity = await reports.reportActivity(
    (await store.campaigns.get(campaign.id))!,
    'msteams',
  );
  const card = JSON.stringify(activity.attachments![0]!.content);
  const facts = (JSON.parse(card) as { body: CardElement[] }).body
    .flatMap(function all(e: CardElement): CardElement[] {
      return [e, ...(e.items ?? []).flatMap(all)];
    })
    .flatMap((e) => e.facts ?? []);
  const reach = Object.fromEntries(facts.map((f) => [f.title, f.value]));
  assert.deepEqual(
    {
      audience: reach['In the audience'],
      matched: reach['Matched in the directory'],
      before: reach['App present before'],
      installed: reach['App installed by the bot'],
      failed: reach['App installation failed'],
      pending: reach['Installations pending'],
      policy: reach['app blocked by a Teams app policy'],
      licence: reach['no Teams licence'],
      gone: reach['user no longer in the directory'],
      sent: reach.Sent,
      clicked: reach.Clicked,
    },
    {
      audience: '2,500',
      matched: '2,500 (0 not found)',
      before: '340',
      installed: '1,680',
      failed: '480',
      pending: '0',
      policy: '240',
      licence: '120',
      gone: '120',
      sent: '2,020',
      clicked: '0',
    },
  );
}

interface CardElement {
  items?: CardElement[];
  facts?: Array<{ title: string; value: string }>;
}

const APP_COLUMN: Record<Kind, string> = {
  'talked-to-bot': 'present',
  installs: 'installed-by-bot',
  'throttled-once': 'installed-by-bot',
  'already-installed': 'already-installed',
  'blocked-by-policy': 'install-failed',
  'no-teams-licence': 'install-failed',
  'user-not-found': 'install-failed',
};

/** One CSV row per person with their exact outcome. */
async function checkCsv(store: Store, campaign: Campaign): Promise<void> {
  let csv = '';
  for await (const chunk of campaignCsvLines(new ReportQueries(store), campaign)) csv += chunk;
  const rows = csv.trimEnd().split('\r\n');
  assert.equal(rows[0], '"address","status","reason","sent_at","read_at","clicks","app"');
  const byAddress = new Map(
    rows.slice(1).map((row) => {
      const cells = row.slice(1, -1).split('","');
      return [cells[0], { status: cells[1], reason: cells[2], app: cells[6] }];
    }),
  );
  assert.equal(byAddress.size, SIZE);
  for (let n = 0; n < SIZE; n++) {
    const kind = kindOf(n);
    const failure = FAILURE_OF[kind];
    assert.deepEqual(
      byAddress.get(`user${n}@example.com`),
      {
        status: failure ? 'unreachable' : 'sent',
        reason: failure ? `app-not-installed:${failure}` : '',
        app: APP_COLUMN[kind],
      },
      `user ${n} (${kind})`,
    );
  }
}
