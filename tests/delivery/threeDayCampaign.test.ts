/**
 * A whole 3-day campaign (SPEC.md: Delivery rules) on each real store, SQLite and MongoDB (the
 * same test body), through the engine production builds (createDeliveryEngine: the real
 * BotConnectorSender and GraphPresenceProvider), with the Bot Connector, Graph and the token
 * endpoints faked by nock. Time is a ManualClock moved
 * from one due instant to the next; every presence read and every send is stamped with that clock,
 * and the stamps are compared with the instants the ladder rules give — restated here from
 * SPEC.md, not taken from src/domain/ladder.ts.
 *
 * Recipients click their tracked links over real HTTP while the campaign runs; at the end the
 * store's report (SPEC.md: Reports) and the card pushed to the author must show exactly what
 * happened.
 */
import { strict as assert } from 'node:assert';
import { DateTime } from 'luxon';
import nock from 'nock';
import { createBotAuthentication } from '../../src/channels/botAuthentication.js';
import { ManualClock } from '../../src/clock.js';
import type { Campaign } from '../../src/domain/campaign.js';
import { seededRng } from '../../src/domain/random.js';
import { createClusterGraphTenants } from '../../src/graph/GraphTenants.js';
import { TenantPresenceProvider } from '../../src/presence/TenantPresenceProvider.js';
import { GLOBAL_CLOUD } from '../../src/graph/nationalClouds.js';
import { silentLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/Store.js';
import { TrackedLinks } from '../../src/application/TrackedLinks.js';
import { registerClickRoutes } from '../../src/tracking/clickRoutes.js';
import { startServer, type RunningServer } from '../reports/fixtures.js';
import { testDeliveryEngine } from '../support/testDeliveryEngine.js';
import { freshStorage, STORE_KINDS, type TestStorage } from '../support/testStorage.js';
import { inVirtualTime } from '../support/virtualTime.js';
import { campaignFixture, reachableUser, ZONE } from './support/seed.js';

const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';
const CONNECTOR = 'https://smba.trafficmanager.net';
const SERVICE_URL = `${CONNECTOR}/emea/`;
/** The campaigns' tenant: Graph serves only its own tenant's campaigns. */
const GRAPH_TENANT = 'tenant-1';
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
/** The campaign's author: a reachable user of its own, not on the list. */
const AUTHOR = { n: 9, id: 'msteams:author', email: 'author@example.com' };
const AUTHOR_CONVERSATION = `conv-${AUTHOR.n}`;

const NEWS = 'https://example.com/news';
const AGENDA = 'https://example.com/agenda';
const MESSAGE = `Hello {{firstName}}, read [the news](${NEWS}) and ${AGENDA}`;

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

// ---- What recipients do with the message once it arrived ----

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';
const LINK_PREVIEW = 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5';

interface Click {
  link: 'news' | 'agenda';
  method: 'GET' | 'HEAD';
  userAgent: string;
}
const get = (link: Click['link']): Click => ({ link, method: 'GET', userAgent: BROWSER });

/**
 * Two recipients really click — one of them both links, the news twice; a HEAD request and a
 * chat client's preview fetch follow the redirect too but are not clicks.
 */
const CLICKS: Partial<Record<Name, Click[]>> = {
  available: [get('news'), get('news'), get('agenda')],
  backTomorrow: [get('news')],
  awayThenAvailable: [{ link: 'news', method: 'HEAD', userAgent: BROWSER }],
  throttled: [{ link: 'agenda', method: 'GET', userAgent: LINK_PREVIEW }],
};

/** The two tracked links of a delivered message, checked to point at the click server. */
function trackedLinks(text: string, publicUrl: string): Record<Click['link'], string> {
  const tracked = `${escapeRegExp(publicUrl)}/r/[\\w-]{22}`;
  const match = new RegExp(
    `^Hello First\\d, read \\[the news\\]\\((${tracked})\\) and (${tracked})$`,
  ).exec(text);
  assert.ok(match, `not a tracked message: ${text}`);
  assert.notEqual(match[1], match[2], 'each link has its own token');
  return { news: match[1]!, agenda: match[2]! };
}

/** Follows one tracked link as a recipient's client would; the redirect must lead back. */
async function follow(links: Record<Click['link'], string>, click: Click): Promise<void> {
  const response = await fetch(links[click.link], {
    method: click.method,
    redirect: 'manual',
    headers: { 'User-Agent': click.userAgent },
  });
  assert.equal(response.status, 302);
  assert.equal(response.headers.get('location'), click.link === 'news' ? NEWS : AGENDA);
}

// ---- Fakes of the outside world, stamping each request with the ManualClock ----

interface ConnectorActivity {
  text?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
}

interface Recorded {
  presenceReads: Array<{ at: number; ids: string[] }>;
  sends: Array<{ at: number; name: Name; status: number; text: string }>;
  authorPosts: Array<{ at: number; activity: ConnectorActivity }>;
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
      assert.equal(this.req.headers.authorization, 'Bearer bot-token');
      if (conversation === AUTHOR_CONVERSATION) {
        recorded.authorPosts.push({
          at: clock.now().toMillis(),
          activity: body as ConnectorActivity,
        });
        return [201, { id: 'final-report' }];
      }
      const name = nameOfConversation(conversation);
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

for (const kind of STORE_KINDS) describeThreeDayCampaign(kind);

function describeThreeDayCampaign(kind: Store['kind']): void {
  describe(`a 3-day campaign end to end (${kind})`, function () {
    this.timeout(20_000);
    let storage: TestStorage | undefined;
    let store: Store;
    let clickServer: RunningServer | undefined;

    beforeEach(async function () {
      storage = await freshStorage(kind, this);
      store = await storage.open();
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    });

    afterEach(async () => {
      await clickServer?.close();
      clickServer = undefined;
      nock.cleanAll();
      nock.enableNetConnect();
      await store?.close();
      await storage?.remove();
      storage = undefined;
    });

    it('sends, climbs the ladder, fails, retries, counts clicks and reports to the author', async () => {
      const clock = new ManualClock(MONDAY_8H);
      const campaign: Campaign = campaignFixture({
        status: 'scheduled',
        listId: 'list-winter',
        presencePolicy: 'available',
        message: MESSAGE,
      });
      await store.campaigns.create(campaign);
      await store.lists.create({
        id: 'list-winter',
        tenantId: campaign.tenantId,
        name: 'Winter list',
        emails: LIST,
        createdBy: 'msteams:author',
        createdAt: 0,
      });
      for (const name of NAMES) {
        const { n, email } = R[name];
        await store.users.upsert(reachableUser(n, SERVICE_URL, { email, aadObjectId: aadOf(n) }));
      }
      await store.users.upsert(
        reachableUser(AUTHOR.n, SERVICE_URL, {
          id: AUTHOR.id,
          email: AUTHOR.email,
          aadObjectId: aadOf(AUTHOR.n),
        }),
      );
      assert.equal(campaign.authorUserId, AUTHOR.id);

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

      const recorded: Recorded = { presenceReads: [], sends: [], authorPosts: [] };
      nockTokens();
      nockGraph(clock, recorded, availability);
      nockConnector(clock, recorded);

      clickServer = await startServer(
        registerClickRoutes({
          links: new TrackedLinks(store.tracking),
          clock,
          logger: silentLogger,
        }),
      );
      const publicUrl = clickServer.baseUrl;
      // Production's engine: the real sender and Graph presence, paced through the store.
      const engine = testDeliveryEngine({
        store,
        clock,
        publicUrl,
        botAuth: createBotAuthentication({
          appId: BOT_APP_ID,
          appPassword: 'pw',
          appType: 'MultiTenant',
        }),
        botAppId: BOT_APP_ID,
        // Graph's presence as production paces it; the list is not matched in the directory.
        presence: new TenantPresenceProvider(
          createClusterGraphTenants(
            {
              graph: { tenantId: GRAPH_TENANT, clientId: 'graph-client', clientSecret: 'secret' },
              graphCloud: GLOBAL_CLOUD,
            },
            silentLogger,
            { clock, slots: store.sendRate },
          ),
        ),
        planRng,
        ladderRng: (d) => seededRng(ladderSeed(d.email, d.attempts)),
      });

      const started = await engine.starter.start(campaign.id);
      assert.deepEqual(
        { started: started.started, planned: started.planned, unreachable: started.unreachable },
        { started: true, planned: 6, unreachable: 1 },
      );
      const planned = await store.deliveries.list(campaign.id, { limit: 100 });
      for (const d of planned.filter((p) => p.status === 'pending')) {
        assert.equal(d.dueAt, firstT.get(d.email)!.toMillis(), `first attempt of ${d.email}`);
      }

      // The scheduler's part: wake at each next due instant and dispatch. Recipients whose
      // message just arrived follow their links right away, while the campaign still runs.
      const rounds: number[] = [];
      const clickedAt: number[] = [];
      let followed = 0;
      let sendsSeen = 0;
      for (
        let next = await store.deliveries.nextDueAt();
        next !== null;
        next = await store.deliveries.nextDueAt()
      ) {
        assert.ok(next >= clock.now().toMillis(), 'time only moves forward');
        clock.set(DateTime.fromMillis(next, { zone: ZONE }));
        rounds.push(next);
        await inVirtualTime(clock, engine.dispatcher.dispatchDue());
        for (const send of recorded.sends.slice(sendsSeen)) {
          if (send.status !== 201) continue;
          const links = trackedLinks(send.text, publicUrl);
          for (const click of CLICKS[send.name] ?? []) {
            await follow(links, click);
            followed += 1;
            if (click.method === 'GET' && click.userAgent === BROWSER) {
              clickedAt.push(clock.now().toMillis());
            }
          }
        }
        sendsSeen = recorded.sends.length;
        assert.ok(rounds.length < 100, 'the campaign never settles');
      }

      assert.equal(
        followed,
        Object.values(CLICKS).flat().length,
        'every scripted request was made',
      );

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
        [...expectedReads.entries()]
          .sort(([a], [b]) => a - b)
          .map(([ms, names]) => [at2(ms), names]),
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
      assert.ok(toAvailable.text.startsWith('Hello First1, read [the news]('));
      trackedLinks(toAvailable.text, publicUrl);

      // Final states.
      const final = new Map(
        (await store.deliveries.list(campaign.id, { limit: 100 })).map((d) => [d.email, d]),
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
      const done = await store.campaigns.get(campaign.id);
      assert.equal(done!.status, 'finished');
      assert.equal(done!.finishedAt, lastInstant.toMillis());

      // The report: every figure follows from the story above.
      const report = await store.reports.campaignReport(campaign.id);
      assert.deepEqual(
        {
          recipients: report.recipients,
          byStatus: report.byStatus,
          read: report.read,
          failedByReason: report.failedByReason,
          unscheduledByReason: report.unscheduledByReason,
          distinctClickers: report.distinctClickers,
          totalClicks: report.totalClicks,
          clicksPerLink: report.clicksPerLink,
        },
        {
          recipients: LIST.length,
          byStatus: {
            pending: 0,
            sending: 0,
            sent: 4,
            failed: 1,
            unknown: 0,
            unscheduled: 1,
            unreachable: 1,
          },
          read: 0,
          failedByReason: [{ reason: 'blocked-by-user', count: 1 }],
          unscheduledByReason: [{ reason: 'ladder-exhausted', count: 1 }],
          distinctClickers: 2,
          totalClicks: 4,
          clicksPerLink: [
            { url: NEWS, clicks: 3, distinctRecipients: 2 },
            { url: AGENDA, clicks: 1, distinctRecipients: 1 },
          ],
        },
      );
      const sentAts = [...final.values()].filter((d) => d.status === 'sent').map((d) => d.sentAt!);
      assert.equal(
        report.timeline.reduce((sum, bucket) => sum + bucket.sends, 0),
        report.byStatus.sent,
      );
      assert.deepEqual(report.timeline, hourlyTimeline(sentAts, clickedAt));

      // The author got that report once, as a card, in their own conversation.
      assert.equal(recorded.authorPosts.length, 1);
      const [post] = recorded.authorPosts;
      assert.equal(post!.at, lastInstant.toMillis());
      assert.equal(
        post!.activity.text,
        'Your campaign **Winter news** has finished. Here is its final report.',
      );
      assert.equal(post!.activity.attachments?.length, 1);
      const card = post!.activity.attachments[0]!;
      assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive');
      const texts = cardTexts(card.content);
      assert.equal(texts[0], 'Report: Winter news');
      assert.equal(
        texts[1],
        `Finished · as of ${lastInstant.toFormat('d LLL yyyy HH:mm')} (Europe/Paris)`,
      );
      assert.deepEqual(cardFacts(card.content), [
        ['Recipients', '7'],
        ['Sent', '4'],
        ['Read', '0 (0% of sent)'],
        ['Failed', '1'],
        ['Unscheduled', '1'],
        ['Unknown', '0'],
        ['Pending', '0'],
        ['Unreachable', '1'],
        ['blocked the bot', '1'],
        ['absent on every attempt (3 working days)', '1'],
        ['Click engagement', '50% (2 of 4 sent)'],
        ['Total clicks', '4'],
      ]);
      const topLinks = texts.slice(texts.indexOf('Top links') + 1);
      assert.deepEqual(topLinks, [
        NEWS,
        '3 clicks by 2 recipients',
        AGENDA,
        '1 click by 1 recipient',
      ]);

      clock.set(at('2026-12-10T00:00:00'));
      assert.equal(await engine.finisher.finish(campaign.id, 'duration-over'), false);
      assert.equal(recorded.authorPosts.length, 1, 'the author is told once');
    });
  });
}

/** The report's timeline restated: UTC hours holding a send or a click, ascending. */
function hourlyTimeline(sentAts: number[], clickedAts: number[]) {
  const HOUR = 3_600_000;
  const buckets = new Map<number, { hourStart: number; sends: number; clicks: number }>();
  const bucket = (ms: number) => {
    const hourStart = Math.floor(ms / HOUR) * HOUR;
    const found = buckets.get(hourStart) ?? { hourStart, sends: 0, clicks: 0 };
    buckets.set(hourStart, found);
    return found;
  };
  for (const ms of sentAts) bucket(ms).sends += 1;
  for (const ms of clickedAts) bucket(ms).clicks += 1;
  return [...buckets.values()].sort((a, b) => a.hourStart - b.hourStart);
}

/** Every fact of an Adaptive Card, depth first, as [title, value]. */
function cardFacts(node: unknown): Array<[string, string]> {
  if (Array.isArray(node)) return node.flatMap(cardFacts);
  if (typeof node !== 'object' || node === null) return [];
  const { facts, ...rest } = node as { facts?: Array<{ title: string; value: string }> };
  const own = (facts ?? []).map((f): [string, string] => [f.title, f.value]);
  return [...own, ...Object.values(rest).flatMap(cardFacts)];
}

/** Every TextBlock's text of an Adaptive Card, depth first. */
function cardTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(cardTexts);
  if (typeof node !== 'object' || node === null) return [];
  const element = node as { type?: string; text?: string };
  const own = element.type === 'TextBlock' && element.text !== undefined ? [element.text] : [];
  return [...own, ...Object.values(node).flatMap(cardTexts)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Instants as Paris wall-clock text, so a failure reads like a timetable. */
function at2(ms: number): string {
  return DateTime.fromMillis(ms, { zone: ZONE }).toFormat('ccc HH:mm:ss');
}
