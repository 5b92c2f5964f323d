/**
 * Microsoft Graph as an exposed bot meets it, through the app createApp builds, on both stores,
 * in virtual time: admins of another tenant than Graph's never reach its directory, and Graph
 * failing or refusing is told for what it is — an outage, refused credentials, a missing
 * permission — never as "no such group", never as an outage when it is a refusal. Graph, its
 * login host and the Bot Connector are faked by nock; any other Graph request is recorded.
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { DateTime } from 'luxon';
import nock from 'nock';
import { DIRECTORY_OF_ANOTHER_TENANT } from '../../src/application/directoryAccess.js';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { cardOf as formCardOf } from '../dialogs/campaignFormChat.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { ADA, ADMIN_EMAIL, E2eApp, GRACE, TeamsUser } from './appHarness.js';
import {
  BASICS,
  CONFIRM,
  createGroupCampaignByChat,
  FROM_THE_DIRECTORY,
  SCHEDULE,
  textOf,
} from './chatSteps.js';
import {
  standInConnectorAt,
  type Member,
  type StandInConnector,
} from '../support/standInConnector.js';
import {
  EXPIRED_SECRET,
  fakeGraphTenant,
  GOOD_TOKEN,
  graphEnv,
  graphError,
  memberPage,
} from './fakeGraphTenant.js';
import { OtherTenantUser } from './otherTenantUser.js';
import { runUntil } from './virtualRun.js';

/** Monday 8 December 2036, 09:00 in Paris: the campaign's first working day opens. */
const START = DateTime.fromISO('2036-12-08T09:00:00', { zone: 'Europe/Paris' });
const OTHER_TENANT = 'fabrikam-tenant';
/** An admin of the other tenant. */
const OLGA: Member = {
  id: '29:olga',
  name: 'Olga Berg',
  aadObjectId: 'aad-olga',
  email: 'olga@fabrikam.test',
  givenName: 'Olga',
  surname: 'Berg',
};
/** In the other tenant, talked to the bot. */
const PIET: Member = {
  id: '29:piet',
  name: 'Piet Smit',
  aadObjectId: 'aad-piet',
  email: 'piet@fabrikam.test',
  givenName: 'Piet',
  surname: 'Smit',
};
/** On the other tenant's list, never talked to the bot. */
const QUINN_EMAIL = 'quinn@fabrikam.test';
const GRAPH_HOSTS = /graph\.microsoft\.com|login\.microsoftonline\.com/;

/** The admin's turn, the clock moving while it waits on it (Graph's retries sleep on it). */
async function sayWhileTimePasses(
  e2e: E2eApp,
  user: TeamsUser,
  input: Parameters<TeamsUser['say']>[0],
): Promise<Partial<Activity>[]> {
  let done = false;
  const replies = user.say(input).finally(() => (done = true));
  while (!done) {
    await new Promise((resolve) => setTimeout(resolve, 15));
    const next = e2e.clock.nextTimerAt();
    if (!done && next !== null && next > e2e.clock.now().toMillis()) {
      e2e.clock.set(DateTime.fromMillis(next, { zone: e2e.clock.now().zone }));
    }
  }
  return replies;
}

const hasDirectoryAction = (replies: Partial<Activity>[]) =>
  JSON.stringify(replies).includes('"choice":"directory"');

for (const kind of STORE_KINDS) {
  describe(`e2e on ${kind}: Microsoft Graph's tenant, outages and refusals`, function () {
    this.timeout(60_000);
    let e2e: E2eApp | undefined;
    let connector: StandInConnector;
    /** Requests to Graph or its login host that nothing here answers. */
    let unexpected: string[];
    const recordUnexpected = (request: { host?: string; hostname?: string; path?: string }) => {
      const host = request.hostname ?? request.host ?? '';
      if (GRAPH_HOSTS.test(host)) unexpected.push(`${host}${request.path ?? ''}`);
    };

    beforeEach(() => {
      unexpected = [];
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
      nock.emitter.on('no match', recordUnexpected);
    });

    afterEach(async () => {
      nock.emitter.removeListener('no match', recordUnexpected);
      await e2e?.stop();
      e2e = undefined;
      nock.cleanAll();
      nock.enableNetConnect();
    });

    it('offers an admin of another tenant no directory, says why, and runs their campaign without one Graph request', async function () {
      connector = standInConnectorAt(CONNECTOR, [ADA, OLGA, PIET]);
      e2e = await E2eApp.startInVirtualTime(kind, this, {
        ...graphEnv(true),
        ADMIN_EMAILS: `${ADMIN_EMAIL},${OLGA.email}`,
      });
      const olga = new OtherTenantUser(e2e, connector, OLGA, OTHER_TENANT);
      await olga.install();
      await new OtherTenantUser(e2e, connector, PIET, OTHER_TENANT).install();
      await e2e.store.lists.create({
        id: 'fabrikam-list',
        tenantId: OTHER_TENANT,
        name: 'Fabrikam staff',
        emails: [PIET.email!, QUINN_EMAIL],
        createdBy: `msteams:${OLGA.id}`,
        createdAt: e2e.clock.now().toMillis(),
      });

      // The Graph tenant's admin is offered the directory; the other tenant's is not, and is told why.
      const ada = new TeamsUser(e2e, connector, ADA);
      await ada.install();
      await ada.say('new campaign');
      assert.ok(hasDirectoryAction(await ada.say({ value: BASICS })));
      await ada.say('cancel');
      await olga.say('new campaign');
      const audience = await olga.say({ value: BASICS });
      assert.equal(formCardOf(audience).card, 'campaignAudience');
      assert.ok(!hasDirectoryAction(audience), 'no directory choice');
      assert.ok(textOf(audience).includes(DIRECTORY_OF_ANOTHER_TENANT), 'told why');
      const typed = await olga.say('directory');
      assert.ok(!hasDirectoryAction(typed));
      const schedule = await olga.say({
        value: { card: 'campaignAudience', choice: 'useList', listId: 'fabrikam-list' },
      });
      assert.equal(formCardOf(schedule).card, 'campaignSchedule');
      assert.ok(!('presencePolicy' in formCardOf(schedule).inputs), 'no presence policy offered');
      assert.equal(formCardOf(await olga.say({ value: SCHEDULE })).card, 'campaignSummary');
      assert.match(textOf(await olga.say({ value: CONFIRM })), /saved and scheduled/);
      const [campaign] = await e2e.store.campaigns.list(OTHER_TENANT);

      e2e.clock.set(START);
      await runUntil(e2e, 'the author has the final report', async () =>
        connector.posted.some(
          (p) =>
            p.conversationId === olga.conversationId && /has finished/.test(p.activity.text ?? ''),
        ),
      );

      const deliveries = await e2e.store.deliveries.list(campaign!.id, { limit: 10 });
      assert.deepEqual(
        deliveries.map((d) => [d.email, d.status, d.reason]).sort(),
        [
          [PIET.email, 'sent', undefined],
          [QUINN_EMAIL, 'unreachable', 'no-reachable-user'],
        ],
        'Quinn is neither looked up in the directory nor installed for',
      );
      assert.deepEqual(
        await e2e.store.installations.byEmail(campaign!.id, [QUINN_EMAIL]),
        new Map(),
      );
      assert.deepEqual(connector.opened, []);
      assert.deepEqual(unexpected, [], 'no request to Graph or its login host');
    });

    it('says the directory cannot be reached when the login host is down, not that no group matched', async function () {
      connector = standInConnectorAt(CONNECTOR, [ADA]);
      e2e = await E2eApp.startInVirtualTime(kind, this, graphEnv());
      nock('https://login.microsoftonline.com')
        .post(`/${TENANT_ID}/oauth2/v2.0/token`)
        .query(true)
        .replyWithError('connect ECONNREFUSED')
        .persist();
      const admin = new TeamsUser(e2e, connector, ADA);
      await admin.install();
      await admin.say('new campaign');
      await admin.say({ value: BASICS });
      await admin.say({ value: FROM_THE_DIRECTORY });

      const found = await sayWhileTimePasses(e2e, admin, {
        value: { card: 'directoryAudience', choice: 'search', search: 'Sales' },
      });

      const card = formCardOf(found);
      assert.equal(card.card, 'directoryAudience', 'the same question again');
      assert.equal(card.inputs['search'], 'Sales', 'the search kept');
      const said = card.texts.join('\n');
      assert.match(
        said,
        /The directory cannot be reached right now \(Microsoft Graph did not answer\)/,
      );
      assert.doesNotMatch(said, /No group's name contains/);
    });

    it('says the credentials were refused when the client secret is, after one token request', async function () {
      connector = standInConnectorAt(CONNECTOR, [ADA]);
      e2e = await E2eApp.startInVirtualTime(kind, this, graphEnv());
      const graph = fakeGraphTenant(e2e.clock, 2, () => memberPage([]), {
        token: () => EXPIRED_SECRET,
      });
      const admin = new TeamsUser(e2e, connector, ADA);
      await admin.install();
      await admin.say('new campaign');
      await admin.say({ value: BASICS });
      await admin.say({ value: FROM_THE_DIRECTORY });

      const found = await admin.say({
        value: { card: 'directoryAudience', choice: 'search', search: 'Sales' },
      });

      const said = formCardOf(found).texts.join('\n');
      assert.match(said, /Microsoft Graph refused the bot's credentials/);
      assert.match(said, /GRAPH_CLIENT_SECRET/);
      assert.doesNotMatch(said, /No group's name contains/);
      assert.equal(graph.tokenRequests, 1, 'a refusal is not asked again');
    });

    it('ends a campaign whose client secret expired by its start, and tells its author', async function () {
      connector = standInConnectorAt(CONNECTOR, [ADA, GRACE]);
      e2e = await E2eApp.startInVirtualTime(kind, this, graphEnv());
      const graph = fakeGraphTenant(e2e.clock, 1, () => memberPage([GRACE]), {
        token: () => (e2e!.clock.now() < START ? GOOD_TOKEN : EXPIRED_SECRET),
      });
      const admin = new TeamsUser(e2e, connector, ADA);
      await admin.install();
      await new TeamsUser(e2e, connector, GRACE).install();
      await createGroupCampaignByChat(admin, 'sales');
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      const posted = connector.posted.length;

      e2e.clock.set(START);
      await runUntil(e2e, 'the author is told', async () => connector.posted.length > posted);

      const told = connector.posted.slice(posted);
      assert.equal(told.length, 1);
      assert.equal(told[0]!.conversationId, admin.conversationId);
      const text = told[0]!.activity.text ?? '';
      assert.match(text, /could not go on and has ended/);
      assert.match(text, /did not accept the bot's credentials/);
      assert.match(text, /GRAPH_CLIENT_SECRET/);
      const ended = await e2e.store.campaigns.get(campaign!.id);
      assert.equal(ended?.status, 'finished');
      assert.deepEqual(graph.memberReads, [], "the group's members were never read");
    });

    it('warns, before the campaign is saved, that GroupMember.Read.All is missing when Graph refuses to count the group', async function () {
      connector = standInConnectorAt(CONNECTOR, [ADA]);
      e2e = await E2eApp.startInVirtualTime(kind, this, graphEnv());
      fakeGraphTenant(e2e.clock, 2, () => memberPage([]), {
        count: () =>
          graphError(
            403,
            'Authorization_RequestDenied',
            'Insufficient privileges to complete the operation.',
          ),
      });
      const admin = new TeamsUser(e2e, connector, ADA);
      await admin.install();

      const chat = await createGroupCampaignByChat(admin, 'sales');

      assert.match(chat.size, /“Group: Sales”: size unknown right now/);
      assert.match(chat.size, /lacks the application permission GroupMember\.Read\.All/);
      assert.match(chat.size, /Grant admin consent/);
    });
  });
}
