/**
 * The application services the chat works through, on both stores: a campaign is found only
 * in the asking admin's tenant, the campaign and list queries read what the views show, and a
 * directory audience is saved once, told apart from a mailing list of the same name.
 */
import { strict as assert } from 'node:assert';
import { DateTime } from 'luxon';
import { createChatServices, type ChatServices } from '../../src/application/ChatServices.js';
import { ReportQueries } from '../../src/application/ReportQueries.js';
import { ManualClock } from '../../src/clock.js';
import { directoryAudienceId } from '../../src/domain/directory.js';
import { silentLogger } from '../../src/logger.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { RecordingJobs, RecordingSender } from '../dialogs/harness.js';
import { aCampaign, aDelivery, aList, aUser, T0 } from '../store/fixtures.js';

for (const kind of STORE_KINDS) {
  describe(`chat services (application) on ${kind}`, () => {
    const fresh = freshStoreEachTest(kind);
    let services: ChatServices;
    const clock = new ManualClock(DateTime.fromMillis(T0 + 60_000));

    beforeEach(() => {
      services = createChatServices({
        ...fresh.store,
        clock,
        jobs: new RecordingJobs(),
        sender: new RecordingSender(),
        logger: silentLogger,
        defaultTimeZone: 'Europe/Paris',
        presenceConfigured: false,
      });
    });

    it('finds a campaign by name (any case) or id only in the admin’s own tenant', async () => {
      const { campaigns } = fresh.store;
      await campaigns.create(aCampaign({ id: 'c-1', name: 'Spring Sale' }));
      await campaigns.create(aCampaign({ id: 'c-x', name: 'Secret', tenantId: 'tenant-b' }));
      const queries = services.campaignQueries;

      assert.equal(
        (await queries.find('tenant-a', { by: 'name', name: 'spring sale' }))?.id,
        'c-1',
      );
      assert.equal(await queries.find('tenant-a', { by: 'name', name: 'Secret' }), null);
      assert.equal(await queries.find('tenant-a', { by: 'id', id: 'c-x' }), null);
      assert.equal((await queries.find('tenant-b', { by: 'id', id: 'c-x' }))?.name, 'Secret');
      assert.deepEqual(await queries.names('tenant-a'), ['Spring Sale']);
    });

    it('pages the newest campaigns with their progress, and tells the total', async () => {
      for (let i = 1; i <= 3; i++) {
        await fresh.store.campaigns.create(
          aCampaign({ id: `c-${i}`, name: `Campaign ${i}`, createdAt: T0 + i }),
        );
      }
      await fresh.store.deliveries.insert([
        aDelivery({ id: 'd-1', campaignId: 'c-3', status: 'sent', dueAt: null }),
        aDelivery({ id: 'd-2', campaignId: 'c-3', email: 'bob@example.com' }),
      ]);
      const page = await services.campaignQueries.page('tenant-a', 2);
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.rows.map((row) => [row.campaign.id, row.progress.recipients, row.progress.sent]),
        [
          ['c-3', 2, 1],
          ['c-2', 0, 0],
        ],
      );
    });

    it('gives a campaign’s details: progress once started, its saved list', async () => {
      await fresh.store.lists.create(aList({ id: 'list-1', name: 'Sales team' }));
      const scheduled = aCampaign({ id: 'c-1', status: 'scheduled', listId: 'list-1' });
      const running = aCampaign({ id: 'c-2', name: 'Running', status: 'running', startedAt: T0 });
      await fresh.store.campaigns.create(scheduled);
      await fresh.store.campaigns.create(running);
      await fresh.store.deliveries.insert([aDelivery({ id: 'd-1', campaignId: 'c-2' })]);

      const before = await services.campaignQueries.details(scheduled);
      assert.equal(before.progress, null);
      assert.equal(before.list?.name, 'Sales team');
      const during = await services.campaignQueries.details(running);
      assert.equal(during.progress?.pending, 1);
    });

    it('lists the saved lists with the addresses reachable in this tenant', async () => {
      await fresh.store.users.upsert(aUser());
      await fresh.store.users.upsert(
        aUser({ id: 'msteams:29:bob', tenantId: 'tenant-b', email: 'bob@example.com' }),
      );
      await fresh.store.lists.create(aList({ emails: ['ann@example.com', 'bob@example.com'] }));
      const overview = await services.lists.overview('tenant-a');
      assert.equal(overview.allUsers, 1);
      assert.deepEqual(
        overview.lists.map((row) => [row.list.name, row.reachable]),
        [['Sales team', 1]],
      );
    });

    it('saves a directory audience once, renamed by its id when a mailing list has its name', async () => {
      await fresh.store.lists.create(aList({ name: 'Everyone in the organisation' }));
      const audience = {
        id: directoryAudienceId({ kind: 'everyone' }, 'tenant-a'),
        name: 'Everyone in the organisation',
        tenantId: 'tenant-a',
        createdBy: 'msteams:admin',
        directoryAudience: { kind: 'everyone in the organisation', estimatedSize: 2500 },
      };
      await services.lists.saveDirectoryAudience(audience);
      await services.lists.saveDirectoryAudience({ ...audience, name: 'Chosen again' });

      const saved = await fresh.store.lists.get(audience.id);
      assert.equal(saved?.name, `Everyone in the organisation (${audience.id.slice(-8)})`);
      assert.deepEqual(saved?.emails, []);
      assert.equal(saved?.createdAt, T0 + 60_000);
      const { lists } = await services.lists.overview('tenant-a');
      const reachable = new Map(lists.map((row) => [row.list.id, row.reachable]));
      assert.equal(reachable.get(audience.id), null, 'an audience is not counted by address');
    });

    it('reads a campaign’s deliveries for the CSV page by page, with their clicks', async () => {
      await fresh.store.campaigns.create(aCampaign({ id: 'c-1', status: 'running' }));
      await fresh.store.deliveries.insert([
        aDelivery({ id: 'd-1', status: 'sent', dueAt: null }),
        aDelivery({ id: 'd-2', email: 'bob@example.com' }),
        aDelivery({ id: 'd-3', email: 'carl@example.com' }),
      ]);
      await fresh.store.tracking.saveTokens([
        { token: 'tok-1', campaignId: 'c-1', deliveryId: 'd-1', url: 'https://example.com/' },
      ]);
      await fresh.store.tracking.recordClicks([
        {
          token: 'tok-1',
          campaignId: 'c-1',
          deliveryId: 'd-1',
          url: 'https://example.com/',
          at: T0,
        },
      ]);
      const queries = new ReportQueries(fresh.store);
      const campaign = (await queries.campaign('c-1'))!;
      const first = await queries.exportPage(campaign, { limit: 2 });
      assert.deepEqual(
        first.deliveries.map((d) => d.id),
        ['d-1', 'd-2'],
      );
      assert.equal(first.clicks.get('d-1'), 1);
      const second = await queries.exportPage(campaign, { afterId: 'd-2', limit: 2 });
      assert.deepEqual(
        second.deliveries.map((d) => d.id),
        ['d-3'],
      );
    });
  });
}
