/**
 * A whole campaign through the app createApp builds, in virtual time, on both stores: chat →
 * confirm → Agenda starts it → presence read (Grace absent twice) → the ladder → sends with
 * tracked links → a click → finish → the author's report card. One ManualClock drives the
 * scheduler (Agenda reads it through `Date`, see virtualDate.ts), the dispatch worker and every
 * rule. Microsoft Graph and the Bot Connector are faked by nock; everything else is real.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import nock from 'nock';
import type { ManualClock } from '../../src/clock.js';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { cardOf as formCardOf } from '../dialogs/campaignFormChat.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { ADA, ADMIN_EMAIL, E2eApp, GRACE, TeamsUser } from './appHarness.js';
import { ALL_REACHABLE_USERS, CONFIRM, SCHEDULE, cardFacts, textOf } from './chatSteps.js';
import { standInConnectorAt, type StandInConnector } from '../support/standInConnector.js';
import { runUntil } from './virtualRun.js';

/** The campaigns' tenant: Graph serves only its own tenant's campaigns. */
const GRAPH_TENANT = 'tenant-1';
const SALE = 'https://contoso.test/sale';
const MESSAGE = `Hi {{firstName}}, the sale is on: ${SALE}`;
const START = DateTime.fromISO('2036-12-08T09:00:00', { zone: 'Europe/Paris' });
const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36';

interface PresenceRead {
  at: number;
  ids: string[];
}

/** Graph's token endpoint, and presence: Grace is Away on her first two reads, then Available. */
function fakeGraph(clock: ManualClock): PresenceRead[] {
  const reads: PresenceRead[] = [];
  nock('https://login.microsoftonline.com')
    .post(`/${GRAPH_TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' })
    .persist();
  let graceReads = 0;
  nock('https://graph.microsoft.com')
    .post('/v1.0/communications/getPresencesByUserId')
    .reply(200, (_uri, body) => {
      const ids = (body as { ids: string[] }).ids;
      reads.push({ at: clock.now().toMillis(), ids: [...ids].sort() });
      return {
        value: ids.map((id) => {
          const absent = id === GRACE.aadObjectId && ++graceReads <= 2;
          return { id, availability: absent ? 'Away' : 'Available' };
        }),
      };
    })
    .persist();
  return reads;
}

for (const kind of STORE_KINDS) {
  describe(`e2e in virtual time on ${kind}: a campaign from chat to the author's report`, function () {
    this.timeout(60_000);
    let e2e: E2eApp;
    let clock: ManualClock;
    let connector: StandInConnector;
    let presenceReads: PresenceRead[];

    beforeEach(async function () {
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
      connector = standInConnectorAt(CONNECTOR, [ADA, GRACE]);
      e2e = await E2eApp.startInVirtualTime(kind, this, {
        GRAPH_TENANT_ID: GRAPH_TENANT,
        GRAPH_CLIENT_ID: 'graph-client',
        GRAPH_CLIENT_SECRET: 'graph-secret',
      });
      clock = e2e.clock;
      presenceReads = fakeGraph(clock);
    });

    afterEach(async () => {
      await e2e?.stop();
      nock.cleanAll();
      nock.enableNetConnect();
    });

    it('chat → confirm → start → Grace absent twice → ladder → tracked links → click → finish → report card', async () => {
      const user = (member: typeof ADA) => new TeamsUser(e2e, connector, member);
      const admin = user(ADA);
      const grace = user(GRACE);
      await admin.install();
      await grace.install();

      assert.equal(formCardOf(await admin.say('new campaign')).card, 'campaignBasics');
      const basics = {
        card: 'campaignBasics',
        name: 'Winter Sale',
        message: MESSAGE,
        channel: 'teams',
      };
      assert.equal(formCardOf(await admin.say({ value: basics })).card, 'campaignAudience');
      assert.equal(
        formCardOf(await admin.say({ value: ALL_REACHABLE_USERS })).card,
        'campaignSchedule',
      );
      const schedule = { ...SCHEDULE, presencePolicy: 'available' };
      assert.equal(formCardOf(await admin.say({ value: schedule })).card, 'campaignSummary');
      assert.match(
        textOf(await admin.say({ value: CONFIRM })),
        /saved and scheduled: it starts Mon 8 Dec 2036, 09:00/,
      );
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      assert.ok(campaign);

      // Agenda's start job comes due on the injected clock.
      clock.set(START);
      // Running is set before the start job has planned every page: wait for both.
      await runUntil(
        e2e,
        'the campaign starts and is planned',
        async () =>
          (await e2e.store.campaigns.get(campaign.id))?.status === 'running' &&
          (await e2e.store.deliveries.list(campaign.id, { limit: 10 })).length === 2,
      );
      const planned = await e2e.store.deliveries.list(campaign.id, { limit: 10 });
      assert.equal(planned.length, 2);
      const firstAttempt = new Map(planned.map((d) => [d.email, d.dueAt!]));

      // The first recipient to get the message follows its link while the campaign still runs.
      let clicked = false;
      await runUntil(e2e, 'the author has the final report', async () => {
        const firstSend = connector.posted.find((p) => p.activity.text?.includes('the sale is on'));
        if (firstSend && !clicked) {
          clicked = true;
          const link =
            /\((https:\/\/bot\.contoso\.test\/r\/[^)]+)\)|(https:\/\/bot\.contoso\.test\/r\/\S+)/.exec(
              firstSend.activity.text!,
            )!;
          const path = new URL(link[1] ?? link[2]!).pathname;
          const res = await fetch(`${e2e.baseUrl}${path}`, {
            redirect: 'manual',
            headers: { 'user-agent': BROWSER },
          });
          assert.equal(res.status, 302);
          assert.equal(res.headers.get('location'), SALE);
        }
        const finished = (await e2e.store.campaigns.get(campaign.id))?.status === 'finished';
        return finished && connector.posted.some((p) => p.activity.text?.includes('has finished'));
      });

      // Grace: read at her first attempt T and at T+10 min (absent), sent at the next full hour.
      const t = firstAttempt.get(GRACE.email!.toLowerCase())!;
      const graceReads = presenceReads
        .filter((r) => r.ids.includes(GRACE.aadObjectId!))
        .map((r) => r.at);
      const nextFullHour = DateTime.fromMillis(t + 10 * 60_000, { zone: 'Europe/Paris' })
        .startOf('hour')
        .plus({ hours: 1 });
      const graceDelivery = (await e2e.store.deliveries.list(campaign.id, { limit: 10 })).find(
        (d) => d.email === GRACE.email!.toLowerCase(),
      )!;
      assert.equal(graceDelivery.status, 'sent');
      assert.equal(graceDelivery.attempts, 3);
      assert.equal(graceReads.length, 3);
      assert.equal(graceDelivery.sentAt, graceReads[2]);
      const closing = DateTime.fromMillis(t, { zone: 'Europe/Paris' }).set({
        hour: 18,
        minute: 0,
        second: 0,
        millisecond: 0,
      });
      if (nextFullHour < closing) {
        assertAt(graceReads, [t, t + 10 * 60_000, nextFullHour.toMillis()]);
      } else {
        // Her random first attempt was late that day: the ladder went on the next working day.
        assertAt(graceReads.slice(0, 1), [t]);
        assert.ok(graceReads[2]! > closing.toMillis(), 'the last rung is after that closing time');
      }
      const adaDelivery = (await e2e.store.deliveries.list(campaign.id, { limit: 10 })).find(
        (d) => d.email === ADMIN_EMAIL,
      )!;
      assertAt([adaDelivery.sentAt!], [firstAttempt.get(ADMIN_EMAIL)!]);

      const sends = connector.posted.filter((p) => p.activity.text?.includes('the sale is on'));
      assert.deepEqual(
        sends.map((p) => p.conversationId).sort(),
        [admin.conversationId, grace.conversationId].sort(),
      );
      for (const send of sends)
        assert.ok(!send.activity.text!.includes(SALE), 'the link is tracked');

      const reportPost = connector.posted.find((p) => p.activity.text?.includes('has finished'));
      assert.ok(reportPost, 'the author got the final report');
      assert.equal(reportPost.conversationId, admin.conversationId);
      const card = reportPost.activity.attachments![0]!;
      assert.deepEqual(
        cardFacts(card.content).filter(([title]) =>
          ['Recipients', 'Sent', 'Unscheduled', 'Click engagement', 'Total clicks'].includes(title),
        ),
        [
          ['Recipients', '2'],
          ['Sent', '2'],
          ['Unscheduled', '0'],
          ['Click engagement', '50% (1 of 2 sent)'],
          ['Total clicks', '1'],
        ],
      );
    });
  });
}

/**
 * Each instant is the planned one, or up to the worker's busy poll later: a worker that looked
 * at the store a moment before the delivery fell due claims it at its next look (250 ms).
 */
function assertAt(actual: number[], planned: number[]): void {
  assert.equal(actual.length, planned.length);
  actual.forEach((at, i) => {
    const late = at - planned[i]!;
    assert.ok(late >= 0 && late <= 250, `instant ${i}: ${late} ms after the planned one`);
  });
}
