/**
 * The author's final report push, on the real SQLite store, the real ReportService and the
 * engine's Bot Connector sender (local mode), with the connector's HTTP faked by nock.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import nock from 'nock';
import { ManualClock } from '../../src/clock.js';
import { DateTime } from 'luxon';
import { createLogger } from '../../src/logger.js';
import { authorNotifier } from '../../src/reports/notifyAuthor.js';
import { ReportService } from '../../src/reports/ReportService.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { reachableUser } from '../delivery/support/seed.js';
import { testDeliveryEngine } from '../support/testDeliveryEngine.js';
import { campaignFixture, T0 } from './fixtures.js';

const CONNECTOR = 'https://smba.example.test';
const SERVICE_URL = `${CONNECTOR}/emea/`;

describe('authorNotifier', () => {
  let store: SqliteStore;
  let logs: Array<{ msg: string; campaignId?: string; reason?: string }>;
  let notify: ReturnType<typeof authorNotifier>;

  beforeEach(() => {
    nock.disableNetConnect();
    store = openSqliteStore(':memory:');
    logs = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(JSON.parse(chunk.toString()) as (typeof logs)[number]);
        done();
      },
    });
    const logger = createLogger('info', destination);
    const clock = new ManualClock(DateTime.fromMillis(T0));
    notify = authorNotifier({
      ...store,
      reports: new ReportService({
        ...store,
        publicUrl: 'https://bot.example.com',
        secret: 's'.repeat(32),
        clock,
      }),
      sender: testDeliveryEngine({ store, clock, logger }).sender,
      logger,
    });
  });

  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await store.close();
  });

  async function finishedCampaign(authorUserId: string) {
    const campaign = campaignFixture({ status: 'finished', authorUserId });
    await store.campaigns.create(campaign);
    return campaign;
  }

  it('sends nothing and says why when the author is no longer reachable', async () => {
    const campaign = await finishedCampaign('msteams:gone');

    await notify(campaign);

    assert.ok(logs.some((l) => l.campaignId === campaign.id && /no longer reachable/.test(l.msg)));
  });

  it("posts the report card to the author's conversation", async () => {
    await store.users.upsert(reachableUser(9, SERVICE_URL));
    const campaign = await finishedCampaign('msteams:user-9');
    const posted: Array<{ attachments?: Array<{ contentType: string }> }> = [];
    nock(CONNECTOR)
      .post('/emea/v3/conversations/conv-9/activities', (body) => {
        posted.push(body as (typeof posted)[number]);
        return true;
      })
      .reply(201, { id: 'a1' });

    await notify(campaign);

    assert.equal(posted.length, 1);
    assert.equal(
      posted[0]!.attachments?.[0]?.contentType,
      'application/vnd.microsoft.card.adaptive',
    );
    assert.ok(logs.some((l) => l.campaignId === campaign.id && /pushed to the author/.test(l.msg)));
  });

  it('logs the reason when the author blocked the bot', async () => {
    await store.users.upsert(reachableUser(9, SERVICE_URL));
    const campaign = await finishedCampaign('msteams:user-9');
    nock(CONNECTOR)
      .post('/emea/v3/conversations/conv-9/activities')
      .reply(403, { error: { code: 'MessageWritesBlocked', message: 'blocked' } });

    await notify(campaign);

    const warning = logs.find((l) => /not pushed/.test(l.msg));
    assert.equal(warning?.campaignId, campaign.id);
    assert.equal(warning?.reason, 'blocked-by-user');
  });
});
