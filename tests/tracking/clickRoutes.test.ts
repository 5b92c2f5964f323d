import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { ManualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { TrackedLinks } from '../../src/application/TrackedLinks.js';
import { registerClickRoutes } from '../../src/tracking/clickRoutes.js';
import { LinkTracker } from '../../src/tracking/LinkTracker.js';
import {
  campaignFixture,
  deliveryFixture,
  startServer,
  T0,
  type RunningServer,
} from '../reports/fixtures.js';

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

describe('GET /r/:token (tracked link redirect)', () => {
  let store: SqliteStore;
  let server: RunningServer;
  let clock: ManualClock;
  let newsToken: string;

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    clock = new ManualClock(DateTime.fromMillis(T0 + 3_600_000, { zone: 'utc' }));
    const campaign = campaignFixture();
    await store.campaigns.create(campaign);
    await store.deliveries.insert([
      deliveryFixture(campaign.id, 1, 'sent', { sentAt: T0 }),
      deliveryFixture(campaign.id, 2, 'sent', { sentAt: T0 }),
    ]);
    server = await startServer(
      registerClickRoutes({ links: new TrackedLinks(store.tracking), clock, logger: silentLogger }),
    );
    const tracker = new LinkTracker({ ...store, publicUrl: server.baseUrl });
    const text = await tracker.trackLinks(
      { id: 'camp-1-d0001', campaignId: campaign.id },
      'See [news](https://example.com/news?a=1&b=2)',
    );
    newsToken = /\/r\/([\w-]+)\)/.exec(text)![1]!;
  });

  afterEach(async () => {
    await server.close();
    await store.close();
  });

  const get = (path: string, userAgent = BROWSER, method = 'GET') =>
    fetch(`${server.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: { 'User-Agent': userAgent },
    });

  it('redirects a known token to its URL and records the click', async () => {
    const res = await get(`/r/${newsToken}`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://example.com/news?a=1&b=2');
    assert.equal(res.headers.get('cache-control'), 'no-store');

    const report = await store.reports.campaignReport('camp-1');
    assert.equal(report.totalClicks, 1);
    assert.equal(report.distinctClickers, 1);
    assert.deepEqual(report.clicksPerLink, [
      { url: 'https://example.com/news?a=1&b=2', clicks: 1, distinctRecipients: 1 },
    ]);
    assert.deepEqual(report.timeline.at(-1), { hourStart: T0 + 3_600_000, sends: 0, clicks: 1 });
    assert.deepEqual(
      await store.tracking.clicksByDelivery(['camp-1-d0001']),
      new Map([['camp-1-d0001', 1]]),
    );
  });

  it('counts every click, one recipient clicking twice stays one clicker', async () => {
    await get(`/r/${newsToken}`);
    clock.advance({ minutes: 5 });
    await get(`/r/${newsToken}`);
    const report = await store.reports.campaignReport('camp-1');
    assert.equal(report.totalClicks, 2);
    assert.equal(report.distinctClickers, 1);
  });

  it('records every one of many clicks arriving at once', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => get(`/r/${newsToken}`)));
    assert.deepEqual(
      answers.map((res) => res.status),
      answers.map(() => 302),
    );
    assert.equal((await store.reports.campaignReport('camp-1')).totalClicks, 25);
  });

  it('still redirects when the click cannot be recorded', async () => {
    store.db.exec('DROP TABLE clicks');
    const res = await get(`/r/${newsToken}`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://example.com/news?a=1&b=2');
  });

  for (const [name, path] of [
    ['an unknown well-formed token', '/r/AAAAAAAAAAAAAAAAAAAAAA'],
    ['a malformed token', '/r/not*a*token'],
    ['a too-short token', '/r/abc'],
    ['a token with a URL appended', '/r/https%3A%2F%2Fevil.example'],
  ] as const) {
    it(`answers 404 without a Location for ${name}, recording nothing`, async () => {
      const res = await get(path);
      assert.equal(res.status, 404);
      assert.equal(res.headers.get('location'), null);
      assert.match(await res.text(), /does not exist/);
      assert.equal((await store.reports.campaignReport('camp-1')).totalClicks, 0);
    });
  }

  it('never redirects to a stored URL that is not http(s)', async () => {
    await store.tracking.saveTokens([
      {
        token: 'jsTokenjsTokenjsToken0',
        campaignId: 'camp-1',
        deliveryId: 'camp-1-d0002',
        url: 'javascript:alert(1)',
      },
    ]);
    const res = await get('/r/jsTokenjsTokenjsToken0');
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('location'), null);
    assert.equal((await store.reports.campaignReport('camp-1')).totalClicks, 0);
  });

  it('answers HEAD with the redirect but does not count it', async () => {
    const res = await get(`/r/${newsToken}`, BROWSER, 'HEAD');
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), 'https://example.com/news?a=1&b=2');
    const missing = await get('/r/AAAAAAAAAAAAAAAAAAAAAA', BROWSER, 'HEAD');
    assert.equal(missing.status, 404);
    assert.equal((await store.reports.campaignReport('camp-1')).totalClicks, 0);
  });

  for (const agent of [
    'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5',
    'Mozilla/5.0 (compatible; MicrosoftPreview/2.0; +https://aka.ms/MicrosoftPreview)',
    'TeamsBot-LinkPreview/1.0',
    'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    'Twitterbot/1.0',
    'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
    'WhatsApp/2.23.20.0',
    'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    'SomeCrawler/3.1',
    '',
    // Programs and Office's own link checks: one recipient showed 9 "clicks" from these.
    'curl/8.5.0',
    'python-requests/2.31.0',
    'node',
    'Go-http-client/1.1',
    'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)',
    'Mozilla/4.0 (compatible; ms-office; MSOffice 16)',
  ]) {
    it(`redirects but does not count "${agent}" (not a person's browser)`, async () => {
      const res = await get(`/r/${newsToken}`, agent);
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), 'https://example.com/news?a=1&b=2');
      assert.equal((await store.reports.campaignReport('camp-1')).totalClicks, 0);
    });
  }

  it('redirects but does not count a browser prefetch (Sec-Purpose: prefetch)', async () => {
    const res = await fetch(`${server.baseUrl}/r/${newsToken}`, {
      redirect: 'manual',
      headers: { 'User-Agent': BROWSER, 'Sec-Purpose': 'prefetch' },
    });
    assert.equal(res.status, 302);
    assert.equal((await store.reports.campaignReport('camp-1')).totalClicks, 0);
  });

  it('counts a click from the Teams client’s in-app browser', async () => {
    const teams =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Teams/24004.1403.2634.2418';
    const res = await get(`/r/${newsToken}`, teams);
    assert.equal(res.status, 302);
    assert.equal((await store.reports.campaignReport('camp-1')).totalClicks, 1);
  });
});
