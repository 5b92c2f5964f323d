/**
 * End to end: the app createApp builds, over real HTTP on 127.0.0.1, with the Bot Connector
 * faked by nock and results read back from the real store (and Agenda's jobs) — the same tests
 * on SQLite and on MongoDB.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import type { StoreKind } from '../../src/store/Store.js';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { cardOf as formCardOf } from '../dialogs/campaignFormChat.js';
import { START_CAMPAIGN_JOB } from '../../jobs/campaignJobs.js';
import { ADA, ADMIN_EMAIL, E2eApp, NOW, TeamsUser } from './appHarness.js';
import {
  ADAPTIVE_CARD,
  ALL_REACHABLE_USERS,
  BASICS,
  CONFIRM,
  contentTypes,
  SCHEDULE,
  textOf,
} from './chatSteps.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { standInConnectorAt, type StandInConnector } from '../support/standInConnector.js';
import { withoutOptionFields, withoutOptionLines } from '../support/campaignOptionViews.js';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';

interface StartJob {
  name: string;
  nextRunAt: number | undefined;
  data: unknown;
}

for (const kind of STORE_KINDS) describeCampaignsByChat(kind);

function describeCampaignsByChat(kind: StoreKind): void {
  describe(`e2e: campaigns by chat (createApp over HTTP, ${kind})`, () => {
    let e2e: E2eApp;
    let connector: StandInConnector;
    let admin: TeamsUser;

    beforeEach(async function () {
      e2e = await E2eApp.start(kind, this);
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
      connector = standInConnectorAt(CONNECTOR, [ADA]);
      admin = new TeamsUser(e2e, connector, ADA);
    });

    afterEach(async () => {
      nock.cleanAll();
      nock.enableNetConnect();
      await e2e?.stop();
    });

    /** Read through Agenda's own repository, so the same question is asked of either store. */
    async function startJobs(): Promise<StartJob[]> {
      const jobs = await e2e.scheduledJobs(START_CAMPAIGN_JOB);
      return jobs.map((job) => ({
        name: job.name,
        nextRunAt: job.nextRunAt?.getTime(),
        data: job.data,
      }));
    }

    it('an admin creates a campaign by chat, with a new mailing list made inside the form', async () => {
      const welcome = (await admin.install()).map((p) => p.activity.text ?? '');
      assert.equal(welcome.length, 1, 'installing the bot greets the admin once');
      assert.match(welcome[0]!, /^Hi Ada! I run your push campaigns/);
      assert.deepEqual(connector.rosterLookups, [ADA.id]);
      assert.equal((await e2e.store.users.get(`msteams:${ADA.id}`))?.email, ADMIN_EMAIL);

      const basicsReply = await admin.say('new campaign');
      assert.deepEqual(contentTypes(basicsReply), [ADAPTIVE_CARD]);
      const basics = formCardOf(basicsReply);
      assert.equal(basics.card, 'campaignBasics');
      assert.deepEqual(basics.inputs, { name: '', message: '', channel: 'teams' });

      const audience = formCardOf(await admin.say({ value: BASICS }));
      assert.equal(audience.card, 'campaignAudience');
      assert.deepEqual(audience.choices['listId'], ['all-users']);
      assert.ok(audience.texts.includes('New campaign: List'), audience.texts.join('|'));

      const askName = await admin.say({ value: { card: 'campaignAudience', choice: 'newList' } });
      assert.match(textOf(askName), /^What should the new list be called\?/);

      const askAddresses = await admin.say('Contoso staff');
      assert.match(textOf(askAddresses), /^Which addresses are on “Contoso staff”\? Paste/);

      const reviewed = await admin.say(
        'grace@contoso.test; Ada Lovelace <ada@contoso.test>, not-an-address\nGRACE@contoso.test',
      );
      assert.equal(reviewed.length, 2);
      assert.equal(
        reviewed[0]!.text,
        '2 valid addresses understood (1 duplicate removed).\n\n' +
          '1 of them is not reachable yet (nobody with that address has installed or talked to the bot). ' +
          'They stay on the list and are reported as unreachable when a campaign runs.',
      );
      const fixOrContinue = formCardOf(reviewed.slice(1));
      assert.equal(
        fixOrContinue.texts[0],
        'This entry is not a valid e-mail address:\n- not-an-address\n\nFix the list, or continue without them?',
      );
      assert.equal(fixOrContinue.card, 'newListFixOrContinue');

      const savedList = await admin.say({
        value: { card: 'newListFixOrContinue', choice: 'continue' },
      });
      assert.equal(
        savedList[0]!.text,
        'The list “Contoso staff” (2 valid addresses) will be saved when you confirm the campaign.',
      );
      assert.deepEqual(await e2e.store.lists.list(TENANT_ID), []);
      const schedule = formCardOf(savedList.slice(1));
      assert.equal(schedule.card, 'campaignSchedule');
      assert.deepEqual(Object.keys(withoutOptionFields(schedule.inputs)), [
        'timeZone',
        'startDate',
        'durationDays',
        'open',
        'close',
        'weekdays',
      ]);
      assert.ok(
        schedule.texts.some((t) => t.startsWith('Presence: no presence source is configured')),
        'no presence source: the card says messages go out whatever the presence',
      );

      // "Today or later" is judged on the injected clock: Wednesday 3 December 2036 in Paris.
      const pastDay = await admin.say({ value: { ...SCHEDULE, startDate: '2036-12-02' } });
      assert.match(
        textOf(pastDay),
        /^\*\*Start date\*\*: 2036-12-02 is in the past\. Accepted: today \(2036-12-03 in Europe\/Paris\) or a later day/,
      );
      assert.equal(formCardOf(pastDay.slice(1)).inputs['startDate'], '2036-12-02');

      const summaryReply = await admin.say({ value: SCHEDULE });
      assert.deepEqual(contentTypes(summaryReply), [ADAPTIVE_CARD]);
      const summary = formCardOf(summaryReply);
      assert.equal(summary.card, 'campaignSummary');
      assert.deepEqual(withoutOptionLines(summary.facts), {
        Name: 'Winter Sale',
        Channel: 'Teams',
        List: 'Contoso staff',
        Starts: 'Mon 8 Dec 2036, 09:00 (Europe/Paris)',
        Duration: '5 days',
        'Working hours': '09:00–18:00',
        'Working weekdays': 'Mon–Fri',
        'Time zone': 'Europe/Paris',
        'Presence policy': 'presence not checked (no presence source configured)',
      });
      assert.ok(summary.texts.includes('The message as Ada Lovelace would get it:'));
      assert.ok(summary.texts.includes('Hi Ada, our **winter sale** starts on Monday.'));

      const confirmation = await admin.say({ value: CONFIRM });
      assert.equal(
        textOf(confirmation),
        'Campaign “Winter Sale” is saved and scheduled: it starts Mon 8 Dec 2036, 09:00 (Europe/Paris).',
      );
      console.log(
        `      new campaign on Teams cards, with a new list and one wrong date: ${admin.turns} admin turns`,
      );

      const [list] = await e2e.store.lists.list(TENANT_ID);
      assert.ok(list);
      assert.deepEqual(
        { name: list.name, emails: list.emails, createdBy: list.createdBy },
        {
          name: 'Contoso staff',
          emails: ['grace@contoso.test', 'ada@contoso.test'],
          createdBy: `msteams:${ADA.id}`,
        },
      );
      const campaigns = await e2e.store.campaigns.list(TENANT_ID);
      assert.equal(campaigns.length, 1);
      const campaign = campaigns[0]!;
      assert.deepEqual(campaign, {
        id: campaign.id,
        tenantId: TENANT_ID,
        name: 'Winter Sale',
        message: 'Hi {{firstName}}, our **winter sale** starts on Monday.',
        channel: 'teams',
        listId: list.id,
        startDate: '2036-12-08',
        durationDays: 5,
        workingHours: {
          open: '09:00',
          close: '18:00',
          weekdays: [1, 2, 3, 4, 5],
          timeZone: 'Europe/Paris',
        },
        presencePolicy: 'ignore',
        options: defaultCampaignOptions(),
        status: 'scheduled',
        authorUserId: `msteams:${ADA.id}`,
        createdAt: NOW.toMillis(),
        updatedAt: NOW.toMillis(),
      });

      assert.deepEqual(
        await startJobs(),
        [
          {
            name: START_CAMPAIGN_JOB,
            nextRunAt: Date.parse('2036-12-08T08:00:00Z'),
            data: { campaignId: campaign.id },
          },
        ],
        'one start job, at 09:00 Paris on the start date',
      );
      assert.ok(
        connector.posted.every((p) => p.conversationId === admin.conversationId),
        'every reply went to the admin’s chat',
      );
    });

    it('the shortest path: "All reachable users", right answers, counted turns', async () => {
      await admin.install();

      assert.equal(formCardOf(await admin.say('new campaign')).card, 'campaignBasics');
      assert.equal(formCardOf(await admin.say({ value: BASICS })).card, 'campaignAudience');
      assert.equal(
        formCardOf(await admin.say({ value: ALL_REACHABLE_USERS })).card,
        'campaignSchedule',
      );
      const summary = formCardOf(await admin.say({ value: SCHEDULE }));
      assert.equal(summary.facts['List'], 'All reachable users');
      assert.match(textOf(await admin.say({ value: CONFIRM })), /^Campaign “Winter Sale” is saved/);

      console.log(`      new campaign on Teams cards, shortest path: ${admin.turns} admin turns`);
      assert.equal(admin.turns, 5);
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      assert.equal(campaign?.listId, 'all-users');
      assert.equal(campaign?.status, 'scheduled');
      assert.equal((await startJobs()).length, 1);
    });

    it('a restart mid-dialog loses nothing', async () => {
      await admin.install();
      assert.equal(formCardOf(await admin.say('new campaign')).card, 'campaignBasics');
      assert.equal(formCardOf(await admin.say({ value: BASICS })).card, 'campaignAudience');

      const portBefore = e2e.baseUrl;
      await e2e.restart();
      assert.notEqual(e2e.baseUrl, portBefore, 'a new server, on a new port');

      const schedule = formCardOf(await admin.say({ value: ALL_REACHABLE_USERS }));
      assert.equal(
        schedule.card,
        'campaignSchedule',
        'the form resumes at the step after the list',
      );
      const summary = formCardOf(await admin.say({ value: SCHEDULE }));
      assert.equal(summary.card, 'campaignSummary');
      assert.equal(summary.facts['Name'], 'Winter Sale', 'the name typed before the restart');
      assert.ok(summary.texts.includes('Hi Ada, our **winter sale** starts on Monday.'));

      assert.match(textOf(await admin.say({ value: CONFIRM })), /^Campaign “Winter Sale” is saved/);
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      assert.equal(campaign?.name, 'Winter Sale');
      assert.equal(campaign?.message, BASICS.message);
      assert.equal(campaign?.status, 'scheduled');
      assert.equal((await startJobs())[0]?.nextRunAt, Date.parse('2036-12-08T08:00:00Z'));
    });
  });
}
