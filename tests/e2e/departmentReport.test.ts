/**
 * Results by department, end to end through createApp on both stores: a campaign to a
 * directory group whose members Graph gives with their department, country and office, run
 * to its sends and a read; the `report` card has a row per department and the CSV the
 * columns. Graph, its token endpoint and the Bot Connector are faked by nock.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import nock from 'nock';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { standInConnectorAt, type StandInConnector } from '../support/standInConnector.js';
import { ADA, E2eApp, GRACE, PUBLIC_URL, TeamsUser } from './appHarness.js';
import { cardOf as formCardOf } from '../dialogs/campaignFormChat.js';
import { BASICS, CONFIRM, SCHEDULE, createGroupCampaignByChat, textOf } from './chatSteps.js';
import { fakeDirectoryPeople } from './fakeDirectoryPeople.js';
import { fakeGraphTenant, graphEnv, memberPage, type DirectoryMember } from './fakeGraphTenant.js';
import { runUntil } from './virtualRun.js';

/** Monday 8 December 2036, 09:00 in Paris: the campaign's first working day opens. */
const START = DateTime.fromISO('2036-12-08T09:00:00', { zone: 'Europe/Paris' });
const EXPORT_LINK = /\[download\]\((https:\/\/bot\.contoso\.test\/reports\/[^)\s]+)\)/;

const SALES_PARIS: DirectoryMember = {
  ...GRACE,
  department: 'Sales',
  country: 'France',
  officeLocation: 'Paris',
};
const SALES_SINGAPORE: DirectoryMember = {
  id: '29:lin',
  name: 'Lin Wei',
  aadObjectId: 'aad-lin',
  email: 'lin@contoso.test',
  givenName: 'Lin',
  surname: 'Wei',
  department: 'Sales',
  country: 'Singapore',
  officeLocation: '=Marina Bay',
};
const ENGINEERING: DirectoryMember = {
  id: '29:kim',
  name: 'Kim Park',
  aadObjectId: 'aad-kim',
  email: 'kim@contoso.test',
  givenName: 'Kim',
  surname: 'Park',
  department: 'Engineering',
  country: 'United States',
  officeLocation: 'New York',
};
/** No department in the directory, and never talked to the bot: unreachable. */
const OMAR: DirectoryMember = {
  id: '29:omar',
  name: 'Omar Haddad',
  aadObjectId: 'aad-omar',
  email: 'omar@contoso.test',
  givenName: 'Omar',
  surname: 'Haddad',
};
const REACHABLE = [SALES_PARIS, SALES_SINGAPORE, ENGINEERING];

interface Element {
  type?: string;
  text?: string;
  items?: Element[];
  columns?: Element[];
  body?: Element[];
}

/** The texts of each ColumnSet of a card, row by row. */
function tableRows(element: Element): string[][] {
  const own =
    element.type === 'ColumnSet'
      ? [(element.columns ?? []).flatMap((c) => (c.items ?? []).map((i) => i.text ?? ''))]
      : [];
  return [
    ...own,
    ...[...(element.body ?? []), ...(element.items ?? [])].flatMap((child) => tableRows(child)),
  ];
}

for (const kind of STORE_KINDS) {
  describe(`e2e on ${kind}: the report by department`, function () {
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

    it('shows the funnel per department Graph gave for each member, and the CSV their department, country and office', async function () {
      connector = standInConnectorAt(CONNECTOR, [ADA, ...REACHABLE]);
      e2e = await E2eApp.startInVirtualTime(kind, this, graphEnv());
      const selected: string[] = [];
      fakeGraphTenant(e2e.clock, 4, (uri) => {
        selected.push(new URL(uri, 'https://graph.microsoft.com').searchParams.get('$select')!);
        return memberPage([...REACHABLE, OMAR]);
      });
      const admin = new TeamsUser(e2e, connector, ADA);
      await admin.install();
      const members = REACHABLE.map((m) => new TeamsUser(e2e!, connector, m));
      for (const member of members) await member.install();
      await createGroupCampaignByChat(admin, 'sales');
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);

      e2e.clock.set(START);
      // The campaign finishes once all are sent; its final report is pushed before anyone read.
      const finalReport = () =>
        connector.posted.find((p) => /has finished/.test(p.activity.text ?? ''));
      await runUntil(e2e, 'the author has the final report', async () => !!finalReport());
      assert.equal((await e2e.store.deliveries.countByStatus(campaign!.id)).sent, 3);
      const finalRows = tableRows(finalReport()!.activity.attachments![0]!.content as Element);
      assert.ok(
        finalRows.some((row) => row.join('|') === 'Sales|2|2|0 (0%)|0 (0%)'),
        JSON.stringify(finalRows),
      );
      assert.match(selected[0] ?? '', /(^|,)department,country,officeLocation(,|$)/);
      e2e.clock.set(e2e.clock.now().plus({ minutes: 5 }));
      await members[0]!.send({
        type: 'event',
        name: 'application/vnd.microsoft.readReceipt',
        value: { lastReadMessageId: '1' },
        text: undefined,
      });

      const [reply] = await admin.say('report Winter Sale');
      const [card] = reply!.attachments!;
      const rows = tableRows(card!.content as Element);
      const header = rows.findIndex((row) => row[0] === 'Department');
      assert.ok(header >= 0, 'the card has the funnel by department');
      assert.deepEqual(rows.slice(header, header + 4), [
        ['Department', 'Audience', 'Sent', 'Read', 'Clicked'],
        ['Sales', '2', '2', '1 (50%)', '0 (0%)'],
        ['Engineering', '1', '1', '0 (0%)', '0 (0%)'],
        ['No department', '1', '0', '0', '0'],
      ]);

      const link = EXPORT_LINK.exec(textOf(await admin.say('export Winter Sale')))?.[1];
      assert.ok(link?.startsWith(`${PUBLIC_URL}/reports/`), link);
      const csv = (await (await e2e.get(link!)).text()).replace(/^\uFEFF/, '');
      const lines = csv.trimEnd().split('\r\n');
      assert.equal(
        lines[0],
        '"address","status","reason","sent_at","read_at","clicks","app","department","country","office_location"',
      );
      const placed = lines
        .slice(1)
        .map((line) => line.split(','))
        .map((cells) => [cells[0], ...cells.slice(-3)].join(','))
        .sort();
      assert.deepEqual(placed, [
        '"grace@contoso.test","Sales","France","Paris"',
        '"kim@contoso.test","Engineering","United States","New York"',
        '"lin@contoso.test","Sales","Singapore","\'=Marina Bay"',
        '"omar@contoso.test","","",""',
      ]);
    });

    it('groups an audience chosen by country by country', async function () {
      connector = standInConnectorAt(CONNECTOR, [ADA, ...REACHABLE]);
      e2e = await E2eApp.startInVirtualTime(kind, this, graphEnv());
      fakeGraphTenant(e2e.clock, 0, () => memberPage([]));
      fakeDirectoryPeople([...REACHABLE, { ...OMAR, country: 'Singapore' }], 10);
      const admin = new TeamsUser(e2e, connector, ADA);
      await admin.install();
      for (const member of REACHABLE) await new TeamsUser(e2e, connector, member).install();

      await admin.say('new campaign');
      await admin.say({ value: BASICS });
      await admin.say({ value: { card: 'campaignAudience', choice: 'attributes' } });
      const chosen = await admin.say({
        value: { card: 'attributeAudience', choice: 'use', country: 'France, Singapore' },
      });
      assert.equal(formCardOf(chosen).card, 'campaignSchedule', textOf(chosen));
      await admin.say({ value: { ...SCHEDULE, presencePolicy: 'available' } });
      assert.match(textOf(await admin.say({ value: CONFIRM })), /saved and scheduled/);

      e2e.clock.set(START);
      const finalReport = () =>
        connector.posted.find((p) => /has finished/.test(p.activity.text ?? ''));
      await runUntil(e2e, 'the author has the final report', async () => !!finalReport());
      const rows = tableRows(finalReport()!.activity.attachments![0]!.content as Element);
      const header = rows.findIndex((row) => row[0] === 'Country');
      assert.ok(header >= 0, JSON.stringify(rows));
      assert.deepEqual(rows.slice(header, header + 3), [
        ['Country', 'Audience', 'Sent', 'Read', 'Clicked'],
        ['Singapore', '2', '1', '0 (0%)', '0 (0%)'],
        ['France', '1', '1', '0 (0%)', '0 (0%)'],
      ]);
      assert.equal(rows.length, header + 3, 'nobody without a country');
    });
  });
}
