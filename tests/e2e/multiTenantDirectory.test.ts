/**
 * One directory per tenant (SPEC.md), through the app createApp builds, on both stores, in
 * virtual time, with GRAPH_TENANT_ID=organizations: each admin searches their own tenant's
 * directory with a token of their own tenant, never another's; a tenant whose admin has not
 * consented is told so with the admin-consent link and still runs a list campaign, without one
 * Graph request. Graph and its login host are faked by nock, answering a tenant's groups only
 * to that tenant's token; any other request to them is recorded.
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { DateTime } from 'luxon';
import nock from 'nock';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { cardOf as formCardOf } from '../dialogs/campaignFormChat.js';
import { STORE_KINDS } from '../support/testStorage.js';
import {
  standInConnectorAt,
  type Member,
  type StandInConnector,
} from '../support/standInConnector.js';
import { ADA, ADMIN_EMAIL, E2eApp, TeamsUser } from './appHarness.js';
import {
  BASICS,
  CONFIRM,
  createGroupCampaignByChat,
  FROM_THE_DIRECTORY,
  SCHEDULE,
  textOf,
} from './chatSteps.js';
import { OtherTenantUser } from './otherTenantUser.js';
import { runUntil } from './virtualRun.js';

const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';
const GRAPH_HOSTS = /graph\.microsoft\.com|login\.microsoftonline\.com/;
const CLIENT_ID = 'graph-client';
/** Monday 8 December 2036, 09:00 in Paris: the campaign's first working day opens. */
const START = DateTime.fromISO('2036-12-08T09:00:00', { zone: 'Europe/Paris' });
const FABRIKAM = 'fabrikam-tenant';
const OLGA: Member = {
  id: '29:olga',
  name: 'Olga Berg',
  aadObjectId: 'aad-olga',
  email: 'olga@fabrikam.test',
  givenName: 'Olga',
  surname: 'Berg',
};
const PIET: Member = {
  id: '29:piet',
  name: 'Piet Smit',
  aadObjectId: 'aad-piet',
  email: 'piet@fabrikam.test',
  givenName: 'Piet',
  surname: 'Smit',
};
const QUINN_EMAIL = 'quinn@fabrikam.test';

const multiTenantEnv = {
  GRAPH_TENANT_ID: 'organizations',
  GRAPH_CLIENT_ID: CLIENT_ID,
  GRAPH_CLIENT_SECRET: 'graph-secret',
  ADMIN_EMAILS: `${ADMIN_EMAIL},${OLGA.email}`,
};

type Reply = [number, unknown];
const tokenOf = (tenant: string): Reply => [
  200,
  { token_type: 'Bearer', expires_in: 3599, access_token: `token-${tenant}` },
];
/** Entra's answer for a tenant where the app has no service principal: never consented. */
const NOT_CONSENTED: Reply = [
  401,
  {
    error: 'invalid_client',
    error_description: `AADSTS7000229: The client application ${CLIENT_ID} is missing service principal in the tenant.`,
    error_codes: [7000229],
  },
];

/** Each tenant's token endpoint; counts the requests per tenant. */
function fakeLogin(answers: Record<string, () => Reply>): Record<string, number> {
  const asked: Record<string, number> = {};
  for (const [tenant, answer] of Object.entries(answers)) {
    asked[tenant] = 0;
    nock(LOGIN)
      .post(`/${tenant}/oauth2/v2.0/token`)
      .query(true)
      .reply(() => {
        asked[tenant]!++;
        return answer();
      })
      .persist();
  }
  return asked;
}

/**
 * Each tenant's one group, answered only to a request bearing that tenant's token; its size
 * 12, or `count`'s answer.
 */
function fakeDirectories(
  groups: Record<string, { id: string; displayName: string }>,
  count: Reply = [200, '12'],
): void {
  for (const [tenant, group] of Object.entries(groups)) {
    const graph = nock(GRAPH).matchHeader('authorization', `Bearer token-${tenant}`).persist();
    graph
      .get('/v1.0/groups')
      .query(true)
      .reply(200, {
        value: [{ ...group, groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false }],
      });
    graph
      .get(`/v1.0/groups/${group.id}/transitiveMembers/microsoft.graph.user/$count`)
      .reply(count[0], count[1] as string, { 'content-type': 'text/plain' });
  }
}

const hasDirectoryAction = (replies: Partial<Activity>[]) =>
  JSON.stringify(replies).includes('"choice":"directory"');

/** The admin's search of their directory for `text`: the card listing what was found. */
async function searchDirectory(admin: TeamsUser, text: string): Promise<Partial<Activity>[]> {
  await admin.say('new campaign');
  assert.ok(hasDirectoryAction(await admin.say({ value: BASICS })), 'the directory is offered');
  assert.equal(
    formCardOf(await admin.say({ value: FROM_THE_DIRECTORY })).card,
    'directoryAudience',
  );
  return admin.say({ value: { card: 'directoryAudience', choice: 'search', search: text } });
}

for (const kind of STORE_KINDS) {
  describe(`e2e on ${kind}: one directory per tenant (GRAPH_TENANT_ID=organizations)`, function () {
    this.timeout(60_000);
    let e2e: E2eApp | undefined;
    let connector: StandInConnector;
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

    it("lets each tenant's admin search only their own tenant's groups, with their own tenant's token", async function () {
      connector = standInConnectorAt(CONNECTOR, [ADA, OLGA]);
      e2e = await E2eApp.startInVirtualTime(kind, this, multiTenantEnv);
      const tokens = fakeLogin({
        [TENANT_ID]: () => tokenOf(TENANT_ID),
        [FABRIKAM]: () => tokenOf(FABRIKAM),
      });
      fakeDirectories({
        [TENANT_ID]: { id: 'g-contoso-sales', displayName: 'Contoso Sales' },
        [FABRIKAM]: { id: 'g-fabrikam-sales', displayName: 'Fabrikam Sales' },
      });
      const ada = new TeamsUser(e2e, connector, ADA);
      await ada.install();
      const olga = new OtherTenantUser(e2e, connector, OLGA, FABRIKAM);
      await olga.install();

      const adaFound = formCardOf(await searchDirectory(ada, 'Sales'));
      const olgaFound = formCardOf(await searchDirectory(olga, 'Sales'));

      assert.deepEqual(adaFound.choices['groupId'], ['g-contoso-sales']);
      assert.deepEqual(olgaFound.choices['groupId'], ['g-fabrikam-sales']);
      assert.doesNotMatch(JSON.stringify(olgaFound), /Contoso/, "never the other tenant's group");
      assert.doesNotMatch(JSON.stringify(adaFound), /Fabrikam/);
      const picked = await olga.say({
        value: {
          card: 'directoryAudience',
          choice: 'pick',
          search: 'Sales',
          groupId: 'g-fabrikam-sales',
        },
      });
      assert.match(textOf(picked), /Fabrikam Sales/);
      assert.match(textOf(picked), /12/, "its size, counted in Fabrikam's directory");
      assert.deepEqual(tokens, { [TENANT_ID]: 1, [FABRIKAM]: 1 }, 'one token per tenant, kept');
      assert.deepEqual(unexpected, [], 'every Graph request bore its own tenant’s token');
    });

    it('tells an admin whose tenant consented without a permission to have their Entra admin consent again, with the link', async function () {
      connector = standInConnectorAt(CONNECTOR, [OLGA]);
      e2e = await E2eApp.startInVirtualTime(kind, this, multiTenantEnv);
      fakeLogin({ [FABRIKAM]: () => tokenOf(FABRIKAM) });
      fakeDirectories({ [FABRIKAM]: { id: 'g-fabrikam-sales', displayName: 'Fabrikam Sales' } }, [
        403,
        { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } },
      ]);
      const olga = new OtherTenantUser(e2e, connector, OLGA, FABRIKAM);
      await olga.install();
      await searchDirectory(olga, 'Sales');

      const picked = await olga.say({
        value: {
          card: 'directoryAudience',
          choice: 'pick',
          search: 'Sales',
          groupId: 'g-fabrikam-sales',
        },
      });

      assert.match(textOf(picked), /lacks the application permission GroupMember\.Read\.All/);
      assert.ok(
        textOf(picked).includes(`${LOGIN}/${FABRIKAM}/adminconsent?client_id=${CLIENT_ID}`),
        "their own tenant's consent link",
      );
      assert.doesNotMatch(textOf(picked), /App registrations/, 'not the app owner’s steps');
    });

    it('ends a directory campaign whose tenant withdrew consent before its start, and tells its author where it is granted', async function () {
      connector = standInConnectorAt(CONNECTOR, [OLGA]);
      e2e = await E2eApp.startInVirtualTime(kind, this, multiTenantEnv);
      const clock = e2e.clock;
      fakeLogin({ [FABRIKAM]: () => (clock.now() < START ? tokenOf(FABRIKAM) : NOT_CONSENTED) });
      fakeDirectories({ [FABRIKAM]: { id: 'g-fabrikam-sales', displayName: 'Fabrikam Sales' } });
      const olga = new OtherTenantUser(e2e, connector, OLGA, FABRIKAM);
      await olga.install();
      await createGroupCampaignByChat(olga, 'Sales');
      const [campaign] = await e2e.store.campaigns.list(FABRIKAM);
      const posted = connector.posted.length;

      clock.set(START);
      await runUntil(e2e, 'the author is told', async () => connector.posted.length > posted);

      const told = connector.posted.slice(posted).map((p) => p.activity.text ?? '');
      assert.equal(told.length, 1);
      assert.match(told[0]!, /could not go on and has ended/);
      assert.ok(told[0]!.includes(`${LOGIN}/${FABRIKAM}/adminconsent?client_id=${CLIENT_ID}`));
      assert.equal((await e2e.store.campaigns.get(campaign!.id))?.status, 'finished');
      assert.deepEqual(unexpected, [], "the group's members were never asked for");
    });

    it('tells the admin of a tenant without consent where their Entra admin grants it, and runs their list campaign without Graph', async function () {
      connector = standInConnectorAt(CONNECTOR, [ADA, OLGA, PIET]);
      e2e = await E2eApp.startInVirtualTime(kind, this, multiTenantEnv);
      const tokens = fakeLogin({ [FABRIKAM]: () => NOT_CONSENTED });
      const olga = new OtherTenantUser(e2e, connector, OLGA, FABRIKAM);
      await olga.install();
      await new OtherTenantUser(e2e, connector, PIET, FABRIKAM).install();
      await e2e.store.lists.create({
        id: 'fabrikam-list',
        tenantId: FABRIKAM,
        name: 'Fabrikam staff',
        emails: [PIET.email!, QUINN_EMAIL],
        createdBy: `msteams:${OLGA.id}`,
        createdAt: e2e.clock.now().toMillis(),
      });

      await olga.say('new campaign');
      const audience = await olga.say({ value: BASICS });

      assert.equal(formCardOf(audience).card, 'campaignAudience');
      assert.ok(!hasDirectoryAction(audience), 'no directory choice');
      assert.ok(
        textOf(audience).includes(`${LOGIN}/${FABRIKAM}/adminconsent?client_id=${CLIENT_ID}`),
        'the admin-consent link of their tenant',
      );
      assert.match(textOf(audience), /has not granted this bot access to its directory/);
      assert.ok(!hasDirectoryAction(await olga.say('directory')));
      const schedule = await olga.say({
        value: { card: 'campaignAudience', choice: 'useList', listId: 'fabrikam-list' },
      });
      assert.equal(formCardOf(schedule).card, 'campaignSchedule');
      assert.ok(!('presencePolicy' in formCardOf(schedule).inputs), 'no presence policy offered');
      assert.equal(formCardOf(await olga.say({ value: SCHEDULE })).card, 'campaignSummary');
      assert.match(textOf(await olga.say({ value: CONFIRM })), /saved and scheduled/);
      assert.equal(tokens[FABRIKAM], 1, 'the verdict is kept: not asked at every message');
      const [campaign] = await e2e.store.campaigns.list(FABRIKAM);

      e2e.clock.set(START);
      await runUntil(e2e, 'the author has the final report', async () =>
        connector.posted.some(
          (p) =>
            p.conversationId === olga.conversationId && /has finished/.test(p.activity.text ?? ''),
        ),
      );

      const deliveries = await e2e.store.deliveries.list(campaign!.id, { limit: 10 });
      assert.deepEqual(deliveries.map((d) => [d.email, d.status, d.reason]).sort(), [
        [PIET.email, 'sent', undefined],
        [QUINN_EMAIL, 'unreachable', 'no-reachable-user'],
      ]);
      assert.deepEqual(unexpected, [], 'no Graph request beyond asking for a token');
    });
  });
}
