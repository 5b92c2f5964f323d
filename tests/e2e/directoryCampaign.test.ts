/**
 * A campaign to a directory group through the app createApp builds with Graph configured, in
 * virtual time, on both stores: created by chat, started by Agenda, members read from Graph.
 * Graph, its token endpoint and the Bot Connector are faked by nock; everything else is real.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import nock from 'nock';
import { START_CAMPAIGN_JOB } from '../../jobs/campaignJobs.js';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { ADA, E2eApp, GRACE, TeamsUser } from './appHarness.js';
import type { Member } from '../support/standInConnector.js';
import { cardFacts, createGroupCampaignByChat } from './chatSteps.js';
import { standInConnectorAt, type StandInConnector } from '../support/standInConnector.js';
import {
  fakeGraphTenant,
  graphEnv,
  graphError,
  memberPage,
  SECOND_MEMBER_PAGE,
  type GraphReply,
  type GraphTenantLog,
} from './fakeGraphTenant.js';
import { runUntil } from './virtualRun.js';

/** Monday 8 December 2036, 09:00 in Paris: the campaign's first working day opens. */
const START = DateTime.fromISO('2036-12-08T09:00:00', { zone: 'Europe/Paris' });
/** In the group, never talked to the bot: the app is installed for her. */
const LIN: Member = {
  id: '29:lin',
  name: 'Lin Wei',
  aadObjectId: 'aad-lin',
  email: 'lin@contoso.test',
  givenName: 'Lin',
  surname: 'Wei',
};
const FORBIDDEN = graphError(
  403,
  'Authorization_RequestDenied',
  'Insufficient privileges to complete the operation.',
);

for (const kind of STORE_KINDS) {
  describe(`e2e on ${kind}: a campaign to a directory group`, function () {
    this.timeout(60_000);
    let e2e: E2eApp | undefined;
    let connector: StandInConnector;

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
      members: (uri: string) => GraphReply,
      install = false,
    ): Promise<{ e2e: E2eApp; graph: GraphTenantLog; admin: TeamsUser }> {
      connector = standInConnectorAt(CONNECTOR, [ADA, GRACE]);
      e2e = await E2eApp.startInVirtualTime(kind, context, graphEnv(install));
      const graph = fakeGraphTenant(e2e.clock, 2, members);
      const admin = new TeamsUser(e2e, connector, ADA);
      await admin.install();
      return { e2e, graph, admin };
    }

    it('installs the app for a member who never talked to the bot, opens her chat, delivers, and reports the reach funnel', async function () {
      const { e2e, graph, admin } = await started(this, () => memberPage([GRACE, LIN]), true);
      const grace = new TeamsUser(e2e, connector, GRACE);
      await grace.install();
      const chat = await createGroupCampaignByChat(admin, 'sales');
      assert.match(chat.size, /“Group: Sales”: about 2 people/);
      assert.match(chat.confirmation, /saved and scheduled/);
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      const beforeStart = await admin.say('report Winter Sale');
      const planned = new Map(cardFacts(beforeStart[0]!.attachments![0]!.content));
      assert.equal(
        planned.get('Recipients'),
        '2 on its list today',
        "Graph's size until the start",
      );

      e2e.clock.set(START);
      // Lin's installation is due half an hour before her first attempt: the recurring job
      // (every 30 s) takes it then.
      const installationDue = async () => {
        const installs = await e2e.store.installations.byEmail(campaign!.id, [LIN.email!]);
        const installation = installs.get(LIN.email!);
        return installation?.status === 'waiting' ? installation.dueAt : null;
      };
      await runUntil(
        e2e,
        'the author has the final report',
        async () => connector.posted.some((p) => /has finished/.test(p.activity.text ?? '')),
        installationDue,
      );

      assert.deepEqual(
        graph.installs.map((i) => [i.aadObjectId, i.status]),
        [['aad-lin', 201]],
        'installed once, for Lin only',
      );
      assert.deepEqual(connector.opened, [
        { memberId: 'aad-lin', tenantId: TENANT_ID, conversationId: 'a:chat-aad-lin' },
      ]);
      const messages = connector.posted.filter((p) => /winter sale/.test(p.activity.text ?? ''));
      assert.deepEqual(messages.map((p) => [p.conversationId, p.activity.text]).sort(), [
        ['a:chat-29:grace', 'Hi Grace, our **winter sale** starts on Monday.'],
        ['a:chat-aad-lin', 'Hi Lin, our **winter sale** starts on Monday.'],
      ]);
      const lin = (await e2e.store.deliveries.list(campaign!.id, { limit: 10 })).find(
        (d) => d.email === LIN.email,
      );
      assert.ok((lin?.sentAt ?? 0) >= graph.installs[0]!.at, 'sent after the app was installed');

      const report = connector.posted.find((p) => /has finished/.test(p.activity.text ?? ''))!;
      assert.equal(report.conversationId, admin.conversationId);
      const funnel = new Map(cardFacts(report.activity.attachments![0]!.content));
      assert.deepEqual(
        [
          'In the audience',
          'Matched in the directory',
          'App present before',
          'App installed by the bot',
          'App installation failed',
          'Installations pending',
          'Sent',
        ].map((title) => [title, funnel.get(title)]),
        [
          ['In the audience', '2'],
          ['Matched in the directory', '2 (0 not found)'],
          ['App present before', '1'],
          ['App installed by the bot', '1'],
          ['App installation failed', '0'],
          ['Installations pending', '0'],
          ['Sent', '2'],
        ],
      );

      // Lin answers in her chat: she is one person for the bot, not a second one.
      connector.members.push(LIN);
      await new TeamsUser(e2e, connector, LIN).say('thanks!');
      const lists = await admin.say('lists');
      assert.match(JSON.stringify(lists), /built-in · 3 users who installed or talked to the bot/);
    });

    it('a start Graph refuses (403) ends the campaign and tells its author which permission to grant', async function () {
      const { e2e, graph, admin } = await started(this, () => FORBIDDEN);
      const chat = await createGroupCampaignByChat(admin, 'sales');
      assert.match(chat.confirmation, /saved and scheduled/);
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      const posted = connector.posted.length;

      e2e.clock.set(START);
      await runUntil(
        e2e,
        'the author is told',
        async () => connector.posted.length > posted,
        () => startJobDue(e2e),
      );

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
      await runUntil(
        e2e,
        'Grace has the message',
        async () =>
          connector.posted.some(
            (p) =>
              p.conversationId === `a:chat-${GRACE.id}` &&
              /winter sale/.test(p.activity.text ?? ''),
          ),
        () => startJobDue(e2e),
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

    it('a group read that fails after its first page: the campaign waits for the rest, however soon the first page is done', async function () {
      const secondPageBack = START.plus({ days: 1 }).toMillis();
      const { e2e, graph, admin } = await started(this, (uri) =>
        !uri.includes('skiptoken=page-2')
          ? memberPage([GRACE], SECOND_MEMBER_PAGE)
          : e2e!.clock.now().toMillis() < secondPageBack
            ? graphError(503, 'ServiceUnavailable', 'Try again later.')
            : memberPage([LIN]),
      );
      connector.members.push(LIN);
      await new TeamsUser(e2e, connector, GRACE).install();
      await new TeamsUser(e2e, connector, LIN).install();
      await createGroupCampaignByChat(admin, 'sales');
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      const messageTo = (member: Member) => () =>
        Promise.resolve(
          connector.posted.some(
            (p) =>
              p.conversationId === `a:chat-${member.id}` &&
              /winter sale/.test(p.activity.text ?? ''),
          ),
        );
      const finalReports = () =>
        connector.posted.filter((p) => /has finished/.test(p.activity.text ?? ''));

      e2e.clock.set(START);
      await runUntil(e2e, 'Grace, on the first page, has the message', messageTo(GRACE));
      await runUntil(e2e, 'the second page failed', async () =>
        graph.memberReads.some((r) => r.status === 503),
      );
      const counts = await e2e.store.deliveries.countByStatus(campaign!.id);
      assert.deepEqual([counts.sent, counts.pending, counts.sending], [1, 0, 0]);
      assert.equal((await e2e.store.campaigns.get(campaign!.id))?.status, 'running');
      assert.deepEqual(finalReports(), [], 'no final report while Lin is not planned yet');
      const info = JSON.stringify(await admin.say('info Winter Sale'));
      assert.match(info, /still reading its audience: more recipients to come/);

      // A day later Graph answers the second page: Lin is planned, reached, and only then the
      // campaign finishes.
      e2e.clock.set(DateTime.fromMillis(secondPageBack, { zone: START.zone }));
      await runUntil(e2e, 'Lin, on the second page, has the message', messageTo(LIN));
      await runUntil(e2e, 'the author has the final report', async () => finalReports().length > 0);
      assert.equal(finalReports().length, 1);
      const funnel = new Map(cardFacts(finalReports()[0]!.activity.attachments![0]!.content));
      assert.equal(funnel.get('Sent'), '2');
      assert.equal((await e2e.store.campaigns.get(campaign!.id))?.status, 'finished');
    });

    it('a start Graph cannot answer until the campaign is over ends it, telling its author', async function () {
      const { e2e, graph, admin } = await started(this, () =>
        graphError(503, 'ServiceUnavailable', 'Try again later.'),
      );
      await createGroupCampaignByChat(admin, 'sales');
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      e2e.clock.set(START);
      await runUntil(e2e, 'the first start failed', async () => graph.memberReads.length >= 1);
      await runUntil(
        e2e,
        'the start is retried',
        async () => graph.memberReads.some((r) => r.at >= START.plus({ minutes: 1 }).toMillis()),
        () => startJobDue(e2e),
      );
      assert.equal((await e2e.store.campaigns.get(campaign!.id))?.status, 'running');
      const posted = connector.posted.length;

      // Five working days later (Mon–Fri), Graph still fails: the next retry ends the campaign.
      e2e.clock.set(START.plus({ days: 5 }));
      await runUntil(
        e2e,
        'the author is told',
        async () => connector.posted.length > posted,
        () => startJobDue(e2e),
      );

      const text = connector.posted.at(-1)!.activity.text ?? '';
      assert.equal(connector.posted.at(-1)!.conversationId, admin.conversationId);
      assert.match(text, /could not go on and has ended/);
      assert.match(
        text,
        /answered 503 when reading the group's members, until the campaign's last working day/,
      );
      assert.equal((await e2e.store.campaigns.get(campaign!.id))?.status, 'finished');
    });
  });
}

/** When Agenda next runs a campaign's start job (its retry, here), or null when none is planned. */
async function startJobDue(e2e: E2eApp): Promise<number | null> {
  const jobs = await e2e.scheduledJobs(START_CAMPAIGN_JOB);
  const runs = jobs.flatMap((job) => (job.nextRunAt ? [job.nextRunAt.getTime()] : []));
  return runs.length === 0 ? null : Math.min(...runs);
}
