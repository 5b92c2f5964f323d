import assert from 'node:assert/strict';
import type { Attachment } from 'botbuilder';
import { DateTime } from 'luxon';
import { ManualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { ReportQueries } from '../../src/application/ReportQueries.js';
import { ReportService } from '../../src/reports/ReportService.js';
import { registerReportRoutes } from '../../src/reports/reportRoutes.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { signPath } from '../../src/tracking/signedUrl.js';
import {
  campaignFixture,
  deliveryFixture,
  startServer,
  T0,
  type RunningServer,
} from './fixtures.js';

const SECRET = 'report-route-test-secret-0123456789abcdef';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('report routes and ReportService over HTTP', () => {
  let store: SqliteStore;
  let server: RunningServer;
  let clock: ManualClock;
  let service: ReportService;
  const campaign = campaignFixture();
  const otherCampaign = campaignFixture({ id: 'camp-2', name: 'Other' });

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    clock = new ManualClock(DateTime.fromMillis(T0 + 6 * 3_600_000, { zone: 'utc' }));
    await store.campaigns.create(campaign);
    await store.campaigns.create(otherCampaign);
    await store.deliveries.insert([
      deliveryFixture(campaign.id, 1, 'sent', { sentAt: T0 + 60_000 }),
      deliveryFixture(campaign.id, 2, 'sent', { sentAt: T0 + 3_700_000 }),
      deliveryFixture(campaign.id, 3, 'pending'),
    ]);
    server = await startServer(
      registerReportRoutes({
        reports: new ReportQueries(store),
        secret: SECRET,
        clock,
        logger: silentLogger,
      }),
    );
    service = new ReportService({
      ...store,
      publicUrl: server.baseUrl,
      secret: SECRET,
      clock,
      linkTtlMinutes: 60,
    });
  });

  afterEach(async () => {
    await server.close();
    await store.close();
  });

  async function chartUrlOfCard(): Promise<string> {
    const activity = await service.reportActivity(campaign, 'msteams');
    const card = (activity.attachments?.[0] as Attachment).content as {
      body: { type: string; url?: string }[];
    };
    return card.body.find((e) => e.type === 'Image')!.url!;
  }

  it('serves the chart of the card as a PNG', async () => {
    const res = await fetch(await chartUrlOfCard());
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/png');
    const body = Buffer.from(await res.arrayBuffer());
    assert.deepEqual(body.subarray(0, 8), PNG_SIGNATURE);
    assert.ok(body.length > 1000, 'a real image, not an empty one');
  });

  it('serves the export link as a CSV download of every recipient', async () => {
    const res = await fetch(service.exportLink(campaign));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(
      res.headers.get('content-disposition') ?? '',
      /attachment; filename="Spring-launch-report\.csv"/,
    );
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    assert.equal(
      lines[0],
      '"address","status","reason","sent_at","read_at","clicks","app","department","country","office_location"',
    );
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')),
      ['"user1@example.com","sent"', '"user2@example.com","sent"', '"user3@example.com","pending"'],
    );
  });

  it('keeps working until the link expires, then answers 403', async () => {
    const url = service.exportLink(campaign);
    clock.advance({ minutes: 59 });
    assert.equal((await fetch(url)).status, 200);
    clock.advance({ minutes: 1 });
    const expired = await fetch(url);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /expired/);
  });

  it('answers 403 to unsigned and tampered links', async () => {
    const chart = await chartUrlOfCard();
    const unsigned = chart.slice(0, chart.indexOf('?'));
    const tamperedSig = chart.replace(/sig=./, (m) => (m.endsWith('A') ? 'sig=B' : 'sig=A'));
    const extended = chart.replace(
      /exp=(\d+)/,
      (_, exp: string) => `exp=${Number(exp) + 86_400_000}`,
    );
    const otherResource = chart.replace('chart.png', 'export.csv');
    for (const url of [unsigned, tamperedSig, extended, otherResource]) {
      const res = await fetch(url);
      assert.equal(res.status, 403, url);
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    }
  });

  it("answers 403 when one campaign's link is used for another", async () => {
    const forOther = service.exportLink(otherCampaign);
    const swapped = forOther.replace('/reports/camp-2/', '/reports/camp-1/');
    assert.equal((await fetch(swapped)).status, 403);
    assert.equal((await fetch(forOther)).status, 200);
  });

  it('answers 404 to a valid link for a campaign that no longer exists', async () => {
    const url = service.exportLink(otherCampaign);
    await store.campaigns.delete(otherCampaign.id, [otherCampaign.status]);
    assert.equal((await fetch(url)).status, 404);
    const path = signPath('/reports/nope/chart.png', clock.now().toMillis() + 60_000, SECRET);
    assert.equal((await fetch(`${server.baseUrl}${path}`)).status, 404);
  });

  it('gives Skype the report as text with a working chart link', async () => {
    const activity = await service.reportActivity(campaign, 'skype');
    assert.equal(activity.attachments, undefined);
    assert.match(activity.text ?? '', /- Sent: 2\n/);
    const chartUrl = /Chart: (\S+)/.exec(activity.text ?? '')![1]!;
    assert.equal((await fetch(chartUrl)).status, 200);
  });

  it('pushes the final report to the author on their channel', async () => {
    const author = {
      id: campaign.authorUserId,
      tenantId: campaign.tenantId,
      channel: 'teams' as const,
      botChannelId: 'msteams',
      conversationReference: {},
      firstSeenAt: T0,
      lastSeenAt: T0,
    };
    await store.users.upsert(author);
    const teams = await service.finalReportActivity(campaign);
    assert.match(teams.text ?? '', /Spring launch\*\* has finished/);
    assert.equal(teams.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.adaptive');

    await store.users.upsert({
      ...author,
      id: 'skype:author',
      channel: 'skype',
      botChannelId: 'skype',
    });
    const skype = await service.finalReportActivity({ ...campaign, authorUserId: 'skype:author' });
    assert.equal(skype.attachments, undefined);
    assert.match(skype.text ?? '', /has finished[\s\S]*- Sent: 2/);
  });
});
