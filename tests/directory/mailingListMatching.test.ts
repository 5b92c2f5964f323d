/**
 * A mailing list's addresses matched through Graph at campaign start: someone who talked to
 * the bot is sent to as before, someone the directory knows gets the app installed first,
 * and an address that names nobody in the tenant is unreachable, `not-in-directory` — and the
 * report's reach funnel counts each.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import nock from 'nock';
import { CampaignStarter } from '../../src/delivery/CampaignStarter.js';
import { ManualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { reachFigures } from '../../src/reports/reachFigures.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { campaignFixture, reachableUser, ZONE } from '../delivery/support/seed.js';
import {
  GRAPH,
  graphDirectory,
  nockAddressLookups,
  nockGraphToken,
  type DirectoryEntry,
} from './fakeDirectory.js';

const DIRECTORY: Record<string, DirectoryEntry> = {
  'ada@example.com': { id: 'aad-ada', mail: 'ada@example.com', givenName: 'Ada' },
  // Known by a proxy address only: Graph's filter matches it, the user's mail differs.
  'g.hopper@example.com': { id: 'aad-grace', mail: 'grace@example.com', givenName: 'Grace' },
};

describe('matching a mailing list through the directory', () => {
  let store: SqliteStore;
  const filters: string[] = [];

  beforeEach(() => {
    nock.disableNetConnect();
    store = openSqliteStore(':memory:');
    filters.length = 0;
    nockAddressLookups(DIRECTORY, filters);
  });

  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await store.close();
  });

  it('plans a send, an installation and a not-in-directory, and the funnel says so', async () => {
    const clock = new ManualClock(DateTime.fromISO('2026-12-07T09:00:00', { zone: ZONE }));
    const campaign = campaignFixture({ status: 'scheduled', listId: 'list-mixed' });
    await store.campaigns.create(campaign);
    await store.users.upsert(reachableUser(1, 'https://smba.trafficmanager.net/emea/'));
    await store.lists.create({
      id: 'list-mixed',
      tenantId: campaign.tenantId,
      name: 'Mixed',
      emails: [
        'user1@example.com',
        'ada@example.com',
        'g.hopper@example.com',
        'nobody@example.com',
      ],
      createdBy: 'msteams:author',
      createdAt: 0,
    });

    const starter = new CampaignStarter({
      ...store,
      clock,
      logger: silentLogger,
      // The campaign's tenant's own directory.
      graphs: {
        mayUse: () => true,
        graphFor: async () => ({ kind: 'granted', graph: { directory: graphDirectory() } }),
      },
    });
    const summary = await starter.start(campaign.id);

    assert.deepEqual([summary.planned, summary.unreachable], [3, 1]);
    assert.ok(
      filters.includes(
        "mail eq 'nobody@example.com' or userPrincipalName eq 'nobody@example.com' or proxyAddresses/any(p:p eq 'smtp:nobody@example.com')",
      ),
    );
    const deliveries = new Map(
      (await store.deliveries.list(campaign.id, { limit: 10 })).map((d) => [d.email, d]),
    );
    assert.equal(deliveries.get('user1@example.com')!.userId, 'msteams:user-1');
    assert.ok(deliveries.get('user1@example.com')!.dueAt! > 0);
    for (const parked of ['ada@example.com', 'g.hopper@example.com']) {
      assert.deepEqual(
        [
          deliveries.get(parked)!.status,
          deliveries.get(parked)!.dueAt,
          deliveries.get(parked)!.reason,
        ],
        ['pending', null, 'awaiting-app-installation'],
      );
    }
    assert.deepEqual(
      [deliveries.get('nobody@example.com')!.status, deliveries.get('nobody@example.com')!.reason],
      ['unreachable', 'not-in-directory'],
    );
    const installations = await store.installations.byEmail(campaign.id, [
      'ada@example.com',
      'g.hopper@example.com',
    ]);
    assert.deepEqual(
      [...installations.values()].map((i) => [i.email, i.aadObjectId, i.givenName, i.status]),
      [
        ['ada@example.com', 'aad-ada', 'Ada', 'waiting'],
        ['g.hopper@example.com', 'aad-grace', 'Grace', 'waiting'],
      ],
    );

    const reach = reachFigures(
      await store.reports.campaignReport(campaign.id),
      await store.installations.funnel(campaign.id),
    );
    assert.deepEqual(reach, {
      audience: '4',
      matched: '3',
      notInDirectory: '1',
      appBefore: '1',
      appInstalled: '0',
      appFailed: '0',
      appFailedByReason: [],
      appPending: '2',
      sent: '0',
      read: '0',
      clicked: '0',
    });
  });

  it('keeps an address unresolved, not "nobody", when Graph fails for it', async () => {
    nock.cleanAll();
    nockGraphToken();
    nock(GRAPH).post('/v1.0/$batch').times(3).reply(503);
    const graph = graphDirectory(async () => {});
    const resolved = await graph.resolveAddresses(['ada@example.com', 'bob@example.com']);
    assert.equal(resolved.size, 0);
  });
});
