/**
 * `recall` and `correct` through the app createApp builds, in virtual time, on both stores: the
 * admin asks in chat, confirms, and the revision worker deletes (`DELETE …/activities/{id}`) or
 * replaces (`PUT`) every delivered message at the stand-in Bot Connector (nock), cancels or
 * re-words the pending ones, and tells the admin when it is done. Refusals: no confirmation,
 * the operator's setting off.
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { DateTime } from 'luxon';
import nock from 'nock';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { STORE_KINDS } from '../support/testStorage.js';
import {
  standInConnectorAt,
  type StandInConnector,
  type StandInConnectorOptions,
} from '../support/standInConnector.js';
import { ADA, E2eApp, GRACE, TeamsUser } from './appHarness.js';
import { createCampaignByChat } from './chatSteps.js';
import { runUntil } from './virtualRun.js';
import { settle } from '../support/virtualTime.js';
import type { Delivery } from '../../src/domain/delivery.js';

/** Monday 8 December 2036, 09:00 in Paris: the campaign's first working day opens. */
const START = DateTime.fromISO('2036-12-08T09:00:00', { zone: 'Europe/Paris' });
const NAME = 'Winter Sale';

/** Everything the bot said in a turn: texts and the cards' JSON (a question's details are there). */
function said(replies: Partial<Activity>[]): string {
  return replies
    .map((reply) => `${reply.text ?? ''} ${JSON.stringify(reply.attachments ?? [])}`)
    .join('\n');
}

for (const kind of STORE_KINDS) {
  describe(`e2e on ${kind}: recall and correct a campaign's sent messages`, function () {
    this.timeout(90_000);
    let e2e: E2eApp | undefined;
    let connector: StandInConnector;
    let admin: TeamsUser;
    let grace: TeamsUser;

    beforeEach(() => {
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    });

    afterEach(async () => {
      await e2e?.stop();
      e2e = undefined;
      nock.cleanAll();
      nock.enableNetConnect();
    });

    /** Ada (the admin) and Grace talked to the bot; Ada's "Winter Sale" goes to both from START. */
    async function campaignStarted(
      context: Mocha.Context,
      env: Record<string, string> = {},
      options: StandInConnectorOptions = {},
    ): Promise<{ app: E2eApp; campaignId: string }> {
      connector = standInConnectorAt(CONNECTOR, [ADA, GRACE], options);
      const app = await E2eApp.startInVirtualTime(kind, context, env);
      e2e = app;
      admin = new TeamsUser(app, connector, ADA);
      grace = new TeamsUser(app, connector, GRACE);
      await admin.install();
      await grace.install();
      assert.match(await createCampaignByChat(admin), /saved and scheduled/);
      const [campaign] = await app.store.campaigns.list(TENANT_ID);
      app.clock.set(START);
      return { app, campaignId: campaign!.id };
    }

    const deliveries = async (app: E2eApp, campaignId: string): Promise<Delivery[]> =>
      app.store.deliveries.list(campaignId, { limit: 10 });

    /**
     * Runs until the first message went out and the other is still to come: not in any
     * dispatcher's hands, not due yet (the clock stands still while the admin talks).
     */
    async function oneSentOnePending(app: E2eApp, campaignId: string) {
      // The start job runs at START; the clock stays there until both are planned.
      for (let tries = 0; (await deliveries(app, campaignId)).length < 2; tries++) {
        assert.ok(tries < 400, 'the campaign is planned');
        await settle(15);
      }
      // First attempts are drawn at random over the day: Grace's comes an hour after Ada's.
      const planned = await deliveries(app, campaignId);
      const ada = planned.find((d) => d.email === ADA.email!.toLowerCase())!;
      const graceDelivery = planned.find((d) => d.email === GRACE.email)!;
      assert.ok(
        await app.store.deliveries.transition(graceDelivery.id, 'pending', {
          dueAt: ada.dueAt! + 3_600_000,
        }),
      );
      await runUntil(app, 'a first message is sent', async () => {
        const all = await deliveries(app, campaignId);
        const now = app.clock.now().toMillis();
        return (
          all.some((d) => d.status === 'sent') &&
          all.every((d) => d.claimedBy === undefined && (d.dueAt === null || d.dueAt > now))
        );
      });
      const all = await deliveries(app, campaignId);
      const sent = all.filter((d) => d.status === 'sent');
      const pending = all.filter((d) => d.status === 'pending');
      assert.equal(sent.length, 1, 'one message sent');
      assert.equal(pending.length, 1, 'one delivery still pending');
      return { sent: sent[0]!, pending: pending[0]! };
    }

    async function finished(app: E2eApp) {
      await runUntil(app, 'the final report', async () =>
        connector.posted.some((p) => /has finished/.test(p.activity.text ?? '')),
      );
    }

    const reportOf = (what: RegExp) =>
      connector.posted.find((p) => what.test(p.activity.text ?? ''));

    it('recall of a running campaign: confirmation, the pending delivery cancelled, the delivered message deleted once, a report to the admin', async function () {
      const { app, campaignId } = await campaignStarted(this);
      const { sent, pending } = await oneSentOnePending(app, campaignId);

      const question = said(await admin.say(`recall ${NAME}`));
      assert.match(
        question,
        /1 delivered message will be deleted from recipients’ chats and 1 pending delivery cancelled\. The campaign stops now\./,
      );
      assert.match(question, /Type or click Confirm/);
      assert.match(said(await admin.say('confirm')), /Recalling “Winter Sale”/);

      await runUntil(app, 'the recall report', async () => reportOf(/Recall of/) !== undefined);
      const deletions = connector.edited.filter((e) => e.method === 'DELETE');
      assert.deepEqual(
        deletions.map((e) => e.activityId),
        [sent.activityId],
        'the one delivered message deleted, once',
      );
      assert.equal(connector.edited.filter((e) => e.method === 'PUT').length, 0);
      const after = new Map((await deliveries(app, campaignId)).map((d) => [d.id, d]));
      assert.equal(after.get(sent.id)!.revision, 'done');
      assert.equal(after.get(pending.id)!.status, 'unscheduled');
      assert.equal(after.get(pending.id)!.reason, 'recalled');
      const campaign = (await app.store.campaigns.get(campaignId))!;
      assert.equal(campaign.status, 'finished');
      assert.equal(campaign.revision?.byName, ADA.name);

      const report = reportOf(/Recall of/)!;
      assert.equal(report.conversationId, admin.conversationId);
      assert.match(report.activity.text!, /Recalled by Ada Lovelace on Mon 8 Dec 2036/);
      assert.match(report.activity.text!, /1 of 1 delivered message dealt with: 1 deleted/);
      assert.match(report.activity.text!, /1 pending delivery cancelled/);
      assert.equal(await app.store.deliveries.nextDueAt(), null, 'nothing left to send');
      assert.equal(
        connector.posted.filter((p) => /winter sale/.test(p.activity.text ?? '')).length,
        1,
      );

      const info = said(await admin.say(`info ${NAME}`));
      assert.match(info, /Recall/);
      assert.match(info, /Done on/);
      assert.match(said(await admin.say(`report ${NAME}`)), /Recalled by Ada Lovelace/);
    });

    it('a deleted conversation (404) is reported as failed, with its reason', async function () {
      const { app, campaignId } = await campaignStarted(
        this,
        {},
        { goneConversations: [`a:chat-${GRACE.id}`] },
      );
      await finished(app);
      await admin.say(`recall ${NAME}`);
      await admin.say('confirm');
      await runUntil(app, 'the recall report', async () => reportOf(/Recall of/) !== undefined);
      const text = reportOf(/Recall of/)!.activity.text!;
      assert.match(text, /2 of 2 delivered messages dealt with: 1 deleted/);
      assert.match(text, /1 failed \(conversation gone \(404\): 1\)/);
      const graceDelivery = (await deliveries(app, campaignId)).find(
        (d) => d.email === GRACE.email,
      )!;
      assert.equal(graceDelivery.revision, 'failed');
      assert.equal(graceDelivery.revisionReason, 'conversation-not-found');
      assert.equal(connector.edited.length, 2);
    });

    it('without Confirm nothing changes: "no" and "cancel" leave every message and delivery as it was', async function () {
      const { app, campaignId } = await campaignStarted(this);
      await oneSentOnePending(app, campaignId);
      const before = await deliveries(app, campaignId);
      await admin.say(`recall ${NAME}`);
      assert.match(said(await admin.say('not sure')), /I did not understand/);
      assert.match(said(await admin.say('no')), /Nothing was recalled/);
      await admin.say(`recall ${NAME}`);
      assert.match(said(await admin.say('cancel')), /Cancelled/);
      assert.deepEqual(await deliveries(app, campaignId), before);
      assert.equal((await app.store.campaigns.get(campaignId))!.status, 'running');
      assert.equal((await app.store.campaigns.get(campaignId))!.revision, undefined);
      assert.equal(connector.edited.length, 0);
    });

    it('RECALL_AND_CORRECT=off: both commands say the organisation’s rule forbids it', async function () {
      const { app, campaignId } = await campaignStarted(this, { RECALL_AND_CORRECT: 'off' });
      await oneSentOnePending(app, campaignId);
      assert.match(
        said(await admin.say(`recall ${NAME}`)),
        /turned off here: your organisation’s rule/,
      );
      assert.match(
        said(await admin.say(`correct ${NAME}`)),
        /turned off here: your organisation’s rule/,
      );
      assert.equal((await app.store.campaigns.get(campaignId))!.revision, undefined);
    });

    it('correction of a finished campaign: the new message asked and previewed, every delivered message replaced in place', async function () {
      const { app, campaignId } = await campaignStarted(this);
      await finished(app);
      const sent = await deliveries(app, campaignId);

      assert.match(
        said(await admin.say(`correct ${NAME}`)),
        /What message should recipients get\?/,
      );
      const refused = said(await admin.say('Hi {{nickname}}'));
      assert.match(refused, /That message cannot be used/);
      assert.match(refused, /What message should recipients get\?/);
      const confirmation = said(
        await admin.say('Hi {{firstName}}, the sale starts on **Tuesday**.'),
      );
      assert.match(confirmation, /2 delivered messages will be replaced/);
      assert.match(confirmation, /Hi Ada, the sale starts on/);
      assert.match(said(await admin.say('confirm')), /Correcting “Winter Sale”/);

      await runUntil(
        app,
        'the correction report',
        async () => reportOf(/Correction of/) !== undefined,
      );
      const puts = connector.edited.filter((e) => e.method === 'PUT');
      assert.deepEqual(puts.map((e) => e.activityId).sort(), sent.map((d) => d.activityId).sort());
      const toGrace = puts.find((e) => e.conversationId === grace.conversationId)!;
      assert.match(toGrace.activity!.text!, /^Hi Grace, the sale starts on \*\*Tuesday\*\*\.$/);
      assert.match(
        reportOf(/Correction of/)!.activity.text!,
        /2 of 2 delivered messages dealt with: 2 replaced/,
      );
    });

    it('correction of a running campaign: the pending delivery sends the new message, nothing replaced twice', async function () {
      const { app, campaignId } = await campaignStarted(this);
      const { sent, pending } = await oneSentOnePending(app, campaignId);
      await admin.say(`correct ${NAME}`);
      assert.match(
        said(await admin.say('Hello {{firstName}}, corrected.')),
        /1 delivered message will be replaced .*1 pending delivery will send the new message/,
      );
      await admin.say('confirm');
      await runUntil(
        app,
        'the correction report',
        async () => reportOf(/Correction of/) !== undefined,
      );
      await finished(app);
      const puts = connector.edited.filter((e) => e.method === 'PUT');
      assert.deepEqual(
        puts.map((e) => e.activityId),
        [sent.activityId],
      );
      const later = (await deliveries(app, campaignId)).find((d) => d.id === pending.id)!;
      assert.equal(later.status, 'sent');
      assert.equal(later.revision, 'up-to-date');
      const laterPost = connector.posted.find((p) => p.activity.text?.startsWith('Hello '));
      assert.ok(laterPost, 'the pending delivery went out with the new message');
    });
  });
}
