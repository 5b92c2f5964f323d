import assert from 'node:assert/strict';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';
import { ReportQueries } from '../../src/application/ReportQueries.js';
import { CSV_COLUMNS, campaignCsvLines, csvField, csvLine } from '../../src/reports/csvExport.js';
import { reminderId } from '../../src/domain/reminders.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { campaignFixture, deliveryFixture, T0 } from './fixtures.js';

describe('CSV escaping', () => {
  const cases: Array<[string, string]> = [
    ['plain@example.com', '"plain@example.com"'],
    ['', '""'],
    ['say "hi"', '"say ""hi"""'],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['=HYPERLINK("http://evil.example")', '"\'=HYPERLINK(""http://evil.example"")"'],
    ['+1-555', '"\'+1-555"'],
    ['-2+3', '"\'-2+3"'],
    ['@SUM(A1:A2)', '"\'@SUM(A1:A2)"'],
    ['\tcmd', '"\'\tcmd"'],
    ['\rcmd', '"\'\rcmd"'],
    ['a=b', '"a=b"'],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value)} → ${expected}`, () => {
      assert.equal(csvField(value), expected);
    });
  }

  it('joins a line with commas and ends it with CRLF', () => {
    assert.equal(csvLine(['a', 'b"c', '=1']), '"a","b""c","\'=1"\r\n');
  });
});

describe('campaign CSV export', () => {
  let store: SqliteStore;
  const campaign = campaignFixture();

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    await store.campaigns.create(campaign);
  });
  afterEach(async () => {
    await store.close();
  });

  async function exportCsv(pageSize: number): Promise<string> {
    let csv = '';
    for await (const chunk of campaignCsvLines(new ReportQueries(store), campaign, { pageSize }))
      csv += chunk;
    return csv;
  }

  it('counts the reminders each recipient was sent, for a campaign that reminds, one row per recipient', async () => {
    const reminding = {
      ...campaign,
      options: { ...defaultCampaignOptions(), reminders: { count: 2, afterHours: 4 } as const },
    };
    const reminder = (n: number, status: 'sent' | 'unscheduled') =>
      deliveryFixture(campaign.id, 1, status, {
        id: reminderId('camp-1-d0001', n),
        reminderOf: 'camp-1-d0001',
        reminderNumber: n,
      });
    await store.deliveries.insert([
      deliveryFixture(campaign.id, 1, 'sent', { sentAt: T0 }),
      deliveryFixture(campaign.id, 2, 'sent', { sentAt: T0 }),
      reminder(1, 'sent'),
      reminder(2, 'unscheduled'),
    ]);
    let csv = '';
    for await (const chunk of campaignCsvLines(new ReportQueries(store), reminding)) csv += chunk;
    const rows = csv.trimEnd().split('\r\n');
    assert.equal(
      rows[0],
      '"address","status","reason","sent_at","read_at","clicks","app","department","country","office_location","reminders"',
    );
    assert.deepEqual(
      rows.slice(1).map((row) => [row.split(',')[0], row.split(',').at(-1)]),
      [
        ['"user1@example.com"', '"1"'],
        ['"user2@example.com"', '"0"'],
      ],
    );
  });

  it('writes one escaped row per recipient with times in the campaign zone, clicks and where the directory placed them', async () => {
    await store.deliveries.insert([
      deliveryFixture(campaign.id, 1, 'sent', {
        sentAt: T0 + 90_000,
        readAt: T0 + 3_600_000,
        profile: { department: 'Sales', country: 'France', officeLocation: '@Home' },
      }),
      deliveryFixture(campaign.id, 2, 'failed', { reason: 'blocked-by-user' }),
      deliveryFixture(campaign.id, 3, 'unreachable', {
        email: '=1+1@example.com',
        reason: 'no-reachable-user',
      }),
    ]);
    await store.tracking.saveTokens([
      {
        token: 'tokentokentokentoken01',
        campaignId: campaign.id,
        deliveryId: 'camp-1-d0001',
        url: 'https://a.example',
      },
    ]);
    for (const at of [T0 + 100_000, T0 + 200_000]) {
      await store.tracking.recordClicks([
        {
          token: 'tokentokentokentoken01',
          campaignId: campaign.id,
          deliveryId: 'camp-1-d0001',
          url: 'https://a.example',
          at,
        },
      ]);
    }

    assert.equal(
      await exportCsv(500),
      [
        '"address","status","reason","sent_at","read_at","clicks","app","department","country","office_location"',
        '"user1@example.com","sent","","2026-03-02T09:01:30+01:00","2026-03-02T10:00:00+01:00","2","present","Sales","France","\'@Home"',
        '"user2@example.com","failed","blocked-by-user","","","0","present","","",""',
        '"\'=1+1@example.com","unreachable","no-reachable-user","","","0","","","",""',
        '',
      ].join('\r\n'),
    );
  });

  it('adds when each recipient acknowledged, for a campaign that asks for it', async () => {
    const asking = campaignFixture({
      id: 'camp-2',
      name: 'Asks',
      options: { ...defaultCampaignOptions(), acknowledgement: true },
    });
    await store.campaigns.create(asking);
    await store.deliveries.insert([
      deliveryFixture(asking.id, 1, 'sent', { sentAt: T0 + 90_000 }),
      deliveryFixture(asking.id, 2, 'sent', { sentAt: T0 + 90_000 }),
    ]);
    await store.deliveries.acknowledge(`${asking.id}-d0001`, T0 + 7_200_000);
    let csv = '';
    for await (const chunk of campaignCsvLines(new ReportQueries(store), asking)) csv += chunk;
    assert.equal(
      csv,
      [
        '"address","status","reason","sent_at","read_at","clicks","app","department","country","office_location","acknowledged_at"',
        '"user1@example.com","sent","","2026-03-02T09:01:30+01:00","","0","present","","","","2026-03-02T11:00:00+01:00"',
        '"user2@example.com","sent","","2026-03-02T09:01:30+01:00","","0","present","","","",""',
        '',
      ].join('\r\n'),
    );
  });

  it('says, for someone whose chat Teams had lost, whether the bot re-opened it', async () => {
    await store.deliveries.insert([
      deliveryFixture(campaign.id, 1, 'sent', { sentAt: T0 + 90_000 }),
      deliveryFixture(campaign.id, 2, 'failed', { reason: 'conversation-not-found' }),
      deliveryFixture(campaign.id, 3, 'pending', { reason: 'reopening-chat' }),
    ]);
    await store.installations.insert(
      [1, 2, 3].map((n) => ({
        id: `${campaign.id}|user${n}@example.com`,
        campaignId: campaign.id,
        tenantId: campaign.tenantId,
        email: `user${n}@example.com`,
        aadObjectId: `aad-${n}`,
        status: 'waiting' as const,
        dueAt: T0,
        firstAttemptAt: T0,
        attempts: 0,
        reopensChatOf: `msteams:user-${n}`,
        updatedAt: T0,
      })),
    );
    const claimed = await store.installations.claimDue(T0, 2, 'w1', T0 + 60_000);
    await store.installations.settle('w1', [
      { id: claimed[0]!.id, status: 'installed', alreadyInstalled: true, updatedAt: T0 },
      { id: claimed[1]!.id, status: 'failed', reason: 'blocked-by-policy', updatedAt: T0 },
    ]);

    const apps = (await exportCsv(500))
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(',')[CSV_COLUMNS.indexOf('app')]);
    assert.deepEqual(apps, ['"chat-reopened"', '"chat-reopen-failed"', '"chat-reopen-pending"']);
  });

  for (const [rows, pageSize] of [
    [7, 3],
    [6, 3],
    [2, 3],
    [0, 3],
  ] as const) {
    it(`pages through ${rows} deliveries ${pageSize} at a time, each once and in order`, async () => {
      await store.deliveries.insert(
        Array.from({ length: rows }, (_, i) => deliveryFixture(campaign.id, i + 1, 'pending')),
      );
      await store.deliveries.insert([deliveryFixture('other-campaign', 1, 'sent')]);
      const lines = (await exportCsv(pageSize)).split('\r\n').slice(1, -1);
      assert.deepEqual(
        lines.map((l) => l.split(',')[0]),
        Array.from({ length: rows }, (_, i) => `"user${i + 1}@example.com"`),
      );
    });
  }

  it('asks the store for one page at a time', async () => {
    await store.deliveries.insert(
      Array.from({ length: 7 }, (_, i) => deliveryFixture(campaign.id, i + 1, 'sent')),
    );
    const pages: number[] = [];
    const observed = new ReportQueries({
      ...store,
      deliveries: {
        list: async (id: string, page: { afterId?: string; limit: number }) => {
          const rows = await store.deliveries.list(id, page);
          pages.push(rows.length);
          return rows;
        },
        countRecipientHours: (id: string) => store.deliveries.countRecipientHours(id),
        remindersSent: (ids) => store.deliveries.remindersSent(ids),
      },
    });
    let lines = 0;
    for await (const chunk of campaignCsvLines(observed, campaign, { pageSize: 3 })) {
      lines += chunk.split('\r\n').length - 1;
    }
    assert.deepEqual(pages, [3, 3, 1]);
    assert.equal(lines, 8);
  });
});
