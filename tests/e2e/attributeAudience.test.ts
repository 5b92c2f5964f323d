/**
 * An audience of people by department, country or office, through the app createApp builds with
 * Graph configured, in virtual time, on both stores: chosen in Teams (card) and on Skype (text)
 * with its size shown, a value matching nobody asked again, `lists` showing the rule, and a
 * campaign whose people are read at its start, two pages of them, reaching every one.
 * Graph, its token endpoint and the Bot Connector are faked by nock; everything else is real.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import nock from 'nock';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { cardOf as formCardOf } from '../dialogs/campaignFormChat.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { standInConnectorAt, type StandInConnector } from '../support/standInConnector.js';
import { ADA, E2eApp, GRACE, TeamsUser } from './appHarness.js';
import { BASICS, cardFacts, CONFIRM, SCHEDULE, textOf } from './chatSteps.js';
import { fakeGraphTenant, graphEnv, memberPage } from './fakeGraphTenant.js';
import { fakeDirectoryPeople, type Person, type PeopleLog } from './fakeDirectoryPeople.js';
import { SkypeUser } from './skypeUser.js';
import { runUntil } from './virtualRun.js';

/** Monday 8 December 2036, 09:00 in Paris: the campaign's first working day opens. */
const START = DateTime.fromISO('2036-12-08T09:00:00', { zone: 'Europe/Paris' });

const LIN: Person = {
  id: '29:lin',
  name: 'Lin Wei',
  aadObjectId: 'aad-lin',
  email: 'lin@contoso.test',
  givenName: 'Lin',
  surname: 'Wei',
  department: 'sales',
  country: 'Germany',
};
/** The directory: the rule “Sales or Marketing, in Germany” holds Ada, Grace and Lin. */
const PEOPLE: Person[] = [
  { ...ADA, department: 'Sales', country: 'Germany', officeLocation: 'Berlin' },
  { ...GRACE, department: 'Marketing', country: 'GERMANY', officeLocation: 'Munich' },
  LIN,
  {
    id: '29:tom',
    name: 'Tom Paris',
    aadObjectId: 'aad-tom',
    email: 'tom@contoso.test',
    department: 'Sales',
    country: 'France',
  },
  {
    id: '29:old',
    name: 'Old Account',
    aadObjectId: 'aad-old',
    email: 'old@contoso.test',
    department: 'Sales',
    country: 'Germany',
    disabled: true,
  },
];
/** Ada and Grace on the first page, Lin on the second. */
const PAGE_SIZE = 2;
const CODE = /\*\*(\d{6})\*\*/;

for (const kind of STORE_KINDS) {
  describe(`e2e on ${kind}: an audience by department, country or office`, function () {
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
    ): Promise<{ e2e: E2eApp; people: PeopleLog; admin: TeamsUser }> {
      connector = standInConnectorAt(CONNECTOR, [ADA, GRACE, LIN]);
      e2e = await E2eApp.startInVirtualTime(kind, context, graphEnv());
      fakeGraphTenant(e2e.clock, 0, () => memberPage([]));
      const people = fakeDirectoryPeople(PEOPLE, PAGE_SIZE);
      const admin = new TeamsUser(e2e, connector, ADA);
      await admin.install();
      return { e2e, people, admin };
    }

    it('Teams: a card per attribute, a misspelt value asked again with the answers kept, the size shown, `lists` showing the rule, and every member of two pages reached', async function () {
      const { e2e, people, admin } = await started(this);
      await new TeamsUser(e2e, connector, GRACE).install();
      await new TeamsUser(e2e, connector, LIN).install();

      await admin.say('new campaign');
      assert.equal(formCardOf(await admin.say({ value: BASICS })).card, 'campaignAudience');
      const empty = formCardOf(
        await admin.say({ value: { card: 'campaignAudience', choice: 'attributes' } }),
      );
      assert.equal(empty.card, 'attributeAudience');
      assert.deepEqual(Object.keys(empty.inputs), [
        'department',
        'country',
        'officeLocation',
        'jobTitle',
        'companyName',
      ]);

      const use = (inputs: Record<string, string>) =>
        admin.say({ value: { card: 'attributeAudience', choice: 'use', ...inputs } });
      const misspelt = formCardOf(
        await use({ department: 'Salse, Marketing', country: 'germany' }),
      );
      assert.equal(misspelt.card, 'attributeAudience', 'asked again');
      assert.ok(
        misspelt.texts.some((t) =>
          /department “Salse” matches nobody\. Check the spelling/.test(t),
        ),
        misspelt.texts.join('\n'),
      );
      assert.deepEqual(
        [misspelt.inputs['department'], misspelt.inputs['country']],
        ['Salse, Marketing', 'germany'],
        'the answers are kept',
      );
      assert.equal(await e2e.store.lists.list(TENANT_ID).then((l) => l.length), 0, 'not saved');

      const chosen = await use({ department: 'Sales, Marketing', country: 'germany' });
      assert.match(
        textOf(chosen),
        /“People: department Sales or Marketing, and country germany”: about 3 people \(enabled accounts with department: Sales, Marketing; country: germany\)\. The members are read when the campaign starts\./,
      );
      assert.equal(formCardOf(chosen).card, 'campaignSchedule');
      assert.deepEqual(people.counts.slice(-4), [
        "accountEnabled eq true and (department eq 'Sales' or department eq 'Marketing') and country eq 'germany'",
        "accountEnabled eq true and department eq 'Sales'",
        "accountEnabled eq true and department eq 'Marketing'",
        "accountEnabled eq true and country eq 'germany'",
      ]);
      await admin.say({ value: { ...SCHEDULE, presencePolicy: 'available' } });
      assert.match(textOf(await admin.say({ value: CONFIRM })), /saved and scheduled/);

      const lists = JSON.stringify(await admin.say('lists'));
      assert.match(lists, /People: department Sales or Marketing, and country germany/);
      assert.match(
        lists,
        /People by department, country or office · members read when a campaign starts · about 3 people when chosen/,
      );

      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      e2e.clock.set(START);
      const finalReports = () =>
        connector.posted.filter((p) => /has finished/.test(p.activity.text ?? ''));
      await runUntil(e2e, 'the author has the final report', async () => finalReports().length > 0);

      // One snapshot at the start: the first page, then the second at its nextLink, once.
      const pages = people.pages.map((url) =>
        new URL(url, 'https://graph.microsoft.com').searchParams.get('$skiptoken'),
      );
      assert.deepEqual(pages, [null, '2'], people.pages.join('\n'));
      const messages = connector.posted.filter((p) => /winter sale/.test(p.activity.text ?? ''));
      assert.deepEqual(messages.map((p) => p.conversationId).sort(), [
        'a:chat-29:ada',
        'a:chat-29:grace',
        'a:chat-29:lin',
      ]);
      const funnel = new Map(cardFacts(finalReports()[0]!.activity.attachments![0]!.content));
      assert.equal(funnel.get('Recipients'), '3');
      assert.equal(funnel.get('Sent'), '3');
      assert.equal((await e2e.store.campaigns.get(campaign!.id))?.status, 'finished');
    });

    it('Skype: the rule typed in text, other spellings taken, a wrong attribute and a value matching nobody asked again, the size shown', async function () {
      const { e2e, admin } = await started(this);
      const skype = new SkypeUser(e2e, connector, 'live:ada', 'Ada');
      await skype.addBot();
      const code = CODE.exec(textOf(await admin.say('link skype')))![1]!;
      assert.match((await skype.say(`link ${code}`))[0]!, /^Linked/);

      const answers: [RegExp, string][] = [
        [/campaign name/i, 'Berlin news'],
        [/message/i, 'Hi {{firstName}}, news from Berlin.'],
        [/channel/i, 'Teams'],
      ];
      let reply = (await skype.say('new campaign')).join('\n');
      while (!/which list/i.test(reply)) {
        const answer = answers.find(([asks]) => asks.test(reply))?.[1];
        assert.ok(answer, reply);
        reply = (await skype.say(answer)).join('\n');
      }
      assert.match(reply, /People by department, country or office/);
      const ask = (await skype.say('People by department, country or office')).join('\n');
      assert.match(
        ask,
        /Which people\? Type each attribute with its values, as in “department: Sales, Marketing; country: Germany”/,
      );

      const wrongAttribute = (await skype.say('departmnt: Sales')).join('\n');
      assert.match(wrongAttribute, /That cannot be used: “departmnt” is not an attribute I know/);
      assert.match(
        wrongAttribute,
        /Attributes: department, country, office \(officeLocation\), job title \(jobTitle\), company \(companyName\)/,
      );
      assert.match(wrongAttribute, /Your answer was: departmnt: Sales/);
      assert.match(wrongAttribute, /Which people\?/, 'the same question again');

      const nobody = (await skype.say('Dept: Sales; country: Germany, Atlantis')).join('\n');
      assert.match(nobody, /country “Atlantis” matches nobody/);
      assert.match(nobody, /Your answer was: Dept: Sales; country: Germany, Atlantis/);
      assert.match(nobody, /Which people\?/);

      const noOneAtOnce = (await skype.say('department: Marketing; office: Berlin')).join('\n');
      assert.match(
        noOneAtOnce,
        /Nobody in your organisation's directory has department Marketing, and office Berlin at once/,
      );
      assert.match(noOneAtOnce, /Which people\?/);

      const chosen = (await skype.say('Dept: Sales; Country/Region: germany')).join('\n');
      assert.match(
        chosen,
        /“People: department Sales, and country germany”: about 2 people \(enabled accounts with department: Sales; country: germany\)/,
      );
      assert.match(chosen, /On which day does the campaign start\?/, 'the form goes on');
      const [list] = await e2e.store.lists.list(TENANT_ID);
      assert.deepEqual(
        [list?.name, list?.emails, list?.directoryAudience],
        [
          'People: department Sales, and country germany',
          [],
          { kind: 'people by department, country or office', estimatedSize: 2 },
        ],
      );
      await skype.say('cancel');
      const lists = (await skype.say('lists')).join('\n');
      assert.match(
        lists,
        /\*\*People: department Sales, and country germany\*\* — People by department, country or office · members read when a campaign starts · about 2 people when chosen/,
      );
    });
  });
}
