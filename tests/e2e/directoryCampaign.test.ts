/**
 * A campaign to a directory group through the app createApp builds with Graph configured, in
 * virtual time, on both stores: created by chat, started by Agenda, members read from Graph.
 * Graph, its token endpoint and the Bot Connector are faked by nock; everything else is real.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import nock from 'nock';
import { TENANT_ID } from '../bot/botServerHarness.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { ADA, E2eApp, GRACE, TeamsUser } from './appHarness.js';
import { createGroupCampaignByChat } from './chatSteps.js';
import { fakeBotConnector, type ConnectorLog } from './connectorLog.js';
import {
  fakeGraphTenant,
  graphEnv,
  graphError,
  memberPage,
  type GraphReply,
  type GraphTenantLog,
} from './fakeGraphTenant.js';
import { runUntil } from './virtualRun.js';

/** Monday 8 December 2036, 09:00 in Paris: the campaign's first working day opens. */
const START = DateTime.fromISO('2036-12-08T09:00:00', { zone: 'Europe/Paris' });
const FORBIDDEN = graphError(
  403,
  'Authorization_RequestDenied',
  'Insufficient privileges to complete the operation.',
);

for (const kind of STORE_KINDS) {
  describe(`e2e on ${kind}: a campaign to a directory group`, function () {
    this.timeout(60_000);
    let e2e: E2eApp | undefined;
    let connector: ConnectorLog;

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

    async function started(
      context: Mocha.Context,
      members: () => GraphReply,
      install = false,
    ): Promise<{ e2e: E2eApp; graph: GraphTenantLog; admin: TeamsUser }> {
      connector = fakeBotConnector([ADA, GRACE]);
      e2e = await E2eApp.startInVirtualTime(kind, context, graphEnv(install));
      const graph = fakeGraphTenant(e2e.clock, 2, members);
      const admin = new TeamsUser(e2e, connector, ADA);
      await admin.install();
      return { e2e, graph, admin };
    }

    it('a start Graph refuses (403) ends the campaign and tells its author which permission to grant', async function () {
      const { e2e, graph, admin } = await started(this, () => FORBIDDEN);
      const chat = await createGroupCampaignByChat(admin, 'sales');
      assert.match(chat.confirmation, /saved and scheduled/);
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      const posted = connector.posted.length;

      e2e.clock.set(START);
      await runUntil(e2e, 'the author is told', async () => connector.posted.length > posted);

      const told = connector.posted.slice(posted);
      assert.equal(told.length, 1);
      assert.equal(told[0]!.conversationId, admin.conversationId);
      assert.equal(told[0]!.replyToId, undefined, 'a proactive message, not a reply');
      const text = told[0]!.activity.text ?? '';
      assert.match(text, /Winter Sale\*\* could not go on and has ended/);
      assert.match(text, /refused to read the group's members \(403 Forbidden\)/);
      assert.match(text, /GroupMember\.Read\.All/);
      assert.match(text, /Grant admin consent/);
      const ended = await e2e.store.campaigns.get(campaign!.id);
      assert.equal(ended?.status, 'finished');
      assert.match(ended?.endReason ?? '', /GroupMember\.Read\.All/);
      assert.deepEqual(await e2e.store.deliveries.list(campaign!.id, { limit: 10 }), []);
      assert.equal(graph.memberReads.length, 1, 'a refusal is not asked again');

      // Nothing runs on: no retry (due after a minute), no finish job, no second message.
      const anHourLater = e2e.clock.now().plus({ hours: 1 });
      e2e.clock.set(anHourLater);
      await runUntil(
        e2e,
        'Agenda had its chance',
        async () => e2e.clock.now() >= anHourLater.plus({ seconds: 5 }),
      );
      assert.equal(graph.memberReads.length, 1);
      assert.equal(connector.posted.length, posted + 1);
      const info = await admin.say('info Winter Sale');
      assert.match(JSON.stringify(info), /Ended early: .*GroupMember\.Read\.All/);
    });

    it('a start Graph cannot answer for now (503) is tried again later, and the campaign runs', async function () {
      const recovered = START.plus({ minutes: 3 }).toMillis();
      const { e2e, graph, admin } = await started(this, () =>
        e2e!.clock.now().toMillis() < recovered
          ? graphError(503, 'ServiceUnavailable', 'Try again later.')
          : memberPage([GRACE]),
      );
      await new TeamsUser(e2e, connector, GRACE).install();
      await createGroupCampaignByChat(admin, 'sales');
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);

      e2e.clock.set(START);
      await runUntil(e2e, 'Grace has the message', async () =>
        connector.posted.some(
          (p) =>
            p.conversationId === `a:chat-${GRACE.id}` && /winter sale/.test(p.activity.text ?? ''),
        ),
      );

      const failed = graph.memberReads.filter((r) => r.status === 503);
      assert.ok(failed.length >= 2, 'Graph failed, and was asked again');
      const succeeded = graph.memberReads.filter((r) => r.status === 200);
      assert.equal(succeeded.length, 1);
      assert.ok(succeeded[0]!.at >= START.plus({ minutes: 1 }).toMillis(), 'read again later');
      assert.equal((await e2e.store.campaigns.get(campaign!.id))?.endReason, undefined);
      assert.ok(
        !connector.posted.some((p) => /could not go on/.test(p.activity.text ?? '')),
        'the author is not told of a failure',
      );
    });
  });
}
