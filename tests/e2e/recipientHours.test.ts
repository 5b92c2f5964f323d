/**
 * "Each recipient's working hours" end to end, on both stores, in virtual time: a campaign in
 * Paris hours to a group in Paris, New York and Singapore reaches each member inside their own
 * working day, read from their mailbox settings through Graph (nock); a member whose mailbox
 * cannot be read gets the campaign's hours, and the final report says so.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import nock from 'nock';
import { START_CAMPAIGN_JOB } from '../../jobs/campaignJobs.js';
import { CONNECTOR, TENANT_ID } from '../bot/botServerHarness.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { ADA, E2eApp, GRACE, TeamsUser } from './appHarness.js';
import { standInConnectorAt, type Member } from '../support/standInConnector.js';
import { cardFacts, createGroupCampaignByChat, textOf } from './chatSteps.js';
import { fakeGraphTenant, graphEnv, memberPage } from './fakeGraphTenant.js';
import { runUntil } from './virtualRun.js';

const NEW_YORK: Member = {
  id: '29:nina',
  name: 'Nina Simone',
  aadObjectId: 'aad-nina',
  email: 'nina@contoso.test',
  givenName: 'Nina',
  surname: 'Simone',
};
const SINGAPORE: Member = {
  id: '29:wei',
  name: 'Wei Lin',
  aadObjectId: 'aad-wei',
  email: 'wei@contoso.test',
  givenName: 'Wei',
  surname: 'Lin',
};
/** A shared account without an Exchange Online mailbox. */
const KIOSK: Member = {
  id: '29:kiosk',
  name: 'Front Desk',
  aadObjectId: 'aad-kiosk',
  email: 'frontdesk@contoso.test',
  givenName: 'Front',
  surname: 'Desk',
};

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

/** Each member's mailbox settings as Exchange gives them: IANA or Windows zone names. */
const MAILBOXES: Record<string, [number, unknown]> = {
  // Mornings only, in Paris: not the campaign's 09:00–18:00.
  'aad-grace': [
    200,
    {
      timeZone: 'Europe/Paris',
      workingHours: {
        daysOfWeek: weekdays,
        startTime: '07:00:00.0000000',
        endTime: '08:30:00.0000000',
        timeZone: { name: 'Europe/Paris' },
      },
    },
  ],
  'aad-nina': [
    200,
    {
      timeZone: 'Eastern Standard Time',
      workingHours: {
        daysOfWeek: weekdays,
        startTime: '09:00:00.0000000',
        endTime: '17:00:00.0000000',
        timeZone: { name: 'Eastern Standard Time' },
      },
    },
  ],
  'aad-wei': [
    200,
    {
      timeZone: 'Asia/Singapore',
      workingHours: {
        daysOfWeek: weekdays,
        startTime: '08:30:00.0000000',
        endTime: '17:30:00.0000000',
        timeZone: { name: 'Singapore Standard Time' },
      },
    },
  ],
  'aad-kiosk': [
    404,
    {
      error: {
        code: 'MailboxNotEnabledForRESTAPI',
        message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
      },
    },
  ],
};

interface BatchRequest {
  id: string;
  method: string;
  url: string;
}

/** Graph's `$batch` endpoint answering mailbox settings reads; returns the batches it got. */
function fakeMailboxSettings(): BatchRequest[][] {
  const batches: BatchRequest[][] = [];
  nock('https://graph.microsoft.com')
    .persist()
    .post('/v1.0/$batch')
    .reply(200, (_uri, body) => {
      const { requests } = body as { requests: BatchRequest[] };
      batches.push(requests);
      return {
        responses: requests.map((r) => {
          const user = /^\/users\/([^/]+)\/mailboxSettings/.exec(r.url)?.[1] ?? '';
          const [status, answer] = MAILBOXES[decodeURIComponent(user)] ?? [404, {}];
          return { id: r.id, status, body: answer };
        }),
      };
    });
  return batches;
}

for (const kind of STORE_KINDS) {
  describe(`e2e on ${kind}: each recipient's working hours`, function () {
    this.timeout(120_000);
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

    it('sends to Paris, New York and Singapore inside each one’s own hours; an unreadable mailbox gets the campaign’s, and the report says so', async function () {
      const members = [GRACE, NEW_YORK, SINGAPORE, KIOSK];
      const connector = standInConnectorAt(CONNECTOR, [ADA, ...members]);
      e2e = await E2eApp.startInVirtualTime(kind, this, graphEnv());
      fakeGraphTenant(e2e.clock, members.length, () => memberPage(members));
      const batches = fakeMailboxSettings();
      const admin = new TeamsUser(e2e, connector, ADA);
      await admin.install();
      for (const member of members) await new TeamsUser(e2e, connector, member).install();

      const chat = await createGroupCampaignByChat(admin, 'sales', { recipientHours: 'on' });
      assert.match(chat.confirmation, /saved and scheduled/);
      const [campaign] = await e2e.store.campaigns.list(TENANT_ID);
      assert.equal(campaign?.options.recipientHours, true);

      const finalReport = () =>
        connector.posted.find((p) => /has finished/.test(p.activity.text ?? ''));
      const app = e2e;
      await runUntil(
        app,
        'the author has the final report',
        async () => finalReport() !== undefined,
        async () => {
          const jobs = await app.scheduledJobs(START_CAMPAIGN_JOB);
          const runs = jobs.flatMap((job) => (job.nextRunAt ? [job.nextRunAt.getTime()] : []));
          return runs.length === 0 ? null : Math.min(...runs);
        },
      );

      // One $batch for the four members (a start run again, as after a crash, reads them again).
      const sizes = batches.map((b) => b.length);
      assert.ok(sizes.length >= 1 && sizes.every((size) => size === 4), JSON.stringify(sizes));
      const sentAt = (member: Member, zone: string) => {
        const message = connector.posted.find(
          (p) =>
            p.conversationId === `a:chat-${member.id}` && /winter sale/.test(p.activity.text ?? ''),
        );
        assert.ok(message, `${member.name} has the message`);
        return DateTime.fromMillis(message.at, { zone });
      };
      // The campaign starts Monday 8 December 2036 (Paris hours 09:00–18:00): each one's Monday.
      const expectations: [Member, string, string, string][] = [
        [GRACE, 'Europe/Paris', '07:00', '08:30'],
        [NEW_YORK, 'America/New_York', '09:00', '17:00'],
        [SINGAPORE, 'Asia/Singapore', '08:30', '17:30'],
        [KIOSK, 'Europe/Paris', '09:00', '18:00'],
      ];
      for (const [member, zone, open, close] of expectations) {
        const local = sentAt(member, zone);
        const clock = local.toFormat('HH:mm');
        assert.equal(local.toISODate(), '2036-12-08', `${member.name}: ${local.toISO()}`);
        assert.ok(
          clock >= open && clock < close,
          `${member.name} at ${clock} in ${zone}, within ${open}–${close}`,
        );
      }

      const facts = new Map(cardFacts(finalReport()!.activity.attachments![0]!.content));
      assert.equal(facts.get('Sent'), '4');
      assert.equal(
        facts.get('Working hours'),
        "Own working hours: 3 · campaign's hours: 1 (no mailbox 1)",
      );

      // The CSV says whose hours each recipient got.
      const exported = textOf(await admin.say('export Winter Sale'));
      const link = /\((https?:\/\/[^)\s]+export\.csv[^)\s]*)\)/.exec(exported)?.[1];
      assert.ok(link, exported);
      const rows = (await (await e2e.get(link)).text()).replace(/^\uFEFF/, '').split('\r\n');
      assert.match(rows[0]!, /,"working_hours"$/);
      const hoursOf = (member: Member) =>
        rows
          .find((row) => row.startsWith(`"${member.email}"`))
          ?.split(',')
          .at(-1);
      assert.equal(hoursOf(NEW_YORK), '"own: America/New_York Mon Tue Wed Thu Fri 09:00–17:00"');
      assert.equal(hoursOf(SINGAPORE), '"own: Asia/Singapore Mon Tue Wed Thu Fri 08:30–17:30"');
      assert.equal(hoursOf(KIOSK), `"campaign's: no mailbox"`);
    });
  });
}
