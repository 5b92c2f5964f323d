/**
 * Starting a campaign whose first working window a daylight-saving jump cuts short: the
 * start used to throw "empty interval", so the start job failed and the campaign never ran.
 * The skipped opening is read as RFC 5545 does, with the offset before the jump: 02:52 is 03:52.
 */
import { strict as assert } from 'node:assert';
import { DateTime } from 'luxon';
import { ManualClock } from '../../src/clock.js';
import { CampaignStarter } from '../../src/delivery/CampaignStarter.js';
import { campaignStartInstant } from '../../src/domain/workingTime.js';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { campaignFixture, reachableUser } from './support/seed.js';

describe('campaign start when a daylight-saving jump cuts the first working window', () => {
  let store: SqliteStore;

  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });

  afterEach(async () => {
    await store.close();
  });

  it('Gaza, Saturdays 02:52–04:02 from Friday 2028-03-24: every recipient planned in 03:52–04:02', async () => {
    const users = [1, 2, 3, 4, 5].map((n) => reachableUser(n, 'https://smba.example/'));
    for (const user of users) await store.users.upsert(user);
    const campaign = campaignFixture({
      status: 'scheduled',
      listId: 'list-gaza',
      startDate: '2028-03-24',
      durationDays: 3,
      workingHours: { open: '02:52', close: '04:02', weekdays: [6], timeZone: 'Asia/Gaza' },
    });
    await store.campaigns.create(campaign);
    await store.lists.create({
      id: 'list-gaza',
      tenantId: campaign.tenantId,
      name: 'Gaza office',
      emails: users.map((u) => u.email!),
      createdBy: campaign.authorUserId,
      createdAt: 0,
    });
    const startAt = campaignStartInstant(campaign)!;
    const starter = new CampaignStarter({
      ...store,
      clock: new ManualClock(startAt),
      logger: silentLogger,
    });

    const summary = await starter.start(campaign.id);

    assert.deepEqual([summary.started, summary.planned], [true, 5]);
    assert.equal((await store.campaigns.get(campaign.id))!.status, 'running');
    const open = DateTime.fromISO('2028-03-25T03:52:00+03:00').toMillis();
    const close = DateTime.fromISO('2028-03-25T04:02:00+03:00').toMillis();
    assert.equal(startAt.toMillis(), open);
    const deliveries = await store.deliveries.list(campaign.id, { limit: 10 });
    assert.equal(deliveries.length, 5);
    for (const d of deliveries) {
      assert.equal(d.status, 'pending');
      assert.ok(d.dueAt! >= open && d.dueAt! < close, `${d.dueAt} in [${open}, ${close})`);
    }
  });
});
