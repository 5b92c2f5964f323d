/**
 * A recipient whose chat with the bot Teams no longer knows (they deleted it or reset Teams):
 * the Bot Connector answers the campaign's send 404 ConversationNotFound. With Graph and the
 * app catalog id configured, the bot makes sure its app is installed for them, opens a new 1:1
 * chat and sends the message there, once; without Graph the send ends `failed` as before.
 * Through createApp on both stores, in virtual time; Graph and the Bot Connector are nock.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import nock from 'nock';
import { CONNECTOR, connectorPath, TENANT_ID } from '../bot/botServerHarness.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { ADA, E2eApp, GRACE, TeamsUser } from './appHarness.js';
import { cardFacts, createCampaignByChat, SCHEDULE } from './chatSteps.js';
import { standInConnectorAt, type StandInConnector } from '../support/standInConnector.js';
import { fakeGraphTenant, graphEnv, memberPage, type GraphTenantLog } from './fakeGraphTenant.js';
import { runUntil } from './virtualRun.js';

/** Monday 8 December 2036, 09:00 in Paris: the campaign's first working day opens. */
const START = DateTime.fromISO('2036-12-08T09:00:00', { zone: 'Europe/Paris' });
const GRACE_OLD_CHAT = `a:chat-${GRACE.id}`;
/** What the fake Bot Connector answers when the bot opens a chat with Grace's AAD object id. */
const GRACE_NEW_CHAT = `a:chat-${GRACE.aadObjectId}`;
const WITH_PRESENCE = { ...SCHEDULE, presencePolicy: 'available' };
const PROACTIVE_POST = /\/v3\/conversations\/([^/]+)\/activities$/;

/**
 * The chats Teams has lost: a proactive post to one of them is answered 404
 * ConversationNotFound, as Teams does once the person deleted the chat. Registered before the
 * fake Bot Connector, so it answers first. Returns the conversations refused, in order.
 */
function lostChats(conversationIds: string[]): string[] {
  const refused: string[] = [];
  const lostConversation = (uri: string) => {
    const id = PROACTIVE_POST.exec(connectorPath(uri))?.[1];
    return id !== undefined && conversationIds.includes(id) ? id : undefined;
  };
  nock(CONNECTOR)
    .persist()
    .post((uri) => lostConversation(uri) !== undefined)
    .reply((uri) => {
      refused.push(lostConversation(uri)!);
      return [404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } }];
    });
  return refused;
}

for (const kind of STORE_KINDS) {
  describe(`e2e on ${kind}: a recipient whose chat Teams lost (404 ConversationNotFound)`, function () {
    this.timeout(60_000);
    let e2e: E2eApp | undefined;

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

    /** Ada (the admin) and Grace talked to the bot; Ada sends "Winter Sale" to everyone. */
    async function campaignToGrace(
      context: Mocha.Context,
      lost: string[],
      env: Record<string, string>,
    ): Promise<{
      app: E2eApp;
      connector: StandInConnector;
      refused: string[];
      graph?: GraphTenantLog;
      campaignId: string;
    }> {
      const refused = lostChats(lost);
      const connector = standInConnectorAt(CONNECTOR, [ADA, GRACE]);
      const app = await E2eApp.startInVirtualTime(kind, context, env);
      e2e = app;
      const graph = env['GRAPH_TENANT_ID']
        ? fakeGraphTenant(app.clock, 2, () => memberPage([]))
        : undefined;
      const admin = new TeamsUser(app, connector, ADA);
      await admin.install();
      await new TeamsUser(app, connector, GRACE).install();
      // With Graph the form asks how presence counts: the recipients are all Available.
      const schedule = env['GRAPH_TENANT_ID'] ? WITH_PRESENCE : SCHEDULE;
      assert.match(await createCampaignByChat(admin, schedule), /saved and scheduled/);
      const [campaign] = await app.store.campaigns.list(TENANT_ID);
      app.clock.set(START);
      // The re-opening is an installation, taken by the recurring job (every 30 s) once due;
      // while the worker has it in hand, time moves on by seconds, as it would.
      const installationDue = async () => {
        const installs = await app.store.installations.byEmail(campaign!.id, [GRACE.email!]);
        const installation = installs.get(GRACE.email!);
        if (installation?.status === 'installing') return app.clock.now().toMillis() + 1_000;
        return installation?.status === 'waiting' ? installation.dueAt : null;
      };
      await runUntil(
        app,
        'the author has the final report',
        async () => connector.posted.some((p) => /has finished/.test(p.activity.text ?? '')),
        installationDue,
      );
      return { app, connector, refused, graph, campaignId: campaign!.id };
    }

    const saleTo = (connector: StandInConnector) =>
      connector.posted
        .filter((p) => /winter sale/.test(p.activity.text ?? ''))
        .map((p) => [p.conversationId, p.activity.text])
        .sort();

    const finalReport = (connector: StandInConnector) =>
      new Map(
        cardFacts(
          connector.posted.find((p) => /has finished/.test(p.activity.text ?? ''))!.activity
            .attachments![0]!.content,
        ),
      );

    async function graceDelivery(app: E2eApp, campaignId: string) {
      const deliveries = await app.store.deliveries.list(campaignId, { limit: 10 });
      return deliveries.find((d) => d.email === GRACE.email);
    }

    it('with Graph: the app is checked, a new chat opened, the message sent there once, and the report counts the re-opened chat', async function () {
      const { app, connector, refused, graph, campaignId } = await campaignToGrace(
        this,
        [GRACE_OLD_CHAT],
        graphEnv(true),
      );

      assert.deepEqual(refused, [GRACE_OLD_CHAT], 'one send to the lost chat');
      assert.deepEqual(
        graph!.installs.map((i) => i.aadObjectId),
        ['aad-grace'],
        'the app made sure of, for Grace only',
      );
      assert.deepEqual(connector.opened, [
        { memberId: 'aad-grace', tenantId: TENANT_ID, conversationId: GRACE_NEW_CHAT },
      ]);
      assert.deepEqual(saleTo(connector), [
        [`a:chat-${ADA.id}`, 'Hi Ada, our **winter sale** starts on Monday.'],
        [GRACE_NEW_CHAT, 'Hi Grace, our **winter sale** starts on Monday.'],
      ]);
      const delivery = await graceDelivery(app, campaignId);
      assert.equal(delivery?.status, 'sent');
      const grace = await app.store.users.get(delivery!.userId!);
      assert.equal(grace?.aadObjectId, GRACE.aadObjectId, 'still the person who talked to the bot');
      assert.equal(
        (grace?.conversationReference as { conversation?: { id?: string } }).conversation?.id,
        GRACE_NEW_CHAT,
        'the next campaign goes to the new chat',
      );

      const report = finalReport(connector);
      assert.deepEqual(
        ['Sent', 'Failed', 'Chats re-opened'].map((title) => [title, report.get(title)]),
        [
          ['Sent', '2'],
          ['Failed', '0'],
          ['Chats re-opened', '1'],
        ],
      );
      assert.equal(report.get('App installed by the bot'), undefined, 'no reach funnel');
    });

    it('with Graph: a 404 in the re-opened chat too ends the delivery failed, with no second repair', async function () {
      const { app, connector, refused, graph, campaignId } = await campaignToGrace(
        this,
        [GRACE_OLD_CHAT, GRACE_NEW_CHAT],
        graphEnv(true),
      );

      assert.deepEqual(refused, [GRACE_OLD_CHAT, GRACE_NEW_CHAT]);
      assert.equal(graph!.installs.length, 1);
      assert.equal(connector.opened.length, 1, 'one chat opened');
      assert.deepEqual(saleTo(connector), [
        [`a:chat-${ADA.id}`, 'Hi Ada, our **winter sale** starts on Monday.'],
      ]);
      const delivery = await graceDelivery(app, campaignId);
      assert.deepEqual([delivery?.status, delivery?.reason], ['failed', 'conversation-not-found']);
      const report = finalReport(connector);
      assert.deepEqual([report.get('Sent'), report.get('Failed')], ['1', '1']);
    });

    it('without Graph: the lost chat ends the delivery failed, as before', async function () {
      const { app, connector, refused, campaignId } = await campaignToGrace(
        this,
        [GRACE_OLD_CHAT],
        {},
      );

      assert.deepEqual(refused, [GRACE_OLD_CHAT]);
      assert.deepEqual(connector.opened, [], 'no chat opened');
      const delivery = await graceDelivery(app, campaignId);
      assert.deepEqual([delivery?.status, delivery?.reason], ['failed', 'conversation-not-found']);
      const report = finalReport(connector);
      assert.deepEqual([report.get('Failed'), report.get('Chats re-opened')], ['1', undefined]);
    });
  });
}
