/**
 * A whole 3-day campaign (SPEC.md: Delivery rules) on the real SQLite store, the real
 * BotConnectorSender (CloudAdapter) and the real GraphPresenceProvider, with the Bot Connector,
 * Graph and the token endpoints faked by nock. Time is a ManualClock moved from one due
 * instant to the next; every presence read and every send is stamped with that clock, and the
 * stamps are compared with the instants the ladder rules give — restated here from SPEC.md,
 * not taken from src/domain/ladder.ts.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import nock from 'nock';
import { BotConnectorSender } from '../../src/channels/BotConnectorSender.js';
import { createBotAuthentication } from '../../src/channels/botAuthentication.js';
import { ManualClock } from '../../src/clock.js';
import { CampaignFinisher } from '../../src/delivery/CampaignFinisher.js';
import { CampaignStarter } from '../../src/delivery/CampaignStarter.js';
import { DeliveryDispatcher } from '../../src/delivery/DeliveryDispatcher.js';
import type { Campaign } from '../../src/domain/campaign.js';
import { seededRng } from '../../src/domain/random.js';
import { silentLogger } from '../../src/logger.js';
import { GraphPresenceProvider } from '../../src/presence/GraphPresenceProvider.js';
import { createGraphPresenceLimiter, createSendLimits } from '../../src/ratelimit/channelLimits.js';
import type { Sleep } from '../../src/ratelimit/sleep.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { LinkTracker } from '../../src/tracking/LinkTracker.js';
import { campaignFixture, reachableUser, ZONE } from './support/seed.js';

const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';
const CONNECTOR = 'https://smba.trafficmanager.net';
const SERVICE_URL = `${CONNECTOR}/emea/`;
const GRAPH_TENANT = '11111111-2222-3333-4444-555555555555';
const BOT_APP_ID = 'three-day-campaign-app';

const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
const MONDAY_8H = at('2026-12-07T08:00:00');
const TUESDAY = at('2026-12-08T00:00:00');

/** The recipients, in list order; `n` numbers their user, conversation and AAD id. */
const R = {
  available: { n: 1, email: 'available@example.com' },
  awayThenAvailable: { n: 2, email: 'away@example.com' },
  backTomorrow: { n: 3, email: 'tomorrow@example.com' },
  never: { n: 4, email: 'never@example.com' },
  blocked: { n: 5, email: 'blocked@example.com' },
  throttled: { n: 6, email: 'throttled@example.com' },
} as const;
type Name = keyof typeof R;
const NAMES = Object.keys(R) as Name[];
const UNREACHABLE = 'nobody@example.com';
const LIST = [...NAMES.map((name) => R[name].email), UNREACHABLE];

const aadOf = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const nameOfAad = (aad: string) => NAMES.find((name) => aadOf(R[name].n) === aad)!;
const nameOfConversation = (conversation: string) =>
  NAMES.find((name) => `conv-${R[name].n}` === conversation)!;

// ---- The ladder rules of SPEC.md, written out for this campaign (09:00–18:00, Mon–Wed) ----

/** T → T+10 min → the next full hour, each only if it falls before closing. */
function dayRungs(t: DateTime): DateTime[] {
  const close = t.set({ hour: 18, minute: 0, second: 0, millisecond: 0 });
  const rungs = [t];
  const second = t.plus({ minutes: 10 });
  if (second >= close) return rungs;
  rungs.push(second);
  const third = second.startOf('hour').plus({ hours: 1 });
  if (third < close) rungs.push(third);
  return rungs;
}

/** The next day's random T: uniform whole second of 09:00–18:00, drawn with the dispatcher's rng. */
function nextDayT(lastRung: DateTime, seed: string): DateTime {
  const open = lastRung.plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  return open.plus({ seconds: Math.floor(seededRng(seed)() * 9 * 3600) });
}

/** The dispatcher's ladder randomness, keyed by what is stable across runs. */
const ladderSeed = (email: string, attemptsBefore: number) => `${email}#${attemptsBefore}`;

interface Expected {
  presenceReads: DateTime[];
  sendAt?: DateTime;
  exhaustedAt?: DateTime;
  dayCycle: number;
}

/** Walks the ladder until presence allows a send or 3 day cycles are spent. */
function walkLadder(email: string, firstT: DateTime, available: (at: DateTime) => boolean) {
  const expected: Expected = { presenceReads: [], dayCycle: 1 };
  let t = firstT;
  for (let day = 1; day <= 3; day++) {
    expected.dayCycle = day;
    const rungs = dayRungs(t);
    for (const rung of rungs) {
      expected.presenceReads.push(rung);
      if (available(rung)) return { ...expected, sendAt: rung };
    }
    const last = rungs[rungs.length - 1]!;
    if (day === 3) return { ...expected, exhaustedAt: last };
    t = nextDayT(last, ladderSeed(email, expected.presenceReads.length - 1));
  }
  throw new Error('unreachable');
}

// ---- Fakes of the outside world, stamping each request with the ManualClock ----

interface Recorded {
  presenceReads: Array<{ at: number; ids: string[] }>;
  sends: Array<{ at: number; name: Name; status: number; text: string }>;
}

function nockTokens(): void {
  const token = { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 };
  nock(LOGIN)
    .post(`/${GRAPH_TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, { ...token, access_token: 'graph-token' })
    .persist();
  nock(LOGIN)
    .post('/botframework.com/oauth2/v2.0/token')
    .query(true)
    .reply(200, { ...token, access_token: 'bot-token' })
    .persist();
}

function nockGraph(
  clock: ManualClock,
  recorded: Recorded,
  availability: (name: Name, at: DateTime) => string,
) {
  nock(GRAPH)
    .post('/v1.0/communications/getPresencesByUserId')
    .reply(200, (_uri, body) => {
      const ids = (body as { ids: string[] }).ids;
      recorded.presenceReads.push({ at: clock.now().toMillis(), ids });
      return {
        value: ids.map((id) => ({ id, availability: availability(nameOfAad(id), clock.now()) })),
      };
    })
    .persist();
}

/** 201 for everyone, except the blocked user (403) and one 429 for the throttled user. */
function nockConnector(clock: ManualClock, recorded: Recorded) {
  let throttledOnce = false;
  nock(CONNECTOR)
    .post(/^\/emea\/v3\/conversations\/[^/]+\/activities$/)
    .reply(function (uri, body) {
      const conversation = decodeURIComponent(uri.split('/')[4]!);
      const name = nameOfConversation(conversation);
      assert.equal(this.req.headers.authorization, 'Bearer bot-token');
      let reply: [number, nock.Body, Record<string, string>];
      if (name === 'blocked') {
        reply = [403, { error: { code: 'MessageWritesBlocked', message: 'blocked' } }, {}];
      } else if (name === 'throttled' && !throttledOnce) {
        throttledOnce = true;
        reply = [429, { error: { code: 'Throttled' } }, { 'Retry-After': '120' }];
      } else {
        reply = [201, { id: `activity-${recorded.sends.length}` }, {}];
      }
      const text = (body as { text: string }).text;
      recorded.sends.push({ at: clock.now().toMillis(), name, status: reply[0], text });
      return reply;
    })
    .persist();
}

describe('a 3-day campaign end to end', function () {
  this.timeout(20_000);
  let dir: string;
  let store: SqliteStore;

  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    dir = mkdtempSync(join(tmpdir(), 'three-day-'));
    store = openSqliteStore(join(dir, 'bot.sqlite'));
  });

  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends, climbs the ladder, fails, retries and finishes at the instants the rules give', async () => {
    const clock = new ManualClock(MONDAY_8H);
    // Nothing here should wait; if a limiter or retry ever did, it moves the clock, not real time.
    const sleep: Sleep = async (ms) => clock.advance({ milliseconds: ms });
    const campaign: Campaign = campaignFixture({
      status: 'scheduled',
      listId: 'list-winter',
      presencePolicy: 'available',
      message: 'Hello {{firstName}}, read https://example.com/news',
    });
    await store.createCampaign(campaign);
    await store.createList({
      id: 'list-winter',
      tenantId: campaign.tenantId,
      name: 'Winter list',
      emails: LIST,
      createdBy: 'msteams:author',
      createdAt: 0,
    });
    for (const name of NAMES) {
      const { n, email } = R[name];
      await store.upsertUser(reachableUser(n, SERVICE_URL, { email, aadObjectId: aadOf(n) }));
    }

    // The plan: one draw per list entry, in list order (the unreachable one draws too).
    const planRng = () => seededRng('three-day-plan');
    const draw = planRng();
    const firstT = new Map(
      LIST.map((email) => [
        email,
        at('2026-12-07T09:00:00').plus({ seconds: Math.floor(draw() * 9 * 3600) }),
      ]),
    );
    const T = (name: Name) => firstT.get(R[name].email)!;

    const availability = (name: Name, now: DateTime): string => {
      switch (name) {
        case 'awayThenAvailable':
          return now < T(name).plus({ minutes: 10 }) ? 'Away' : 'Available';
        case 'backTomorrow':
          return now < TUESDAY ? 'Offline' : 'Available';
        case 'never':
          return 'Offline';
        default:
          return 'Available';
      }
    };
    const expected = new Map(
      NAMES.map((name) => [
        name,
        walkLadder(
          R[name].email,
          T(name),
          (instant) => availability(name, instant) === 'Available',
        ),
      ]),
    );
    // What the story needs from the seed: away's second rung and the throttled retry on Monday.
    assert.ok(T('awayThenAvailable').hour < 17, 'seed: away recipient planned too late');
    assert.ok(T('throttled') < at('2026-12-07T17:58:00'), 'seed: throttled retry past closing');
    assert.equal(expected.get('backTomorrow')!.dayCycle, 2);
    assert.equal(expected.get('never')!.dayCycle, 3);

    const recorded: Recorded = { presenceReads: [], sends: [] };
    nockTokens();
    nockGraph(clock, recorded, availability);
    nockConnector(clock, recorded);

    const notified: Campaign[] = [];
    const finisher = new CampaignFinisher({
      store,
      clock,
      logger: silentLogger,
      notifyAuthor: async (c) => {
        notified.push(c);
      },
    });
    const starter = new CampaignStarter({ store, clock, logger: silentLogger, rngFor: planRng });
    const dispatcher = new DeliveryDispatcher({
      store,
      clock,
      logger: silentLogger,
      presence: new GraphPresenceProvider({
        credentials: { tenantId: GRAPH_TENANT, clientId: 'graph-client', clientSecret: 'secret' },
        limiter: createGraphPresenceLimiter({ clock, sleep }),
        logger: silentLogger,
        clock,
        sleep,
      }),
      sender: new BotConnectorSender({
        auth: createBotAuthentication({
          appId: BOT_APP_ID,
          appPassword: 'pw',
          appType: 'MultiTenant',
        }),
        botAppId: BOT_APP_ID,
        limits: createSendLimits({ perTenantPerSecond: 50, clock, sleep }),
        logger: silentLogger,
        clock,
        sleep,
      }),
      links: new LinkTracker({ store, publicUrl: 'https://bot.example.com' }),
      workerId: 'worker-1',
      rngFor: (d) => seededRng(ladderSeed(d.email, d.attempts)),
      onCampaignDrained: async (id) => {
        await finisher.finish(id, 'all-delivered');
      },
    });

    const started = await starter.start(campaign.id);
    assert.deepEqual(
      { started: started.started, planned: started.planned, unreachable: started.unreachable },
      { started: true, planned: 6, unreachable: 1 },
    );
    const planned = await store.listDeliveries(campaign.id, { limit: 100 });
    for (const d of planned.filter((p) => p.status === 'pending')) {
      assert.equal(d.dueAt, firstT.get(d.email)!.toMillis(), `first attempt of ${d.email}`);
    }

    // The scheduler's part: wake at each next due instant and dispatch.
    const rounds: number[] = [];
    for (let next = await store.nextDueAt(); next !== null; next = await store.nextDueAt()) {
      assert.ok(next >= clock.now().toMillis(), 'time only moves forward');
      clock.set(DateTime.fromMillis(next, { zone: ZONE }));
      rounds.push(next);
      await dispatcher.dispatchDue();
      assert.ok(rounds.length < 100, 'the campaign never settles');
    }

    // Presence: one Graph call per round, naming exactly the recipients due at that instant.
    const expectedReads = new Map<number, string[]>();
    for (const name of NAMES) {
      const e = expected.get(name)!;
      const reads = [...e.presenceReads];
      if (name === 'throttled') reads.push(e.sendAt!.plus({ seconds: 120 }));
      for (const instant of reads) {
        const ids = expectedReads.get(instant.toMillis()) ?? [];
        expectedReads.set(instant.toMillis(), [...ids, name].sort());
      }
    }
    assert.deepEqual(
      recorded.presenceReads.map((r) => [at2(r.at), r.ids.map(nameOfAad).sort()]),
      [...expectedReads.entries()].sort(([a], [b]) => a - b).map(([ms, names]) => [at2(ms), names]),
    );

    // Sends: who, when, and with which answer.
    const expectedSends: Array<[string, Name, number]> = [];
    for (const name of NAMES) {
      const sendAt = expected.get(name)!.sendAt;
      if (!sendAt) continue;
      if (name === 'throttled') {
        expectedSends.push([at2(sendAt.toMillis()), name, 429]);
        expectedSends.push([at2(sendAt.plus({ seconds: 120 }).toMillis()), name, 201]);
      } else {
        expectedSends.push([at2(sendAt.toMillis()), name, name === 'blocked' ? 403 : 201]);
      }
    }
    const bySendTime = (a: [string, Name, number], b: [string, Name, number]) =>
      a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]);
    assert.deepEqual(
      recorded.sends
        .map((s): [string, Name, number] => [at2(s.at), s.name, s.status])
        .sort(bySendTime),
      expectedSends.sort(bySendTime),
    );
    const toAvailable = recorded.sends.find((s) => s.name === 'available')!;
    assert.match(
      toAvailable.text,
      /^Hello First1, read https:\/\/bot\.example\.com\/r\/[\w-]{22}$/,
    );

    // Final states.
    const final = new Map(
      (await store.listDeliveries(campaign.id, { limit: 100 })).map((d) => [d.email, d]),
    );
    const state = (email: string) => {
      const d = final.get(email)!;
      return { status: d.status, reason: d.reason, dayCycle: d.dayCycle, sentAt: d.sentAt };
    };
    const sentAt = (name: Name) => expected.get(name)!.sendAt!.toMillis();
    assert.deepEqual(state(R.available.email), {
      status: 'sent',
      reason: undefined,
      dayCycle: 1,
      sentAt: sentAt('available'),
    });
    assert.deepEqual(state(R.awayThenAvailable.email), {
      status: 'sent',
      reason: undefined,
      dayCycle: 1,
      sentAt: T('awayThenAvailable').plus({ minutes: 10 }).toMillis(),
    });
    assert.deepEqual(state(R.backTomorrow.email), {
      status: 'sent',
      reason: undefined,
      dayCycle: 2,
      sentAt: sentAt('backTomorrow'),
    });
    assert.ok(expected.get('backTomorrow')!.sendAt! >= TUESDAY);
    assert.deepEqual(state(R.never.email), {
      status: 'unscheduled',
      reason: 'ladder-exhausted',
      dayCycle: 3,
      sentAt: undefined,
    });
    assert.deepEqual(state(R.blocked.email), {
      status: 'failed',
      reason: 'blocked-by-user',
      dayCycle: 1,
      sentAt: undefined,
    });
    // The 429 cost two minutes, not a rung: still day 1, step 0.
    assert.deepEqual(state(R.throttled.email), {
      status: 'sent',
      reason: undefined,
      dayCycle: 1,
      sentAt: T('throttled').plus({ seconds: 120 }).toMillis(),
    });
    assert.equal(final.get(R.throttled.email)!.step, 0);
    assert.deepEqual(state(UNREACHABLE), {
      status: 'unreachable',
      reason: 'no-reachable-user',
      dayCycle: 1,
      sentAt: undefined,
    });

    // Finished when the last delivery settled, the author told once.
    const lastInstant = expected.get('never')!.exhaustedAt!;
    assert.equal(clock.now().toMillis(), lastInstant.toMillis());
    const done = await store.getCampaign(campaign.id);
    assert.equal(done!.status, 'finished');
    assert.equal(done!.finishedAt, lastInstant.toMillis());
    clock.set(at('2026-12-10T00:00:00'));
    assert.equal(await finisher.finish(campaign.id, 'duration-over'), false);
    assert.equal(notified.length, 1);
    assert.equal(notified[0]!.id, campaign.id);
  });
});

/** Instants as Paris wall-clock text, so a failure reads like a timetable. */
function at2(ms: number): string {
  return DateTime.fromMillis(ms, { zone: ZONE }).toFormat('ccc HH:mm:ss');
}
