/**
 * End to end, the whole way: a campaign created by chat is started by Agenda, dispatched, and
 * its message arrives at the (nock) Bot Connector as a proactive message in each recipient's
 * chat; then the author gets the final report. The app is createApp's, over real HTTP; the
 * same test on SQLite and on MongoDB (there with Agenda's MongoBackend).
 *
 * Agenda decides when jobs are due from the wall clock, the business logic from the injected
 * clock. So the ManualClock starts at the real "now", in a time zone where it is about noon
 * (working hours 08:00–18:00, every weekday, one day): the start job is due at once on the wall
 * clock, the end-of-campaign job only at local midnight, hours away. The random first attempt
 * lies later today; the test moves the ManualClock there, which wakes the dispatch worker (it
 * sleeps on that clock), and it sends. Nothing depends on the time of day the suite runs at.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import nock from 'nock';
import type { StoreKind } from '../../src/store/Store.js';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { ADA, E2eApp, GRACE, TeamsUser } from './appHarness.js';
import {
  ADAPTIVE_CARD,
  BASICS,
  contentTypes,
  createCampaignByChat,
  SCHEDULE,
} from './chatSteps.js';
import {
  standInConnectorAt,
  type PostedActivity,
  type StandInConnector,
} from '../support/standInConnector.js';

/** Agenda's scan (200 ms, appHarness) and a campaign's run, with room to spare on a loaded machine. */
const JOB_WAIT_MS = 40_000;

for (const kind of STORE_KINDS) describeDelivery(kind);

function describeDelivery(kind: StoreKind): void {
  describe(`e2e: a campaign created by chat is delivered (createApp over HTTP, ${kind})`, function () {
    this.timeout(2 * JOB_WAIT_MS + 20_000);
    let e2e: E2eApp;
    let connector: StandInConnector;

    beforeEach(async function () {
      e2e = await E2eApp.start(kind, this, DateTime.utc().startOf('second'));
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
      connector = standInConnectorAt(CONNECTOR, [ADA, GRACE]);
    });

    afterEach(async () => {
      nock.cleanAll();
      nock.enableNetConnect();
      await e2e?.stop();
    });

    it('Agenda starts it, the dispatcher sends it to every reachable user, the author gets the report', async () => {
      const admin = new TeamsUser(e2e, connector, ADA);
      const grace = new TeamsUser(e2e, connector, GRACE);
      await admin.install();
      await grace.joinConversation();

      const now = e2e.clock.now();
      const timeZone = zoneAtNoon(now);
      const today = now.setZone(timeZone);
      assert.equal(today.hour, 12, `${timeZone} puts "now" at noon`);
      const confirmation = await createCampaignByChat(admin, {
        ...SCHEDULE,
        timeZone,
        startDate: today.toISODate()!,
        durationDays: '1',
        open: '08:00',
        close: '18:00',
        weekdays: '1-7',
      });
      assert.equal(
        confirmation,
        `Campaign “${BASICS.name}” is saved and scheduled: it starts now, within today’s working hours.`,
      );
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      assert.ok(campaign);

      // The start job runs on Agenda's next poll and plans one delivery per reachable user.
      await waitFor(
        async () => (await e2e.store.deliveries.countByStatus(campaign.id)).pending === 2,
        'the campaign-start job planned two deliveries',
      );
      assert.equal((await e2e.store.campaigns.get(campaign.id))?.status, 'running');
      const planned = await e2e.store.deliveries.list(campaign.id, { limit: 10 });
      const close = today.set({ hour: 18, minute: 0, second: 0, millisecond: 0 });
      for (const delivery of planned) {
        assert.ok(
          delivery.dueAt !== null &&
            delivery.dueAt >= now.toMillis() &&
            delivery.dueAt <= close.toMillis(),
          `first attempt of ${delivery.email} inside today's remaining hours`,
        );
      }
      assert.equal(proactive(connector).length, 0, 'nothing is sent before it is due');

      const lastDue = Math.max(...planned.map((d) => d.dueAt!));
      // The dispatch worker and the cluster-wide pacing wait on the injected clock: time moves
      // on in 10 ms steps from the last first attempt until both messages and the report (which
      // follows the message in Ada's chat after the per-chat pacing) have gone.
      e2e.clock.set(DateTime.fromMillis(lastDue, { zone: timeZone }));
      await waitFor(
        async () => {
          if (proactive(connector).length >= 3) return true;
          e2e.clock.advance({ milliseconds: 10 });
          return false;
        },
        'two messages and the report',
        10,
      );

      const sent = proactive(connector);
      const messages = sent.filter((p) => contentTypes([p.activity]).length === 0);
      assert.deepEqual(
        messages.map((p) => ({ to: p.conversationId, text: p.activity.text })).sort(byRecipient),
        [
          { to: admin.conversationId, text: 'Hi Ada, our **winter sale** starts on Monday.' },
          { to: grace.conversationId, text: 'Hi Grace, our **winter sale** starts on Monday.' },
        ],
      );
      const report = sent.find((p) => contentTypes([p.activity]).includes(ADAPTIVE_CARD));
      assert.equal(report?.conversationId, admin.conversationId, 'the report goes to the author');
      assert.equal(
        report.activity.text,
        `Your campaign **${BASICS.name}** has finished. Here is its final report.`,
      );

      const delivered = await e2e.store.deliveries.list(campaign.id, { limit: 10 });
      assert.deepEqual(
        delivered
          .map((d) => ({ email: d.email, status: d.status }))
          .sort((a, b) => a.email.localeCompare(b.email)),
        [
          { email: 'ada@contoso.test', status: 'sent' },
          { email: 'grace@contoso.test', status: 'sent' },
        ],
      );
      // Virtual time moves on by 10 ms per 10 ms of real time here, so how late (in virtual ms)
      // depends on how fast the store answers; bounded well inside the 2 s due → sent goal.
      // sentAt is stamped when the connector answered, so the spacing of departures (one slot
      // per tenant) is proven where arrivals are timed: ClusterPacer and the cluster test.
      const [first, second] = delivered.map((d) => d.sentAt!).sort((a, b) => a - b);
      assert.ok(
        first! >= lastDue && first! < lastDue + 1_000,
        `first sent ${first! - lastDue} ms late`,
      );
      assert.ok(second! - first! < 1_000, `${second! - first!} ms apart`);
      const finished = await e2e.store.campaigns.get(campaign.id);
      assert.equal(finished?.status, 'finished');
      // Finished right after the last send; the test keeps moving time in 10 ms steps meanwhile.
      const finishedAt = finished!.finishedAt!;
      assert.ok(
        finishedAt >= second! && finishedAt - second! < 1_000,
        `finished ${finishedAt - second!} ms after the last send`,
      );
    });
  });
}

/** Posts that answer no incoming activity: what the bot sent on its own. */
function proactive(connector: StandInConnector): PostedActivity[] {
  return connector.posted.filter((p) => p.replyToId === undefined);
}

function byRecipient(a: { to: string }, b: { to: string }): number {
  return a.to.localeCompare(b.to);
}

/** A fixed-offset IANA zone where `instant` falls in the 12:00 hour (Etc/GMT signs are inverted). */
function zoneAtNoon(instant: DateTime): string {
  const offsetHours = 12 - instant.toUTC().hour;
  if (offsetHours === 0) return 'Etc/GMT';
  return offsetHours > 0 ? `Etc/GMT-${offsetHours}` : `Etc/GMT+${-offsetHours}`;
}

async function waitFor(
  condition: () => Promise<boolean>,
  what: string,
  everyMs = 200,
): Promise<void> {
  const deadline = Date.now() + JOB_WAIT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${JOB_WAIT_MS / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
