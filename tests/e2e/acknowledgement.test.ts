/**
 * Acknowledgement end to end (campaign option `acknowledgement`), on the app createApp builds,
 * in virtual time, on both stores, with the stand-in Bot Connector (nock) answering posts and
 * in-place updates (`PUT …/activities/{id}`): the Acknowledge button only when asked, a press
 * updating the card to say when in the clicker's zone, a double click recorded once, someone
 * else's card refused, a Skype reply `acknowledge`, and the report card and CSV counting them.
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { DateTime } from 'luxon';
import nock from 'nock';
import { NOT_YOURS } from '../../src/bot/AcknowledgementAnswers.js';
import { ACKNOWLEDGE_REQUEST } from '../../src/cards/acknowledgementCard.js';
import {
  ACKNOWLEDGE_REPLY_REQUEST,
  describeAcknowledgedAt,
} from '../../src/domain/acknowledgement.js';
import type { Delivery } from '../../src/domain/delivery.js';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { standInConnectorAt, type StandInConnector } from '../support/standInConnector.js';
import { ADA, E2eApp, GRACE, TeamsUser } from './appHarness.js';
import {
  ADAPTIVE_CARD,
  ALL_REACHABLE_USERS,
  BASICS,
  CONFIRM,
  SCHEDULE,
  cardFacts,
  textOf,
} from './chatSteps.js';
import { SkypeUser } from './skypeUser.js';
import { runUntil } from './virtualRun.js';

const START = DateTime.fromISO('2036-12-08T09:00:00', { zone: 'Europe/Paris' });
const POLICY = 'Please read the new travel policy.';
const SALE = 'The winter sale starts today.';
const CODE = /\*\*(\d{6})\*\*/;

interface CardContent {
  body: { type: string; text?: string }[];
  actions?: { type: string; title: string; data?: Record<string, unknown> }[];
}

/** The cards of a message, as their JSON. */
function cardsOf(activity: Partial<Activity>): CardContent[] {
  return (activity.attachments ?? [])
    .filter((attachment) => attachment.contentType === ADAPTIVE_CARD)
    .map((attachment) => attachment.content as CardContent);
}

async function createCampaign(
  admin: TeamsUser,
  basics: { name: string; message: string; channel: 'teams' | 'skype' },
  acknowledgement: 'on' | 'off',
): Promise<void> {
  await admin.say('new campaign');
  await admin.say({ value: { ...BASICS, ...basics } });
  await admin.say({ value: ALL_REACHABLE_USERS });
  await admin.say({ value: { ...SCHEDULE, acknowledgement } });
  assert.match(textOf(await admin.say({ value: CONFIRM })), /is saved and scheduled/);
}

async function everyDeliverySent(e2e: E2eApp): Promise<boolean> {
  for (const campaign of await e2e.store.campaigns.list(TENANT_ID)) {
    const deliveries = await e2e.store.deliveries.list(campaign.id, { limit: 10 });
    if (deliveries.length === 0 || deliveries.some((d) => d.status !== 'sent')) return false;
  }
  return true;
}

for (const kind of STORE_KINDS) {
  describe(`e2e acknowledgement on ${kind}`, function () {
    this.timeout(90_000);
    let e2e: E2eApp;
    let connector: StandInConnector;

    beforeEach(async function () {
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
      connector = standInConnectorAt(CONNECTOR, [ADA, GRACE]);
      e2e = await E2eApp.startInVirtualTime(kind, this);
    });

    afterEach(async () => {
      await e2e?.stop();
      nock.cleanAll();
      nock.enableNetConnect();
    });

    /** Grace's delivery of the campaign named `name`, with the message she was sent. */
    async function gracesMessage(
      name: string,
    ): Promise<{ delivery: Delivery; post: Partial<Activity>; activityId: string }> {
      const campaign = await e2e.store.campaigns.findByName(TENANT_ID, name);
      assert.ok(campaign);
      const deliveries = await e2e.store.deliveries.list(campaign.id, { limit: 10 });
      const delivery = deliveries.find((d) => d.email === GRACE.email);
      assert.ok(delivery?.activityId, 'Grace’s message was sent');
      const index = Number(/^activity-(\d+)$/.exec(delivery.activityId)![1]);
      const post = connector.posted[index]!;
      assert.equal(post.conversationId, `a:chat-${GRACE.id}`);
      return { delivery, post: post.activity, activityId: delivery.activityId };
    }

    it('Teams: the button only when asked; a press updates the card in place; a double click records one; someone else’s press is refused; the report and CSV count it', async () => {
      const ada = new TeamsUser(e2e, connector, ADA);
      const grace = new TeamsUser(e2e, connector, GRACE);
      await ada.install();
      await grace.install();
      await createCampaign(ada, { name: 'Policy', message: POLICY, channel: 'teams' }, 'on');
      await createCampaign(ada, { name: 'Winter Sale', message: SALE, channel: 'teams' }, 'off');
      const info = new Map(cardFacts((await ada.say('info Policy')).flatMap(cardsOf)));
      assert.equal(info.get('Acknowledgement'), 'asked: recipients press Acknowledge');

      e2e.clock.set(START);
      await runUntil(e2e, 'every message is sent', () => everyDeliverySent(e2e));

      const sale = await gracesMessage('Winter Sale');
      assert.equal(sale.post.text, SALE);
      assert.deepEqual(cardsOf(sale.post), [], 'no card, no button, when not asked');

      // One card carrying the message: Teams could not replace a text with a card in place.
      const policy = await gracesMessage('Policy');
      assert.equal(policy.post.text, undefined);
      const [card] = cardsOf(policy.post);
      assert.deepEqual(
        card?.body.map((e) => e.text),
        [POLICY, ACKNOWLEDGE_REQUEST],
      );
      assert.deepEqual(card?.actions, [
        { type: 'Action.Submit', title: 'Acknowledge', data: { acknowledge: policy.delivery.id } },
      ]);
      /** A press of the Acknowledge button by `user`: the bot's posts in their chat. */
      const press = async (
        user: TeamsUser,
        zone: Partial<Activity> = { localTimezone: 'America/New_York' },
      ) =>
        (
          await user.send({
            type: 'message',
            text: '',
            value: { acknowledge: policy.delivery.id },
            replyToId: policy.activityId,
            ...zone,
          })
        ).filter((p) => p.conversationId === user.conversationId);

      // Ada presses the button of Grace's card (a forwarded card, or a forged submit).
      const refused = await press(ada);
      assert.deepEqual(
        refused.map((p) => p.activity.text),
        [NOT_YOURS],
      );
      assert.equal((await e2e.store.deliveries.get(policy.delivery.id))?.acknowledgedAt, undefined);
      assert.equal(connector.updated.length, 0, 'no card updated');

      // Grace double-clicks: the two presses reach the bot at once.
      e2e.clock.set(e2e.clock.now().plus({ minutes: 7 }));
      const pressedAt = e2e.clock.now().toMillis();
      const before = connector.posted.length;
      await Promise.all([press(grace), press(grace)]);
      // Each turn's answer lists what both posted meanwhile: read Grace's chat itself.
      const replies = connector.posted
        .slice(before)
        .filter((p) => p.conversationId === grace.conversationId);
      const acknowledged = await e2e.store.deliveries.get(policy.delivery.id);
      assert.equal(acknowledged?.acknowledgedAt, pressedAt);
      const when = describeAcknowledgedAt(pressedAt, 'America/New_York');
      assert.match(when, /^Monday 8 December 2036 at \d\d:\d\d \(America\/New_York\)$/);

      assert.equal(connector.updated.length, 1, 'one update in place');
      const [update] = connector.updated;
      assert.equal(update?.conversationId, `a:chat-${GRACE.id}`);
      assert.equal(update?.activityId, policy.activityId);
      const updated = cardsOf(update!.activity);
      assert.deepEqual(
        updated.map((c) => c.body.map((e) => e.text)),
        [[POLICY, `✅ Acknowledged on ${when}.`]],
        'the message stays as it was',
      );
      assert.deepEqual(updated[0]?.actions ?? [], [], 'the button is gone');
      assert.deepEqual(
        replies.map((p) => p.activity.text),
        [`You already acknowledged this message, on ${when}.`],
      );

      // A later press, from a client that gives its zone in its clientInfo entity: still one
      // acknowledgement, at the first press's time, said in that zone.
      e2e.clock.set(e2e.clock.now().plus({ hours: 1 }));
      const fromTokyo = {
        entities: [{ type: 'clientInfo', locale: 'ja-JP', timezone: 'Asia/Tokyo' }],
      };
      assert.deepEqual(
        (await press(grace, fromTokyo)).map((p) => p.activity.text),
        [
          `You already acknowledged this message, on ${describeAcknowledgedAt(pressedAt, 'Asia/Tokyo')}.`,
        ],
      );
      assert.equal(connector.updated.length, 1);
      assert.equal((await e2e.store.deliveries.get(policy.delivery.id))?.acknowledgedAt, pressedAt);

      const reportCard = (await ada.say('report Policy')).flatMap(cardsOf);
      const facts = new Map(cardFacts(reportCard));
      assert.equal(facts.get('Acknowledged'), '1 (50% of sent)');
      const saleFacts = new Map(cardFacts((await ada.say('report Winter Sale')).flatMap(cardsOf)));
      assert.equal(saleFacts.get('Acknowledged'), undefined);

      const exportUrl = (reportCard[0]?.actions ?? []).find((a) => a.title === 'Export CSV') as
        { url: string } | undefined;
      assert.ok(exportUrl);
      const csv = await (await e2e.get(exportUrl.url)).text();
      const [header, ...rows] = csv.trim().split('\r\n');
      assert.match(header!, /,"acknowledged_at"$/);
      const gracesRow = rows.find((row) => row.startsWith(`"${GRACE.email}"`));
      const expectedAt = DateTime.fromMillis(pressedAt, { zone: 'Europe/Paris' }).toISO({
        suppressMilliseconds: true,
      });
      assert.ok(gracesRow?.endsWith(`,"${expectedAt}"`), gracesRow);
      const adasRow = rows.find((row) => row.startsWith(`"${ADA.email!.toLowerCase()}"`));
      assert.ok(adasRow?.endsWith(',""'), adasRow);
    });

    it('Teams: when the card cannot be updated in place, the press is recorded and the recipient told in a reply', async () => {
      const ada = new TeamsUser(e2e, connector, ADA);
      const grace = new TeamsUser(e2e, connector, GRACE);
      await ada.install();
      await grace.install();
      await createCampaign(ada, { name: 'Policy', message: POLICY, channel: 'teams' }, 'on');
      e2e.clock.set(START);
      await runUntil(e2e, 'every message is sent', () => everyDeliverySent(e2e));
      const policy = await gracesMessage('Policy');

      connector.updateStatus = 403;
      const pressedAt = e2e.clock.now().toMillis();
      const replies = await grace.say({ value: { acknowledge: policy.delivery.id } });
      assert.equal(connector.updated.length, 0);
      assert.deepEqual(
        replies.map((reply) => reply.text),
        [`Acknowledged on ${describeAcknowledgedAt(pressedAt, 'Europe/Paris')}.`],
      );
      assert.equal((await e2e.store.deliveries.get(policy.delivery.id))?.acknowledgedAt, pressedAt);
    });

    it('Skype: the message asks for a reply; “acknowledge” records it once; with nothing outstanding the word means what it meant before', async () => {
      const teams = new TeamsUser(e2e, connector, ADA);
      const skype = new SkypeUser(e2e, connector, 'live:ada', 'Ada');
      await teams.install();
      await skype.addBot();
      const code = CODE.exec(textOf(await teams.say('link skype')))?.[1];
      assert.ok(code);
      assert.match((await skype.say(`link ${code}`))[0]!, /^Linked/);
      await createCampaign(
        teams,
        { name: 'Skype policy', message: POLICY, channel: 'skype' },
        'on',
      );

      const before = (await skype.say('acknowledge')).join('\n');
      assert.doesNotMatch(before, /Thank you|already acknowledged/, 'nothing outstanding yet');
      assert.match(before, /^I didn't understand “acknowledge”/);

      e2e.clock.set(START);
      await runUntil(e2e, 'the Skype message is sent', () => everyDeliverySent(e2e));
      const campaign = await e2e.store.campaigns.findByName(TENANT_ID, 'Skype policy');
      const [delivery] = await e2e.store.deliveries.list(campaign!.id, { limit: 10 });
      assert.equal(delivery?.userId, 'skype:live:ada');
      const sent = connector.posted.find(
        (p) => p.conversationId === skype.conversationId && p.activity.text?.startsWith(POLICY),
      );
      assert.equal(sent?.activity.text, `${POLICY}\n\n${ACKNOWLEDGE_REPLY_REQUEST}`);

      e2e.clock.set(e2e.clock.now().plus({ minutes: 3 }));
      const repliedAt = e2e.clock.now().toMillis();
      assert.deepEqual(await skype.say('Acknowledged!'), [
        `Thank you: your acknowledgement of “Skype policy” was recorded on ${describeAcknowledgedAt(repliedAt, 'Europe/Paris')}.`,
      ]);
      assert.equal((await e2e.store.deliveries.get(delivery.id))?.acknowledgedAt, repliedAt);

      e2e.clock.set(e2e.clock.now().plus({ minutes: 3 }));
      const again = (await skype.say('ack')).join('\n');
      assert.doesNotMatch(again, /Thank you/, 'nothing outstanding any more');
      assert.equal((await e2e.store.deliveries.get(delivery.id))?.acknowledgedAt, repliedAt);
      const report = (await skype.say('report Skype policy')).join('\n');
      assert.match(report, /^- Acknowledged: 1 \(100% of sent\)$/m);
    });
  });
}
