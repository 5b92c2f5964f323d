/**
 * Reminders end to end, in virtual time, on both stores: a campaign created by chat with
 * reminders on, started by Agenda, its messages and reminders sent by the dispatch worker to the
 * stand-in Bot Connector, read receipts posted to the bot's own endpoint, the author's report.
 *
 * The campaign runs Friday to Tuesday in Paris office hours (09:00–18:00, Monday to Friday) and
 * reminds "2 after 9 hours": 9 working hours are one working day, so a message sent on Friday at
 * T is reminded of on Monday at T and again on Tuesday at T — across the weekend and the nights.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import nock from 'nock';
import type { ManualClock } from '../../src/clock.js';
import type { Delivery } from '../../src/domain/delivery.js';
import { reminderId } from '../../src/domain/reminders.js';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { cardOf as formCardOf } from '../dialogs/campaignFormChat.js';
import { STORE_KINDS } from '../support/testStorage.js';
import {
  standInConnectorAt,
  type PostedActivity,
  type StandInConnector,
} from '../support/standInConnector.js';
import { ADA, E2eApp, GRACE, TeamsUser } from './appHarness.js';
import { ALL_REACHABLE_USERS, CONFIRM, SCHEDULE, cardFacts, textOf } from './chatSteps.js';
import { runUntil } from './virtualRun.js';

const ZONE = 'Europe/Paris';
const MESSAGE = 'Hi {{firstName}}, please read the new travel policy.';
/** Friday 12 December 2036, the campaign's first day. */
const FRIDAY = DateTime.fromISO('2036-12-12T09:00:00', { zone: ZONE });
const HOUR = 3_600_000;
/** A worker that looked at the store just before a delivery fell due claims it at its next look. */
const BUSY_POLL_MS = 250;

for (const kind of STORE_KINDS) {
  describe(`e2e in virtual time on ${kind}: reminders to those who have not read`, function () {
    this.timeout(90_000);
    let e2e: E2eApp;
    let clock: ManualClock;
    let connector: StandInConnector;

    beforeEach(async function () {
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
      connector = standInConnectorAt(CONNECTOR, [ADA, GRACE]);
      e2e = await E2eApp.startInVirtualTime(kind, this);
      clock = e2e.clock;
    });

    afterEach(async () => {
      await e2e?.stop();
      nock.cleanAll();
      nock.enableNetConnect();
    });

    /** Creates the campaign by chat (5 turns on cards) and runs it until both messages are sent. */
    async function campaignSentOnFriday(durationDays: string) {
      const admin = new TeamsUser(e2e, connector, ADA);
      const grace = new TeamsUser(e2e, connector, GRACE);
      await admin.install();
      await grace.install();
      admin.turns = 0;
      assert.equal(formCardOf(await admin.say('new campaign')).card, 'campaignBasics');
      const basics = {
        card: 'campaignBasics',
        name: 'Travel policy',
        message: MESSAGE,
        channel: 'teams',
      };
      assert.equal(formCardOf(await admin.say({ value: basics })).card, 'campaignAudience');
      assert.equal(
        formCardOf(await admin.say({ value: ALL_REACHABLE_USERS })).card,
        'campaignSchedule',
      );
      const schedule = {
        ...SCHEDULE,
        startDate: FRIDAY.toISODate()!,
        durationDays,
        reminders: '2 after 9 hours',
      };
      const summary = await admin.say({ value: schedule });
      assert.equal(formCardOf(summary).card, 'campaignSummary');
      assert.deepEqual(
        cardFacts(summary[0]!.attachments![0]!.content).find(([title]) => title === 'Reminders'),
        [
          'Reminders',
          '2, each 9 working hours after the message before, to those who have not read or clicked',
        ],
      );
      assert.match(textOf(await admin.say({ value: CONFIRM })), /saved and scheduled/);
      assert.equal(admin.turns, 5, 'reminders take no turn of their own');
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      assert.ok(campaign);

      clock.set(FRIDAY);
      await runUntil(e2e, 'both messages are sent', async () => {
        const originals = await e2e.store.deliveries.list(campaign.id, { limit: 10 });
        return originals.length === 2 && originals.every((d) => d.status === 'sent');
      });
      const originals = await e2e.store.deliveries.list(campaign.id, { limit: 10 });
      const of = (member: typeof ADA) =>
        originals.find((d) => d.email === member.email!.toLowerCase())!;
      return { admin, grace, campaign, ada: of(ADA), graceDelivery: of(GRACE) };
    }

    it('reminds on Monday and Tuesday whoever has not read, inside hours, at most twice; skips whoever read in between; the report shows them', async () => {
      const { admin, grace, campaign, ada, graceDelivery } = await campaignSentOnFriday('5');

      // Both reminders were planned as the messages went; Grace reads on Saturday, after hers
      // was planned and before it is due.
      const graceReminder = await e2e.store.deliveries.get(reminderId(graceDelivery.id, 1));
      assert.equal(graceReminder?.status, 'pending');
      clock.set(FRIDAY.plus({ days: 1, hours: 3 }));
      await readReceipt(grace);

      await runUntil(
        e2e,
        'the campaign finishes',
        async () =>
          (await e2e.store.campaigns.get(campaign.id))?.status === 'finished' &&
          connector.posted.some((p) => p.activity.text?.includes('has finished')),
      );

      const adaReminders = reminderPosts(connector, admin.conversationId);
      assert.equal(adaReminders.length, 2, 'two reminders, no more');
      const sentAt = DateTime.fromMillis(ada.sentAt!, { zone: ZONE });
      assert.equal(
        adaReminders[0]!.activity.text,
        `**Reminder 1 of 2:** “Travel policy”, sent Friday 12 December at ${sentAt.toFormat('HH:mm')}.\n\n---\n\nHi Ada, please read the new travel policy.`,
      );
      assert.match(adaReminders[1]!.activity.text!, /^\*\*Reminder 2 of 2:\*\* “Travel policy”/);

      const first = (await e2e.store.deliveries.get(reminderId(ada.id, 1)))!;
      const second = (await e2e.store.deliveries.get(reminderId(ada.id, 2)))!;
      // 9 working hours after Friday at T is Monday at T, then Tuesday at T.
      assertAt(first, sentAt.plus({ days: 3 }).toMillis());
      assertAt(second, first.sentAt! + 24 * HOUR);
      for (const reminder of [first, second]) assertInsideHours(reminder.sentAt!);
      assert.equal(await e2e.store.deliveries.get(reminderId(ada.id, 3)), null);

      assert.deepEqual(reminderPosts(connector, grace.conversationId), [], 'Grace had read');
      const skipped = await e2e.store.deliveries.get(reminderId(graceDelivery.id, 1));
      assert.equal(skipped?.status, 'unscheduled');
      assert.equal(skipped?.reason, 'read-before-reminder');

      // The audience is two recipients, whatever reminders were sent.
      const report = connector.posted.find((p) => p.activity.text?.includes('has finished'))!;
      const facts = new Map(cardFacts(report.activity.attachments![0]!.content));
      assert.equal(facts.get('Recipients'), '2');
      assert.equal(facts.get('Sent'), '2');
      assert.equal(facts.get('Read'), '1 (50% of sent)');
      assert.equal(facts.get('Reminders sent'), '2 to 1 recipient');
      assert.equal(facts.get('Read after a reminder'), '0 recipients');

      // Ada reads after her reminders: the reminders brought it.
      clock.set(DateTime.fromMillis(second.sentAt! + HOUR, { zone: ZONE }));
      await readReceipt(admin);
      const after = await e2e.store.reports.campaignReport(campaign.id);
      assert.deepEqual(after.reminders, {
        sent: 2,
        recipients: 1,
        readAfter: 1,
        clickedAfter: 0,
        acknowledgedAfter: 0,
      });
      assert.equal(after.recipients, 2);
    });

    it('sends no reminder that would fall after the campaign’s end', async () => {
      // Friday and the weekend: the reminder would be due on Monday, after the end.
      const { admin, campaign, ada } = await campaignSentOnFriday('3');
      assert.equal(await e2e.store.deliveries.get(reminderId(ada.id, 1)), null);
      await runUntil(
        e2e,
        'the campaign finishes',
        async () => (await e2e.store.campaigns.get(campaign.id))?.status === 'finished',
      );
      assert.deepEqual(reminderPosts(connector, admin.conversationId), []);
    });
  });
}

/** Teams' read receipt, as a user's client sends it when they open the chat. */
async function readReceipt(user: TeamsUser): Promise<void> {
  await user.send({
    type: 'event',
    name: 'application/vnd.microsoft.readReceipt',
    value: { lastReadMessageId: '1' },
  });
}

function reminderPosts(connector: StandInConnector, conversationId: string): PostedActivity[] {
  return connector.posted.filter(
    (p) => p.conversationId === conversationId && p.activity.text?.startsWith('**Reminder'),
  );
}

function assertAt(reminder: Delivery, due: number): void {
  assert.equal(reminder.status, 'sent');
  const late = reminder.sentAt! - due;
  assert.ok(late >= 0 && late <= BUSY_POLL_MS, `sent ${late} ms after it was due`);
}

function assertInsideHours(at: number): void {
  const local = DateTime.fromMillis(at, { zone: ZONE });
  assert.ok(
    local.weekday <= 5 && local.hour >= 9 && local.hour < 18,
    `${local.toISO()} is inside hours`,
  );
}
