/**
 * The one behaviour both stores must show. `store.test.ts` runs it against SQLite and
 * MongoDB; every test gets a fresh, empty store from `open`.
 */
import assert from 'node:assert/strict';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';
import type { Weekday } from '../../src/domain/campaign.js';
import type { Delivery, DeliveryStatus } from '../../src/domain/delivery.js';
import { reminderId } from '../../src/domain/reminders.js';
import { installedUserId } from '../../src/domain/directory.js';
import type { CampaignReport } from '../../src/domain/report.js';
import { type Store } from '../../src/store/Store.js';
import { DuplicateError } from '../../src/application/ports/repositories.js';
import {
  HOUR,
  MINUTE,
  T0,
  aCampaign,
  aDelivery,
  aList,
  aPairingCode,
  aUser,
  pendingDeliveries,
} from './fixtures.js';
import { describeGroupedFunnelContract } from './groupedFunnelContract.js';
import { describeInstallationContract } from './installationContract.js';
import { describeRevisionContract } from './revisionContract.js';

const NO_REMINDERS = {
  sent: 0,
  recipients: 0,
  readAfter: 0,
  clickedAfter: 0,
  acknowledgedAfter: 0,
};

const ALL_ZERO: Record<DeliveryStatus, number> = {
  pending: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  unknown: 0,
  unscheduled: 0,
  unreachable: 0,
};

function ids(items: { id: string }[]): string[] {
  return items.map((i) => i.id);
}

export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`${name} — Store contract`, function () {
    let store: Store;

    beforeEach(async function () {
      store = await open();
    });

    afterEach(async function () {
      await store?.close();
    });

    describe('campaigns', function () {
      it('gets back exactly the campaign it created, and null for an unknown id', async function () {
        const campaign = aCampaign({ startedAt: T0 + HOUR });
        await store.campaigns.create(campaign);
        assert.deepEqual(await store.campaigns.get('c-1'), campaign);
        assert.equal(await store.campaigns.get('nope'), null);
      });

      it('keeps a campaign’s options through create and update, one only a newer version knows too', async function () {
        // A newer version's option goes through the same generic path as every declared one.
        const options = { ...defaultCampaignOptions(), setByANewerVersion: 'on' };
        const campaign = aCampaign({ options });
        await store.campaigns.create(campaign);
        assert.deepEqual((await store.campaigns.get('c-1'))?.options, options);
        assert.deepEqual((await store.campaigns.list('tenant-a'))[0]?.options, options);

        const changed = { ...options, setByANewerVersion: 'off' };
        assert.equal(
          await store.campaigns.update({ ...campaign, options: changed }, ['draft']),
          true,
        );
        assert.deepEqual(
          (await store.campaigns.findByName('tenant-a', campaign.name))?.options,
          changed,
        );
      });

      it('finds a campaign by name whatever the case, within its tenant only', async function () {
        await store.campaigns.create(aCampaign({ name: 'Spring Sale' }));
        assert.equal((await store.campaigns.findByName('tenant-a', 'sPRING sale'))?.id, 'c-1');
        assert.equal(await store.campaigns.findByName('tenant-b', 'Spring Sale'), null);
        assert.equal(await store.campaigns.findByName('tenant-a', 'Autumn Sale'), null);
      });

      it('refuses a second campaign with the same name in another case, but not in another tenant', async function () {
        await store.campaigns.create(aCampaign({ id: 'c-1', name: 'Spring Sale' }));
        await assert.rejects(
          store.campaigns.create(aCampaign({ id: 'c-2', name: 'SPRING SALE' })),
          DuplicateError,
        );
        await store.campaigns.create(aCampaign({ id: 'c-3', tenantId: 'tenant-b' }));
        assert.equal(await store.campaigns.get('c-2'), null);
        assert.equal((await store.campaigns.get('c-3'))?.tenantId, 'tenant-b');
      });

      it('lists the tenant’s campaigns newest first', async function () {
        await store.campaigns.create(aCampaign({ id: 'old', name: 'Old', createdAt: T0 }));
        await store.campaigns.create(
          aCampaign({ id: 'new', name: 'New', createdAt: T0 + 2 * HOUR }),
        );
        await store.campaigns.create(aCampaign({ id: 'mid', name: 'Mid', createdAt: T0 + HOUR }));
        await store.campaigns.create(
          aCampaign({ id: 'other', name: 'Other', tenantId: 'tenant-b' }),
        );
        assert.deepEqual(ids(await store.campaigns.list('tenant-a')), ['new', 'mid', 'old']);
        assert.deepEqual(await store.campaigns.list('tenant-c'), []);
      });

      it('lists the ids of every tenant’s campaigns in one status, in id order', async function () {
        await store.campaigns.create(aCampaign({ id: 'r-2', name: 'R2', status: 'running' }));
        await store.campaigns.create(aCampaign({ id: 'f-1', name: 'F1', status: 'finished' }));
        await store.campaigns.create(
          aCampaign({ id: 'r-1', name: 'R1', status: 'running', tenantId: 'tenant-b' }),
        );
        assert.deepEqual(await store.campaigns.listIdsByStatus('running'), ['r-1', 'r-2']);
        assert.deepEqual(await store.campaigns.listIdsByStatus('finished'), ['f-1']);
        assert.deepEqual(await store.campaigns.listIdsByStatus('draft'), []);
      });

      it('updates a campaign whose status is allowed and refuses one whose status is not', async function () {
        await store.campaigns.create(aCampaign({ status: 'scheduled' }));
        const edited = aCampaign({
          status: 'scheduled',
          message: 'Edited',
          updatedAt: T0 + MINUTE,
        });
        assert.equal(await store.campaigns.update(edited, ['draft', 'scheduled']), true);
        assert.deepEqual(await store.campaigns.get('c-1'), edited);

        const late = aCampaign({ status: 'scheduled', message: 'Too late' });
        assert.equal(await store.campaigns.update(late, ['draft']), false);
        assert.equal((await store.campaigns.get('c-1'))?.message, 'Edited');
      });

      it('refuses an update that would give the campaign another campaign’s name', async function () {
        await store.campaigns.create(aCampaign({ id: 'c-1', name: 'Spring Sale' }));
        await store.campaigns.create(aCampaign({ id: 'c-2', name: 'Winter Sale' }));
        await assert.rejects(
          store.campaigns.update(aCampaign({ id: 'c-2', name: 'spring sale' }), ['draft']),
          DuplicateError,
        );
        assert.equal((await store.campaigns.get('c-2'))?.name, 'Winter Sale');
        assert.equal(
          await store.campaigns.update(aCampaign({ id: 'c-2', name: 'WINTER sale' }), ['draft']),
          true,
        );
        assert.equal(
          (await store.campaigns.findByName('tenant-a', 'winter sale'))?.name,
          'WINTER sale',
        );
      });

      it('changes status only from the expected one, stamping start and finish times', async function () {
        await store.campaigns.create(aCampaign({ status: 'scheduled' }));
        assert.equal(await store.campaigns.setStatus('c-1', 'draft', 'running', T0 + HOUR), false);
        assert.equal((await store.campaigns.get('c-1'))?.status, 'scheduled');

        assert.equal(
          await store.campaigns.setStatus('c-1', 'scheduled', 'running', T0 + HOUR),
          true,
        );
        assert.equal(
          await store.campaigns.setStatus('c-1', 'scheduled', 'running', T0 + HOUR),
          false,
        );
        const running = await store.campaigns.get('c-1');
        assert.equal(running?.status, 'running');
        assert.equal(running?.startedAt, T0 + HOUR);
        assert.equal(running?.updatedAt, T0 + HOUR);

        assert.equal(
          await store.campaigns.setStatus('c-1', 'running', 'finished', T0 + 9 * HOUR),
          true,
        );
        const finished = await store.campaigns.get('c-1');
        assert.equal(finished?.status, 'finished');
        assert.equal(finished?.finishedAt, T0 + 9 * HOUR);
        assert.equal(finished?.startedAt, T0 + HOUR);
        assert.equal(await store.campaigns.setStatus('nope', 'draft', 'scheduled', T0), false);
      });

      it('records when a running campaign was fully planned, and only a running one', async function () {
        await store.campaigns.create(aCampaign({ status: 'scheduled' }));
        await store.campaigns.markPlanned('c-1', T0);
        assert.equal((await store.campaigns.get('c-1'))?.plannedAt, undefined);

        await store.campaigns.setStatus('c-1', 'scheduled', 'running', T0);
        assert.equal((await store.campaigns.get('c-1'))?.plannedAt, undefined);
        await store.campaigns.markPlanned('c-1', T0 + HOUR);

        const planned = await store.campaigns.get('c-1');
        assert.equal(planned?.plannedAt, T0 + HOUR);
        assert.equal(planned?.status, 'running');
        assert.equal((await store.campaigns.list(planned!.tenantId))[0]?.plannedAt, T0 + HOUR);
      });

      it('records why a campaign ended early, with the status change that ends it', async function () {
        await store.campaigns.create(aCampaign({ status: 'running' }));
        const reason = 'its group could not be read: grant GroupMember.Read.All';

        assert.equal(
          await store.campaigns.setStatus('c-1', 'scheduled', 'finished', T0, reason),
          false,
        );
        assert.equal((await store.campaigns.get('c-1'))?.endReason, undefined);
        assert.equal(
          await store.campaigns.setStatus('c-1', 'running', 'finished', T0 + HOUR, reason),
          true,
        );

        const ended = await store.campaigns.get('c-1');
        assert.equal(ended?.status, 'finished');
        assert.equal(ended?.finishedAt, T0 + HOUR);
        assert.equal(ended?.endReason, reason);
        assert.equal((await store.campaigns.list(ended!.tenantId))[0]?.endReason, reason);
      });

      it('deletes a campaign only in an allowed status: a campaign started meanwhile stays whole', async function () {
        await store.campaigns.create(aCampaign({ status: 'scheduled' }));
        await store.deliveries.insert([aDelivery({ id: 'c-1-d-1', campaignId: 'c-1' })]);
        // The start job fired between the admin's "yes" and the delete.
        assert.equal(await store.campaigns.setStatus('c-1', 'scheduled', 'running', T0), true);

        assert.equal(
          await store.campaigns.delete('c-1', ['draft', 'scheduled', 'finished']),
          false,
        );

        assert.equal((await store.campaigns.get('c-1'))?.status, 'running');
        assert.equal((await store.deliveries.get('c-1-d-1'))?.campaignId, 'c-1');
        assert.equal(
          await store.campaigns.delete('nope', ['draft', 'scheduled', 'finished']),
          false,
        );
      });

      it('deletes a campaign with its deliveries, link tokens and clicks, and nothing else', async function () {
        await store.campaigns.create(aCampaign({ id: 'c-1', name: 'Doomed' }));
        await store.campaigns.create(aCampaign({ id: 'c-2', name: 'Kept' }));
        await store.deliveries.insert([
          ...pendingDeliveries(2, 'c-1'),
          ...pendingDeliveries(1, 'c-2'),
        ]);
        await store.tracking.saveTokens([
          { token: 'tok-1', campaignId: 'c-1', deliveryId: 'c-1-d-1', url: 'https://a.example' },
          { token: 'tok-2', campaignId: 'c-2', deliveryId: 'c-2-d-1', url: 'https://a.example' },
        ]);
        await store.tracking.recordClicks([
          {
            token: 'tok-1',
            campaignId: 'c-1',
            deliveryId: 'c-1-d-1',
            url: 'https://a.example',
            at: T0,
          },
        ]);
        await store.tracking.recordClicks([
          {
            token: 'tok-2',
            campaignId: 'c-2',
            deliveryId: 'c-2-d-1',
            url: 'https://a.example',
            at: T0,
          },
        ]);

        assert.equal(await store.campaigns.delete('c-1', ['draft', 'scheduled', 'finished']), true);

        assert.equal(await store.campaigns.get('c-1'), null);
        assert.equal(await store.deliveries.get('c-1-d-1'), null);
        assert.deepEqual(await store.deliveries.list('c-1', { limit: 10 }), []);
        assert.equal(await store.tracking.findToken('tok-1'), null);
        assert.deepEqual(await store.tracking.clicksByDelivery(['c-1-d-1']), new Map());
        assert.equal((await store.reports.campaignReport('c-1')).totalClicks, 0);

        assert.equal((await store.campaigns.get('c-2'))?.name, 'Kept');
        assert.equal((await store.deliveries.countByStatus('c-2')).pending, 1);
        assert.equal((await store.tracking.findToken('tok-2'))?.deliveryId, 'c-2-d-1');
        assert.deepEqual(
          await store.tracking.clicksByDelivery(['c-2-d-1']),
          new Map([['c-2-d-1', 1]]),
        );
      });
    });

    describe('recipient lists', function () {
      it('creates, gets, finds by name whatever the case, and deletes a list', async function () {
        const list = aList();
        await store.lists.create(list);
        assert.deepEqual(await store.lists.get('list-1'), list);
        assert.deepEqual(await store.lists.findByName('tenant-a', 'SALES TEAM'), list);
        assert.equal(await store.lists.findByName('tenant-b', 'Sales team'), null);

        await store.lists.delete('list-1');
        assert.equal(await store.lists.get('list-1'), null);
        assert.equal(await store.lists.findByName('tenant-a', 'Sales team'), null);
      });

      it('refuses a duplicate name in the tenant and lists newest first', async function () {
        await store.lists.create(aList({ id: 'l-1', name: 'Sales team', createdAt: T0 }));
        await assert.rejects(
          store.lists.create(aList({ id: 'l-2', name: 'sales TEAM' })),
          DuplicateError,
        );
        await store.lists.create(aList({ id: 'l-3', name: 'Support', createdAt: T0 + HOUR }));
        await store.lists.create(aList({ id: 'l-4', name: 'Sales team', tenantId: 'tenant-b' }));
        assert.deepEqual(ids(await store.lists.list('tenant-a')), ['l-3', 'l-1']);
        assert.deepEqual(ids(await store.lists.list('tenant-b')), ['l-4']);
      });

      it('keeps what a directory audience saved as a list is', async function () {
        const group = aList({
          id: 'directory-group:g-1',
          name: 'Group: Sales',
          emails: [],
          directoryAudience: { kind: 'Microsoft 365 group', estimatedSize: 2500 },
        });
        const everyone = aList({
          id: 'directory-everyone:tenant-a',
          name: 'Everyone in the organisation',
          emails: [],
          directoryAudience: { kind: 'everyone in the organisation' },
        });
        await store.lists.create(group);
        await store.lists.create(everyone);

        assert.deepEqual(await store.lists.get(group.id), group);
        assert.deepEqual(await store.lists.findByName('tenant-a', 'group: sales'), group);
        assert.deepEqual(
          (await store.lists.list('tenant-a')).find((l) => l.id === everyone.id),
          everyone,
        );
      });
    });

    describe('reachable users', function () {
      it('stores a user and gets it back unchanged; upserting the same data again changes nothing', async function () {
        const user = aUser();
        await store.users.upsert(user);
        await store.users.upsert(user);
        assert.deepEqual(await store.users.get(user.id), user);
        assert.equal(await store.users.count('tenant-a'), 1);
        assert.equal(await store.users.get('msteams:unknown'), null);
      });

      it('tells the one upsert that created a user, even among calls racing for it', async function () {
        const user = aUser();
        const created = await Promise.all([1, 2, 3].map(() => store.users.upsert(user)));
        assert.deepEqual(
          created.filter((isNew) => isNew),
          [true],
        );
        assert.equal(await store.users.upsert({ ...user, lastSeenAt: user.lastSeenAt + 1 }), false);
        assert.equal(await store.users.count('tenant-a'), 1);
      });

      it('gets several users by id in one call, leaving out the unknown ones', async function () {
        const ann = aUser({ id: 'msteams:ann', email: 'ann@contoso.com' });
        const bob = aUser({ id: 'msteams:bob', email: 'bob@contoso.com' });
        await store.users.upsert(ann);
        await store.users.upsert(bob);

        const found = await store.users.getMany([
          'msteams:bob',
          'msteams:unknown',
          'msteams:ann',
          'msteams:bob',
        ]);

        assert.deepEqual([...found.keys()].sort(), ['msteams:ann', 'msteams:bob']);
        assert.deepEqual(found.get('msteams:ann'), ann);
        assert.deepEqual(found.get('msteams:bob'), bob);
        assert.equal((await store.users.getMany([])).size, 0);
      });

      it('keeps firstSeenAt and the fields a later upsert does not give, and refreshes the rest', async function () {
        await store.users.upsert(aUser({ firstSeenAt: T0, lastSeenAt: T0 }));
        const newReference = {
          serviceUrl: 'https://smba.example/amer/',
          conversation: { id: 'a:new' },
        };
        await store.users.upsert({
          id: 'msteams:29:ann',
          tenantId: 'tenant-a',
          channel: 'teams',
          botChannelId: 'msteams',
          name: 'Ann Lee-Smith',
          conversationReference: newReference,
          firstSeenAt: T0 + 5 * HOUR,
          lastSeenAt: T0 + 5 * HOUR,
        });
        assert.deepEqual(
          await store.users.get('msteams:29:ann'),
          aUser({
            name: 'Ann Lee-Smith',
            conversationReference: newReference,
            firstSeenAt: T0,
            lastSeenAt: T0 + 5 * HOUR,
          }),
        );
      });

      it('finds a user by e-mail whatever the case, on the requested channel only', async function () {
        await store.users.upsert(
          aUser({ id: 'msteams:29:ann', channel: 'teams', email: 'ann@example.com' }),
        );
        await store.users.upsert(
          aUser({
            id: 'skype:live:ann',
            channel: 'skype',
            botChannelId: 'skype',
            email: 'ann@example.com',
          }),
        );
        assert.equal(
          (await store.users.findByEmail('Ann@Example.COM', 'teams'))?.id,
          'msteams:29:ann',
        );
        assert.equal(
          (await store.users.findByEmail('ann@example.com', 'skype'))?.id,
          'skype:live:ann',
        );
        assert.equal(await store.users.findByEmail('bob@example.com', 'teams'), null);
      });

      it('finds many users by e-mail at once, keyed by lower-cased address', async function () {
        await store.users.upsert(aUser({ id: 'msteams:29:ann', email: 'ann@example.com' }));
        await store.users.upsert(aUser({ id: 'msteams:29:bob', email: 'bob@example.com' }));
        await store.users.upsert(
          aUser({ id: 'skype:live:cat', channel: 'skype', email: 'cat@example.com' }),
        );
        const found = await store.users.findByEmails(
          ['ANN@example.com', 'bob@example.com', 'cat@example.com', 'nobody@example.com'],
          'teams',
        );
        assert.deepEqual([...found.keys()].sort(), ['ann@example.com', 'bob@example.com']);
        assert.equal(found.get('ann@example.com')?.id, 'msteams:29:ann');
        assert.deepEqual(await store.users.findByEmails([], 'teams'), new Map());
      });

      /** Teams users of tenant-a (e-mail: the id's last letter), one on Skype, one of tenant-b. */
      async function usersOfTwoTenants(teamsIds: string[]): Promise<void> {
        for (const id of teamsIds) {
          await store.users.upsert(aUser({ id, email: `${id.slice(-1)}@example.com` }));
        }
        await store.users.upsert(
          aUser({ id: 'skype:live:z', channel: 'skype', botChannelId: 'skype' }),
        );
        await store.users.upsert(aUser({ id: 'msteams:29:other', tenantId: 'tenant-b' }));
      }

      it('lists a tenant’s users in id order, page by page, optionally by channel', async function () {
        await usersOfTwoTenants([
          'msteams:29:e',
          'msteams:29:a',
          'msteams:29:c',
          'msteams:29:b',
          'msteams:29:d',
        ]);

        const first = await store.users.list('tenant-a', 'teams', { limit: 2 });
        const second = await store.users.list('tenant-a', 'teams', {
          afterId: 'msteams:29:b',
          limit: 2,
        });
        const last = await store.users.list('tenant-a', 'teams', {
          afterId: 'msteams:29:d',
          limit: 2,
        });
        assert.deepEqual(ids(first), ['msteams:29:a', 'msteams:29:b']);
        assert.deepEqual(ids(second), ['msteams:29:c', 'msteams:29:d']);
        assert.deepEqual(ids(last), ['msteams:29:e']);
        assert.deepEqual(ids(await store.users.list('tenant-a', 'skype', { limit: 10 })), [
          'skype:live:z',
        ]);
        assert.equal((await store.users.list('tenant-a', undefined, { limit: 10 })).length, 6);
        assert.equal(await store.users.count('tenant-a'), 6);
        assert.equal(await store.users.count('tenant-b'), 1);
      });

      it('lists the id and e-mail of a tenant’s users on a channel, in id order, page by page', async function () {
        await usersOfTwoTenants(['msteams:29:c', 'msteams:29:a', 'msteams:29:b']);
        await store.users.upsert(aUser({ id: 'msteams:29:d', email: undefined }));

        const first = await store.users.listAddresses('tenant-a', 'teams', { limit: 2 });
        const rest = await store.users.listAddresses('tenant-a', 'teams', {
          afterId: 'msteams:29:b',
          limit: 10,
        });
        assert.deepEqual(first, [
          { id: 'msteams:29:a', email: 'a@example.com' },
          { id: 'msteams:29:b', email: 'b@example.com' },
        ]);
        assert.deepEqual(rest, [
          { id: 'msteams:29:c', email: 'c@example.com' },
          { id: 'msteams:29:d' },
        ]);
        assert.deepEqual(
          await store.users.listAddresses('tenant-a', 'teams', {
            afterId: 'msteams:29:d',
            limit: 2,
          }),
          [],
        );
        assert.deepEqual(
          (await store.users.listAddresses('tenant-a', 'skype', { limit: 10 })).map((u) => u.id),
          ['skype:live:z'],
        );
        assert.deepEqual(await store.users.listAddresses('tenant-a', 'teams', { limit: 0 }), []);
      });

      describe('one record per Teams person, installed by the bot or not', function () {
        const AAD = 'AAD-Lin';
        const installedId = installedUserId(AAD);
        const installed = (at: number) =>
          aUser({
            id: installedId,
            aadObjectId: AAD,
            email: 'lin@example.com',
            name: 'Lin Wei',
            conversationReference: { conversation: { id: 'a:chat-aad-lin' } },
            firstSeenAt: at,
            lastSeenAt: at,
          });
        const writes = (at: number) =>
          aUser({
            id: 'msteams:29:lin',
            aadObjectId: AAD.toLowerCase(),
            email: 'lin@example.com',
            name: 'Lin Wei',
            conversationReference: { conversation: { id: 'a:chat-29-lin' } },
            firstSeenAt: at,
            lastSeenAt: at,
          });

        it('someone the app was installed for who then writes to the bot is one person', async function () {
          await store.users.upsert(installed(T0));
          assert.equal(await store.users.upsert(writes(T0 + HOUR)), true);

          assert.equal(await store.users.count('tenant-a'), 1);
          const [person] = await store.users.list('tenant-a', 'teams', { limit: 10 });
          assert.equal(person?.id, 'msteams:29:lin');
          assert.equal(person?.firstSeenAt, T0, 'first seen when the app was installed');
          assert.equal(person?.lastSeenAt, T0 + HOUR);
          assert.equal(person?.aadObjectId, 'aad-lin');
          // Deliveries planned for the installed id still find the person.
          assert.equal((await store.users.get(installedId))?.id, 'msteams:29:lin');
          const many = await store.users.getMany([installedId, 'msteams:29:lin', 'msteams:nobody']);
          assert.deepEqual([...many].map(([id, user]) => [id, user.id]).sort(), [
            ['msteams:29:lin', 'msteams:29:lin'],
            [installedId, 'msteams:29:lin'],
          ]);
          const byAddress = await store.users.findByEmails(['lin@example.com'], 'teams');
          assert.equal(byAddress.get('lin@example.com')?.id, 'msteams:29:lin');
        });

        it('installing the app for someone who already writes to the bot records no second person', async function () {
          await store.users.upsert(writes(T0));
          assert.equal(await store.users.upsert(installed(T0 + HOUR)), false);

          assert.equal(await store.users.count('tenant-a'), 1);
          const person = await store.users.get(installedId);
          assert.equal(person?.id, 'msteams:29:lin');
          assert.deepEqual(person?.conversationReference, {
            conversation: { id: 'a:chat-29-lin' },
          });
        });

        it('the installation and the first message racing leave one person', async function () {
          for (let n = 0; n < 20; n++) {
            const aad = `aad-race-${n}`;
            const first = aUser({
              id: installedUserId(aad),
              aadObjectId: aad,
              email: `r${n}@example.com`,
              tenantId: 'tenant-r',
            });
            const second = aUser({
              id: `msteams:29:race-${n}`,
              aadObjectId: aad,
              email: `r${n}@example.com`,
              tenantId: 'tenant-r',
            });
            await Promise.all(
              n % 2 === 0
                ? [store.users.upsert(first), store.users.upsert(second)]
                : [store.users.upsert(second), store.users.upsert(first)],
            );
            assert.equal(await store.users.count('tenant-r'), n + 1, `person ${n}`);
            assert.equal((await store.users.get(installedUserId(aad)))?.id, `msteams:29:race-${n}`);
          }
        });

        it('a Skype account is never taken for a Teams person', async function () {
          await store.users.upsert(installed(T0));
          await store.users.upsert(
            aUser({
              id: 'skype:live:lin',
              channel: 'skype',
              botChannelId: 'skype',
              aadObjectId: AAD,
            }),
          );

          assert.equal(await store.users.count('tenant-a'), 2);
          assert.equal((await store.users.get(installedId))?.id, installedId);
        });
      });
    });

    describe('pairing codes and linked e-mails', function () {
      it('sets a user’s e-mail (lower-cased) and tenant, clears the e-mail with null, and says when the user is unknown', async function () {
        const skype = aUser({ id: 'skype:live:ann', channel: 'skype', tenantId: 'default' });
        delete skype.email;
        await store.users.upsert(skype);

        const linked = { email: 'Ann@Example.com', tenantId: 'tenant-a' };
        assert.equal(await store.users.setIdentity(skype.id, linked), true);
        assert.deepEqual(await store.users.get(skype.id), {
          ...skype,
          email: 'ann@example.com',
          tenantId: 'tenant-a',
        });
        assert.equal(
          (await store.users.findByEmail('ann@example.com', 'skype'))?.id,
          skype.id,
          'found by e-mail like a Teams user',
        );

        assert.equal(
          await store.users.setIdentity(skype.id, { email: null, tenantId: 'default' }),
          true,
        );
        assert.deepEqual(await store.users.get(skype.id), skype);
        assert.equal(await store.users.findByEmail('ann@example.com', 'skype'), null);
        await store.users.upsert({ ...skype, lastSeenAt: T0 + HOUR });
        assert.equal((await store.users.get(skype.id))?.email, undefined, 'stays cleared');

        assert.equal(await store.users.setIdentity('skype:nobody', linked), false);
        assert.equal(await store.users.get('skype:nobody'), null);
      });

      it('gets back a saved code while it is live; a new code of the same admin replaces it', async function () {
        const first = aPairingCode({ id: 'p-1', email: 'Ann@Example.com' });
        await store.pairing.save(first);
        assert.deepEqual(await store.pairing.live(T0), [{ ...first, email: 'ann@example.com' }]);
        assert.deepEqual(await store.pairing.live(first.expiresAt), [], 'expired');

        const other = aPairingCode({ id: 'p-2', email: 'bob@example.com', createdAt: T0 + 1 });
        const second = aPairingCode({ id: 'p-3', createdAt: T0 + MINUTE });
        await store.pairing.save(other);
        await store.pairing.save(second);
        assert.deepEqual(ids(await store.pairing.live(T0 + MINUTE)), ['p-2', 'p-3']);
      });

      it('removes codes expired by the time a new one is saved, and accounts whose wrong codes are forgotten by then', async function () {
        await store.pairing.save(aPairingCode({ id: 'old', email: 'bob@example.com' }));
        await store.pairing.countFailure('skype:old-guesser', ['old'], T0);
        await store.pairing.countFailure('skype:recent-guesser', [], T0 + HOUR - MINUTE);
        await store.pairing.save(
          aPairingCode({ id: 'new', createdAt: T0 + HOUR, expiresAt: T0 + HOUR + 10 * MINUTE }),
        );
        assert.deepEqual(await store.pairing.use('old', 'skype:ann', T0), { kind: 'gone' });
        assert.deepEqual(ids(await store.pairing.live(T0 + HOUR)), ['new']);
        assert.equal(await store.pairing.guesser('skype:old-guesser'), null);
        assert.deepEqual(await store.pairing.guesser('skype:recent-guesser'), {
          userId: 'skype:recent-guesser',
          failures: 1,
          lastFailureAt: T0 + HOUR - MINUTE,
        });
      });

      it('uses a code once only, and never after it expired', async function () {
        await store.pairing.save(aPairingCode({ id: 'p-1' }));
        await store.pairing.save(aPairingCode({ id: 'p-2', email: 'bob@example.com' }));

        const twice = await Promise.all([
          store.pairing.use('p-1', 'skype:ann', T0 + MINUTE),
          store.pairing.use('p-1', 'skype:mallory', T0 + MINUTE),
        ]);
        assert.deepEqual(twice.map((u) => u.kind).sort(), ['gone', 'used']);
        assert.deepEqual(await store.pairing.use('p-2', 'skype:bob', T0 + 10 * MINUTE), {
          kind: 'gone',
        });
        assert.deepEqual(await store.pairing.use('unknown', 'skype:ann', T0), { kind: 'gone' });
        assert.deepEqual(ids(await store.pairing.live(T0 + MINUTE)), ['p-2']);
      });

      it('counts a wrong code against the account and the given codes still unused', async function () {
        await store.pairing.save(aPairingCode({ id: 'p-1' }));
        await store.pairing.save(aPairingCode({ id: 'p-2', email: 'bob@example.com' }));
        await store.pairing.save(aPairingCode({ id: 'p-3', email: 'cat@example.com' }));
        await store.pairing.use('p-3', 'skype:cat', T0);

        assert.deepEqual(await store.pairing.countFailure('skype:a', ['p-1', 'p-2', 'p-3'], T0), {
          counted: true,
          guesser: { userId: 'skype:a', failures: 1, lastFailureAt: T0 },
        });
        await store.pairing.countFailure('skype:b', ['p-2'], T0 + MINUTE);
        await store.pairing.countFailure('skype:b', [], T0 + MINUTE);

        assert.deepEqual(
          (await store.pairing.live(T0)).map((c) => [c.id, c.failedAttempts]),
          [
            ['p-1', 1],
            ['p-2', 2],
          ],
        );
        assert.deepEqual(await store.pairing.guesser('skype:b'), {
          userId: 'skype:b',
          failures: 2,
          lastFailureAt: T0 + MINUTE,
        });
        assert.equal(await store.pairing.guesser('skype:nobody'), null);
      });

      it('will not use a code that had five wrong tries, and says it is locked', async function () {
        await store.pairing.save(aPairingCode({ id: 'p-1' }));
        for (let i = 0; i < 4; i += 1) {
          await store.pairing.countFailure(`skype:guesser-${i}`, ['p-1'], T0);
        }
        await store.pairing.countFailure('skype:guesser-4', ['p-1'], T0);
        assert.deepEqual(await store.pairing.use('p-1', 'skype:ann', T0 + MINUTE), {
          kind: 'codeLocked',
        });
        assert.deepEqual(ids(await store.pairing.live(T0 + MINUTE)), ['p-1'], 'not used');
      });

      it('locks an account out after four wrong codes for 15 minutes from the last, counting nothing meanwhile, then starts its count again', async function () {
        await store.pairing.save(aPairingCode({ id: 'p-1' }));
        for (let i = 0; i < 4; i += 1) {
          const counted = await store.pairing.countFailure('skype:m', ['p-1'], T0 + i * MINUTE);
          assert.equal(counted.counted, true, `wrong code ${i + 1}`);
        }
        const lockedUntil = T0 + 3 * MINUTE + 15 * MINUTE;
        assert.deepEqual(await store.pairing.countFailure('skype:m', ['p-1'], T0 + 4 * MINUTE), {
          counted: false,
          lockedOutUntil: lockedUntil,
        });
        assert.deepEqual(await store.pairing.use('p-1', 'skype:m', T0 + 5 * MINUTE), {
          kind: 'accountLocked',
          until: lockedUntil,
        });
        assert.equal((await store.pairing.live(T0))[0]?.failedAttempts, 4, 'the refused try');
        assert.equal((await store.pairing.guesser('skype:m'))?.failures, 4);

        assert.deepEqual(await store.pairing.countFailure('skype:m', [], lockedUntil), {
          counted: true,
          guesser: { userId: 'skype:m', failures: 1, lastFailureAt: lockedUntil },
        });
      });

      it('one account’s wrong codes lock neither another account nor a code', async function () {
        await store.pairing.save(aPairingCode({ id: 'p-a', tenantId: 'tenant-a' }));
        await store.pairing.save(
          aPairingCode({ id: 'p-b', email: 'bob@example.com', tenantId: 'tenant-b' }),
        );
        for (let i = 0; i < 6; i += 1) {
          await store.pairing.countFailure('skype:mallory', ['p-a', 'p-b'], T0 + i);
        }
        assert.deepEqual(await store.pairing.use('p-b', 'skype:bob', T0 + MINUTE), {
          kind: 'used',
        });
        assert.deepEqual(await store.pairing.use('p-a', 'skype:ann', T0 + MINUTE), {
          kind: 'used',
        });
      });

      it('counts concurrent wrong codes of one account up to its limit only', async function () {
        await store.pairing.save(aPairingCode({ id: 'p-1' }));
        const results = await Promise.all(
          Array.from({ length: 12 }, () => store.pairing.countFailure('skype:m', ['p-1'], T0)),
        );
        assert.equal(results.filter((r) => r.counted).length, 4);
        assert.equal((await store.pairing.guesser('skype:m'))?.failures, 4);
        assert.equal((await store.pairing.live(T0))[0]?.failedAttempts, 4);
      });

      it('will not use a code once five concurrent wrong codes of other accounts were counted', async function () {
        await store.pairing.save(aPairingCode({ id: 'p-1' }));
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.pairing.countFailure(`skype:guesser-${i}`, ['p-1'], T0),
          ),
        );
        assert.equal((await store.pairing.live(T0))[0]?.failedAttempts, 20);
        assert.deepEqual(await store.pairing.use('p-1', 'skype:ann', T0), { kind: 'codeLocked' });
      });
    });

    describe('deliveries', function () {
      it('inserts in bulk and leaves an existing (campaign, e-mail) pair as it is', async function () {
        const first = aDelivery({ id: 'd-1', email: 'ann@example.com', attempts: 0 });
        await store.deliveries.insert([first, aDelivery({ id: 'd-2', email: 'bob@example.com' })]);
        await store.deliveries.insert([
          aDelivery({ id: 'd-1-again', email: 'ann@example.com', attempts: 7 }),
          aDelivery({ id: 'd-3', email: 'cat@example.com' }),
        ]);
        await store.deliveries.insert([]);
        assert.deepEqual(await store.deliveries.get('d-1'), first);
        assert.equal(await store.deliveries.get('d-1-again'), null);
        assert.equal((await store.deliveries.countByStatus('c-1')).pending, 3);
        assert.equal(await store.deliveries.get('nope'), null);
      });

      it('keeps each delivery’s recipient hours, gives them back on claim, and counts them by source and reason', async function () {
        const singapore = {
          open: '08:30',
          close: '17:30',
          weekdays: [1, 2, 3, 4, 5] as Weekday[],
          timeZone: 'Asia/Singapore',
        };
        const own = aDelivery({
          id: 'd-own',
          email: 'sia@example.com',
          recipientHours: { source: 'own', hours: singapore },
        });
        await store.deliveries.insert([
          own,
          aDelivery({
            id: 'd-own-2',
            email: 'ny@example.com',
            recipientHours: {
              source: 'own',
              hours: { ...singapore, timeZone: 'America/New_York' },
            },
          }),
          aDelivery({
            id: 'd-no-mailbox',
            email: 'kiosk@example.com',
            recipientHours: { source: 'campaign', reason: 'no-mailbox' },
          }),
          aDelivery({
            id: 'd-no-mailbox-2',
            email: 'room@example.com',
            recipientHours: { source: 'campaign', reason: 'no-mailbox' },
          }),
          aDelivery({
            id: 'd-forbidden',
            email: 'ceo@example.com',
            recipientHours: { source: 'campaign', reason: 'not-permitted' },
          }),
          aDelivery({ id: 'd-option-off', email: 'old@example.com' }),
          aDelivery({
            id: 'd-other-campaign',
            campaignId: 'c-2',
            email: 'sia@example.com',
            recipientHours: { source: 'own', hours: singapore },
          }),
        ]);

        assert.deepEqual(await store.deliveries.get('d-own'), own);
        assert.equal((await store.deliveries.get('d-option-off'))?.recipientHours, undefined);
        const claimed = await store.deliveries.claimDue(T0 + HOUR, 10, 'worker-a', T0 + 2 * HOUR);
        assert.deepEqual(claimed.find((d) => d.id === 'd-own')?.recipientHours, own.recipientHours);
        assert.deepEqual(await store.deliveries.countRecipientHours('c-1'), {
          own: 2,
          campaign: { 'no-mailbox': 2, 'not-permitted': 1 },
        });
        assert.deepEqual(await store.deliveries.countRecipientHours('c-none'), {
          own: 0,
          campaign: {},
        });
      });

      it('claims due pending deliveries earliest first, up to the limit, never twice', async function () {
        const deliveries = pendingDeliveries(5); // due T0, T0+1m … T0+4m
        deliveries[1] = { ...deliveries[1]!, dueAt: T0 + 10 * MINUTE }; // not due yet
        deliveries[3] = { ...deliveries[3]!, status: 'sent', dueAt: null, sentAt: T0 };
        await store.deliveries.insert(deliveries);
        const now = T0 + 5 * MINUTE;

        const firstBatch = await store.deliveries.claimDue(now, 2, 'worker-a', now + MINUTE);
        assert.deepEqual(ids(firstBatch), ['c-1-d-1', 'c-1-d-3']);
        assert.ok(
          firstBatch.every((d) => d.claimedBy === 'worker-a' && d.claimedUntil === now + MINUTE),
        );
        assert.ok(firstBatch.every((d) => d.status === 'pending'));
        assert.equal((await store.deliveries.get('c-1-d-1'))?.claimedBy, 'worker-a');

        const secondBatch = await store.deliveries.claimDue(now, 10, 'worker-b', now + MINUTE);
        assert.deepEqual(ids(secondBatch), ['c-1-d-5']);
        assert.deepEqual(await store.deliveries.claimDue(now, 10, 'worker-c', now + MINUTE), []);
      });

      it('gives two interleaved claimers disjoint sets that together cover every due delivery', async function () {
        await store.deliveries.insert(pendingDeliveries(30));
        const now = T0 + HOUR;
        const [a, b] = await Promise.all([
          store.deliveries.claimDue(now, 20, 'worker-a', now + MINUTE),
          store.deliveries.claimDue(now, 20, 'worker-b', now + MINUTE),
        ]);
        const claimedByA = new Set(ids(a));
        assert.ok(
          ids(b).every((id) => !claimedByA.has(id)),
          'a delivery was claimed twice',
        );
        assert.equal(a.length + b.length, 30);
        for (const d of a) assert.equal((await store.deliveries.get(d.id))?.claimedBy, 'worker-a');
        for (const d of b) assert.equal((await store.deliveries.get(d.id))?.claimedBy, 'worker-b');
      });

      it('skips deliveries under a live claim and re-claims them once the claim expired', async function () {
        await store.deliveries.insert(pendingDeliveries(1));
        const claimUntil = T0 + 2 * MINUTE;
        assert.equal((await store.deliveries.claimDue(T0, 5, 'worker-a', claimUntil)).length, 1);
        assert.deepEqual(
          await store.deliveries.claimDue(T0 + MINUTE, 5, 'worker-b', T0 + 3 * MINUTE),
          [],
        );
        const reclaimed = await store.deliveries.claimDue(
          T0 + 3 * MINUTE,
          5,
          'worker-b',
          T0 + 4 * MINUTE,
        );
        assert.deepEqual(ids(reclaimed), ['c-1-d-1']);
        assert.equal(reclaimed[0]?.claimedBy, 'worker-b');
        assert.equal((await store.deliveries.get('c-1-d-1'))?.claimedUntil, T0 + 4 * MINUTE);
      });

      it('transitions only from the expected status and, when given, for the claiming worker', async function () {
        await store.deliveries.insert(pendingDeliveries(1));
        await store.deliveries.claimDue(T0, 1, 'worker-a', T0 + MINUTE);
        const id = 'c-1-d-1';

        assert.equal(
          await store.deliveries.transition(id, 'sending', { status: 'sent' }, 'worker-a'),
          false,
        );
        assert.equal(
          await store.deliveries.transition(id, 'pending', { status: 'sending' }, 'worker-b'),
          false,
        );
        assert.equal((await store.deliveries.get(id))?.status, 'pending');

        assert.equal(
          await store.deliveries.transition(
            id,
            'pending',
            { status: 'sending', attempts: 1, updatedAt: T0 + 1 },
            'worker-a',
          ),
          true,
        );
        assert.equal(
          await store.deliveries.transition(
            id,
            'sending',
            {
              status: 'sent',
              sentAt: T0 + 2,
              activityId: 'act-1',
              dueAt: null,
              claimedBy: undefined,
              claimedUntil: undefined,
            },
            'worker-a',
          ),
          true,
        );
        const sent = await store.deliveries.get(id);
        assert.deepEqual(sent, {
          ...pendingDeliveries(1)[0]!,
          status: 'sent',
          attempts: 1,
          sentAt: T0 + 2,
          activityId: 'act-1',
          dueAt: null,
          updatedAt: T0 + 1,
        });
        assert.equal(await store.deliveries.transition(id, 'sending', { status: 'sent' }), false);
        assert.equal(
          await store.deliveries.transition('nope', 'pending', { status: 'sent' }),
          false,
        );
      });

      it('transitions without a worker id whoever holds the claim', async function () {
        await store.deliveries.insert(pendingDeliveries(1));
        await store.deliveries.claimDue(T0, 1, 'worker-a', T0 + MINUTE);
        const patch = { status: 'failed' as const, reason: 'MessageWritesBlocked', dueAt: null };
        assert.equal(await store.deliveries.transition('c-1-d-1', 'pending', patch), true);
        const failed = await store.deliveries.get('c-1-d-1');
        assert.equal(failed?.status, 'failed');
        assert.equal(failed?.reason, 'MessageWritesBlocked');
      });

      it('transitions a batch entry by entry, answering in input order', async function () {
        await store.deliveries.insert(pendingDeliveries(5));
        await store.deliveries.claimDue(T0 + HOUR, 5, 'worker-a', T0 + 2 * HOUR);
        const toSending = { status: 'sending' as const, updatedAt: T0 + HOUR };

        const results = await store.deliveries.transitionAll([
          { id: 'c-1-d-4', from: 'pending', patch: toSending, workerId: 'worker-a' },
          { id: 'c-1-d-1', from: 'sending', patch: { status: 'sent' }, workerId: 'worker-a' },
          { id: 'c-1-d-3', from: 'pending', patch: toSending },
          { id: 'c-1-d-2', from: 'pending', patch: toSending, workerId: 'worker-b' },
          { id: 'nope', from: 'pending', patch: toSending },
        ]);

        assert.deepEqual(results, [true, false, true, false, false]);
        const after = await store.deliveries.list('c-1', { limit: 10 });
        assert.deepEqual(
          after.map((d) => [d.id, d.status, d.updatedAt]),
          [
            ['c-1-d-1', 'pending', T0 + HOUR],
            ['c-1-d-2', 'pending', T0 + HOUR],
            ['c-1-d-3', 'sending', T0 + HOUR],
            ['c-1-d-4', 'sending', T0 + HOUR],
            ['c-1-d-5', 'pending', T0 + HOUR],
          ],
        );
        assert.ok(after.every((d) => d.claimedBy === 'worker-a'));
      });

      it('leaves a refused batch entry exactly as it was', async function () {
        await store.deliveries.insert(pendingDeliveries(2));
        await store.deliveries.claimDue(T0 + HOUR, 2, 'worker-a', T0 + 2 * HOUR);
        const before = await store.deliveries.get('c-1-d-2');
        const results = await store.deliveries.transitionAll([
          { id: 'c-1-d-1', from: 'pending', patch: { status: 'sending' }, workerId: 'worker-a' },
          {
            id: 'c-1-d-2',
            from: 'pending',
            patch: { status: 'failed', reason: 'stolen', dueAt: null, claimedBy: undefined },
            workerId: 'worker-b',
          },
        ]);
        assert.deepEqual(results, [true, false]);
        assert.deepEqual(await store.deliveries.get('c-1-d-2'), before);
        assert.equal((await store.deliveries.get('c-1-d-1'))?.status, 'sending');
      });

      it('clears the fields a batch patch sets to undefined', async function () {
        await store.deliveries.insert(pendingDeliveries(2));
        await store.deliveries.claimDue(T0 + MINUTE, 2, 'worker-a', T0 + HOUR);
        const sent = (sentAt: number) => ({
          status: 'sent' as const,
          sentAt,
          dueAt: null,
          claimedBy: undefined,
          claimedUntil: undefined,
          updatedAt: sentAt,
        });
        assert.deepEqual(
          await store.deliveries.transitionAll([
            { id: 'c-1-d-1', from: 'pending', patch: sent(T0 + HOUR), workerId: 'worker-a' },
            { id: 'c-1-d-2', from: 'pending', patch: sent(T0 + 2 * HOUR), workerId: 'worker-a' },
          ]),
          [true, true],
        );
        const [first, second] = pendingDeliveries(2);
        assert.deepEqual(await store.deliveries.get('c-1-d-1'), {
          ...first!,
          status: 'sent',
          sentAt: T0 + HOUR,
          dueAt: null,
          updatedAt: T0 + HOUR,
        });
        assert.deepEqual(await store.deliveries.get('c-1-d-2'), {
          ...second!,
          status: 'sent',
          sentAt: T0 + 2 * HOUR,
          dueAt: null,
          updatedAt: T0 + 2 * HOUR,
        });
      });

      it('answers an empty batch with an empty list', async function () {
        assert.deepEqual(await store.deliveries.transitionAll([]), []);
      });

      it('marks sends left in `sending` with an expired claim as unknown, and only those', async function () {
        await store.deliveries.insert([
          aDelivery({
            id: 'stale',
            email: 'a@x.com',
            status: 'sending',
            claimedBy: 'w',
            claimedUntil: T0,
          }),
          aDelivery({
            id: 'live',
            email: 'b@x.com',
            status: 'sending',
            claimedBy: 'w',
            claimedUntil: T0 + HOUR,
          }),
          aDelivery({
            id: 'pending',
            email: 'c@x.com',
            status: 'pending',
            claimedBy: 'w',
            claimedUntil: T0,
          }),
        ]);
        assert.equal(await store.deliveries.markStaleSendingUnknown(T0 + MINUTE), 1);
        const stale = await store.deliveries.get('stale');
        assert.equal(stale?.status, 'unknown');
        assert.equal(stale?.dueAt, null);
        assert.equal(stale?.updatedAt, T0 + MINUTE);
        assert.equal((await store.deliveries.get('live'))?.status, 'sending');
        assert.equal((await store.deliveries.get('pending'))?.status, 'pending');
        assert.equal(await store.deliveries.markStaleSendingUnknown(T0 + MINUTE), 0);
      });

      it('renews only the live claims the worker holds on pending and sending deliveries', async function () {
        await store.deliveries.insert([
          aDelivery({ id: 'mine', email: 'a@x.com', claimedBy: 'w1', claimedUntil: T0 + MINUTE }),
          aDelivery({
            id: 'mine-sending',
            email: 'b@x.com',
            status: 'sending',
            claimedBy: 'w1',
            claimedUntil: T0 + MINUTE,
          }),
          aDelivery({ id: 'lapsed', email: 'c@x.com', claimedBy: 'w1', claimedUntil: T0 - 1 }),
          aDelivery({ id: 'theirs', email: 'd@x.com', claimedBy: 'w2', claimedUntil: T0 + MINUTE }),
          aDelivery({
            id: 'sent',
            email: 'e@x.com',
            status: 'sent',
            sentAt: T0,
            dueAt: null,
            claimedBy: 'w1',
            claimedUntil: T0 + MINUTE,
          }),
        ]);
        assert.equal(await store.deliveries.renewClaims('w1', T0 + HOUR, T0), 2);
        assert.equal((await store.deliveries.get('mine'))?.claimedUntil, T0 + HOUR);
        assert.equal((await store.deliveries.get('mine-sending'))?.claimedUntil, T0 + HOUR);
        assert.equal((await store.deliveries.get('lapsed'))?.claimedUntil, T0 - 1);
        assert.equal((await store.deliveries.get('theirs'))?.claimedUntil, T0 + MINUTE);
        assert.equal((await store.deliveries.get('sent'))?.claimedUntil, T0 + MINUTE);
      });

      it('counts the deliveries of every campaign sent since an instant', async function () {
        await store.deliveries.insert([
          aDelivery({ id: 'old', email: 'a@x.com', status: 'sent', sentAt: T0 - 1, dueAt: null }),
          aDelivery({ id: 'edge', email: 'b@x.com', status: 'sent', sentAt: T0, dueAt: null }),
          aDelivery({
            id: 'other',
            campaignId: 'c-2',
            email: 'a@x.com',
            status: 'sent',
            sentAt: T0 + 5,
            dueAt: null,
          }),
          aDelivery({ id: 'pending', email: 'c@x.com' }),
        ]);
        assert.equal(await store.deliveries.countSentSince(T0), 2);
        assert.equal(await store.deliveries.countSentSince(T0 + 6), 0);
      });

      it('unschedules the pending deliveries of one campaign with the reason, leaving the rest', async function () {
        await store.deliveries.insert([
          aDelivery({ id: 'p1', email: 'a@x.com', status: 'pending' }),
          aDelivery({ id: 'p2', email: 'b@x.com', status: 'pending' }),
          aDelivery({ id: 'sent', email: 'c@x.com', status: 'sent', sentAt: T0, dueAt: null }),
          aDelivery({ id: 'other', campaignId: 'c-2', email: 'a@x.com', status: 'pending' }),
        ]);
        assert.equal(
          await store.deliveries.unscheduleRemaining('c-1', 'campaign duration over', T0 + HOUR),
          2,
        );
        const p1 = await store.deliveries.get('p1');
        assert.equal(p1?.status, 'unscheduled');
        assert.equal(p1?.reason, 'campaign duration over');
        assert.equal(p1?.dueAt, null);
        assert.equal(p1?.updatedAt, T0 + HOUR);
        assert.equal((await store.deliveries.get('sent'))?.status, 'sent');
        assert.equal((await store.deliveries.get('other'))?.status, 'pending');
      });

      it('counts a campaign’s deliveries by status with every status present', async function () {
        assert.deepEqual(await store.deliveries.countByStatus('c-1'), ALL_ZERO);
        await store.deliveries.insert([
          aDelivery({ id: '1', email: 'a@x.com', status: 'pending' }),
          aDelivery({ id: '2', email: 'b@x.com', status: 'sent' }),
          aDelivery({ id: '3', email: 'c@x.com', status: 'sent' }),
          aDelivery({ id: '4', email: 'd@x.com', status: 'unreachable', dueAt: null }),
          aDelivery({ id: '5', campaignId: 'c-2', email: 'a@x.com', status: 'failed' }),
        ]);
        assert.deepEqual(await store.deliveries.countByStatus('c-1'), {
          ...ALL_ZERO,
          pending: 1,
          sent: 2,
          unreachable: 1,
        });
      });

      it('tells the earliest due time among pending deliveries of any campaign', async function () {
        assert.equal(await store.deliveries.nextDueAt(), null);
        await store.deliveries.insert([
          aDelivery({ id: '1', email: 'a@x.com', status: 'sent', dueAt: T0 - HOUR }),
          aDelivery({ id: '2', email: 'b@x.com', dueAt: T0 + 2 * HOUR }),
          aDelivery({ id: '3', campaignId: 'c-2', email: 'c@x.com', dueAt: T0 + HOUR }),
        ]);
        assert.equal(await store.deliveries.nextDueAt(), T0 + HOUR);
      });

      it('marks as read the messages sent to a user at or before the read receipt', async function () {
        const user = 'msteams:29:ann';
        await store.deliveries.insert([
          aDelivery({ id: 'early', campaignId: 'c-1', userId: user, status: 'sent', sentAt: T0 }),
          aDelivery({
            id: 'exact',
            campaignId: 'c-2',
            userId: user,
            status: 'sent',
            sentAt: T0 + MINUTE,
          }),
          aDelivery({
            id: 'later',
            campaignId: 'c-3',
            userId: user,
            status: 'sent',
            sentAt: T0 + HOUR,
          }),
          aDelivery({ id: 'pending', campaignId: 'c-4', userId: user, status: 'pending' }),
          aDelivery({
            id: 'bob',
            campaignId: 'c-1',
            email: 'bob@x.com',
            userId: 'msteams:29:bob',
            status: 'sent',
            sentAt: T0,
          }),
        ]);
        assert.equal(await store.deliveries.markReadUpTo(user, T0 + MINUTE), 2);
        assert.equal((await store.deliveries.get('early'))?.readAt, T0 + MINUTE);
        assert.equal((await store.deliveries.get('exact'))?.readAt, T0 + MINUTE);
        assert.equal((await store.deliveries.get('later'))?.readAt, undefined);
        assert.equal((await store.deliveries.get('pending'))?.readAt, undefined);
        assert.equal((await store.deliveries.get('bob'))?.readAt, undefined);
        assert.equal(
          await store.deliveries.markReadUpTo(user, T0 + 2 * MINUTE),
          0,
          'already read stays as first read',
        );
        assert.equal((await store.deliveries.get('early'))?.readAt, T0 + MINUTE);
      });

      it('records an acknowledgement of a sent delivery once: a second one changes nothing', async function () {
        await store.deliveries.insert([
          aDelivery({ id: 'sent', status: 'sent', dueAt: null, sentAt: T0 }),
          aDelivery({ id: 'pending', email: 'p@x.com' }),
          aDelivery({ id: 'failed', email: 'f@x.com', status: 'failed', dueAt: null }),
        ]);
        assert.equal(await store.deliveries.acknowledge('sent', T0 + MINUTE), true);
        assert.equal(await store.deliveries.acknowledge('sent', T0 + HOUR), false);
        assert.equal((await store.deliveries.get('sent'))?.acknowledgedAt, T0 + MINUTE);
        for (const id of ['pending', 'failed', 'missing']) {
          assert.equal(await store.deliveries.acknowledge(id, T0), false, id);
        }
        assert.equal((await store.deliveries.get('pending'))?.acknowledgedAt, undefined);
      });

      it('of many concurrent acknowledgements of one delivery, exactly one is recorded', async function () {
        await store.deliveries.insert([aDelivery({ status: 'sent', dueAt: null, sentAt: T0 })]);
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.deliveries.acknowledge('d-1', T0 + i)),
        );
        assert.equal(results.filter(Boolean).length, 1);
        const winner = results.indexOf(true);
        assert.equal((await store.deliveries.get('d-1'))?.acknowledgedAt, T0 + winner);
      });

      it('finds a user’s newest sent, unacknowledged delivery among the campaigns asked about', async function () {
        const user = 'msteams:29:ann';
        const sent = (id: string, campaignId: string, sentAt: number, userId = user) =>
          aDelivery({ id, campaignId, userId, status: 'sent', dueAt: null, sentAt });
        await store.deliveries.insert([
          sent('old', 'c-1', T0),
          sent('newer', 'c-2', T0 + HOUR),
          sent('newest-elsewhere', 'c-3', T0 + 2 * HOUR),
          sent('bobs', 'c-4', T0 + 3 * HOUR, 'msteams:29:bob'),
          aDelivery({ id: 'pending', campaignId: 'c-4', userId: user }),
        ]);
        const find = (userIds: string[], campaignIds: string[]) =>
          store.deliveries.latestUnacknowledged(userIds, campaignIds).then((d) => d?.id ?? null);
        assert.equal(await find([user], ['c-1', 'c-2', 'c-4']), 'newer');
        await store.deliveries.acknowledge('newer', T0 + 2 * HOUR);
        assert.equal(await find([user], ['c-1', 'c-2', 'c-4']), 'old');
        assert.equal(await find(['msteams:29:bob', user], ['c-4']), 'bobs');
        assert.equal(await find([user], ['c-4']), null);
        assert.equal(await find([user], []), null);
        assert.equal(await find([], ['c-1']), null);
      });

      it('pages through a campaign’s deliveries in id order', async function () {
        await store.deliveries.insert([...pendingDeliveries(5), ...pendingDeliveries(2, 'c-2')]);
        const first = await store.deliveries.list('c-1', { limit: 2 });
        const second = await store.deliveries.list('c-1', { afterId: first.at(-1)!.id, limit: 2 });
        const third = await store.deliveries.list('c-1', { afterId: second.at(-1)!.id, limit: 2 });
        assert.deepEqual(ids(first), ['c-1-d-1', 'c-1-d-2']);
        assert.deepEqual(ids(second), ['c-1-d-3', 'c-1-d-4']);
        assert.deepEqual(ids(third), ['c-1-d-5']);
        assert.deepEqual(await store.deliveries.list('c-1', { afterId: 'c-1-d-5', limit: 2 }), []);
      });
    });

    describe('tracking', function () {
      it('finds a saved link token, saving it twice is harmless, an unknown token is null', async function () {
        const token = {
          token: 'tok-abc',
          campaignId: 'c-1',
          deliveryId: 'd-1',
          url: 'https://example.com/offer',
        };
        await store.tracking.saveTokens([token]);
        await store.tracking.saveTokens([token]);
        await store.tracking.saveTokens([]);
        assert.deepEqual(await store.tracking.findToken('tok-abc'), token);
        assert.equal(await store.tracking.findToken('tok-unknown'), null);
      });

      it('counts clicks per delivery for the deliveries asked about, clicks recorded one or several at a time', async function () {
        const click = { token: 't', campaignId: 'c-1', url: 'https://example.com', at: T0 };
        await store.tracking.recordClicks([{ ...click, deliveryId: 'd-1' }]);
        await store.tracking.recordClicks([]);
        await store.tracking.recordClicks([
          { ...click, deliveryId: 'd-1' },
          { ...click, deliveryId: 'd-2' },
          { ...click, deliveryId: 'd-3' },
        ]);
        assert.deepEqual(
          await store.tracking.clicksByDelivery(['d-1', 'd-2', 'd-4']),
          new Map([
            ['d-1', 2],
            ['d-2', 1],
          ]),
        );
        assert.deepEqual(await store.tracking.clicksByDelivery([]), new Map());
      });
    });

    describe('send rate slots', function () {
      it('hands out slots an interval apart, never before now, per key', async function () {
        assert.equal(await store.sendRate.reserve('tenant-a', 20, 1, T0), T0);
        assert.equal(await store.sendRate.reserve('tenant-a', 20, 3, T0), T0 + 20);
        assert.equal(await store.sendRate.reserve('tenant-a', 20, 1, T0 + 5), T0 + 80);
        assert.equal(await store.sendRate.reserve('tenant-b', 20, 1, T0 + 5), T0 + 5);
        // An idle key does not bank slots from the past.
        assert.equal(await store.sendRate.reserve('tenant-a', 20, 1, T0 + MINUTE), T0 + MINUTE);
        assert.equal(
          await store.sendRate.reserve('tenant-a', 0.5, 2, T0 + MINUTE),
          T0 + MINUTE + 20,
        );
        assert.equal(
          await store.sendRate.reserve('tenant-a', 0.5, 1, T0 + MINUTE),
          T0 + MINUTE + 21,
        );
      });

      it('gives concurrent callers distinct slots', async function () {
        const firsts = await Promise.all(
          Array.from({ length: 20 }, () => store.sendRate.reserve('tenant-a', 10, 2, T0)),
        );
        const slots = firsts.flatMap((first) => [first, first + 10]);
        assert.deepEqual(
          slots.sort((a, b) => a - b),
          Array.from({ length: 40 }, (_, i) => T0 + 10 * i),
        );
      });
    });

    describe('campaign report', function () {
      it('reports zero everywhere for a campaign without deliveries', async function () {
        const expected: CampaignReport = {
          campaignId: 'c-1',
          recipients: 0,
          byStatus: ALL_ZERO,
          read: 0,
          acknowledged: 0,
          failedByReason: [],
          unscheduledByReason: [],
          pendingByReason: [],
          distinctClickers: 0,
          totalClicks: 0,
          clicksPerLink: [],
          timeline: [],
          reminders: NO_REMINDERS,
        };
        assert.deepEqual(await store.reports.campaignReport('c-1'), expected);
      });

      it('aggregates statuses, reasons, reads, clicks per link and an hourly timeline', async function () {
        const at = (h: number, m: number) => T0 + h * HOUR + m * MINUTE; // T0 is 09:00 UTC
        const sent = (id: string, sentAt: number, readAt?: number) =>
          aDelivery({
            id,
            email: `${id}@x.com`,
            status: 'sent',
            dueAt: null,
            sentAt,
            ...(readAt ? { readAt } : {}),
          });
        const ended = (id: string, status: DeliveryStatus, reason?: string) =>
          aDelivery({
            id,
            email: `${id}@x.com`,
            status,
            dueAt: null,
            ...(reason ? { reason } : {}),
          });
        await store.deliveries.insert([
          sent('s1', at(0, 10), at(0, 30)),
          sent('s2', at(0, 50)),
          sent('s3', at(1, 5), at(2, 0)),
          ended('f1', 'failed', 'MessageWritesBlocked'),
          ended('f2', 'failed', 'MessageWritesBlocked'),
          ended('f3', 'failed', 'ConversationNotFound'),
          ended('u1', 'unscheduled', 'ladder exhausted'),
          ended('x1', 'unknown'),
          ended('r1', 'unreachable'),
          aDelivery({ id: 'p1', email: 'p1@x.com', status: 'pending', dueAt: at(3, 0) }),
          aDelivery({
            id: 'p2',
            email: 'p2@x.com',
            status: 'pending',
            dueAt: at(24, 0),
            reason: 'out-of-office',
          }),
          aDelivery({
            id: 'other',
            campaignId: 'c-2',
            email: 's1@x.com',
            status: 'sent',
            sentAt: at(0, 10),
          }),
        ]);
        const click = (deliveryId: string, url: string, time: number, campaignId = 'c-1') =>
          store.tracking.recordClicks([
            {
              token: `${deliveryId}-${url}`,
              campaignId,
              deliveryId,
              url,
              at: time,
            },
          ]);
        await click('s1', 'https://a.example', at(0, 20));
        await click('s1', 'https://a.example', at(1, 30));
        await click('s1', 'https://b.example', at(0, 25));
        await click('s3', 'https://a.example', at(1, 10));
        await click('other', 'https://a.example', at(0, 20), 'c-2');
        assert.equal(await store.deliveries.acknowledge('s2', at(1, 0)), true);
        assert.equal(await store.deliveries.acknowledge('other', at(1, 0)), true);

        const expected: CampaignReport = {
          campaignId: 'c-1',
          recipients: 11,
          byStatus: {
            pending: 2,
            sending: 0,
            sent: 3,
            failed: 3,
            unknown: 1,
            unscheduled: 1,
            unreachable: 1,
          },
          read: 2,
          acknowledged: 1,
          failedByReason: [
            { reason: 'MessageWritesBlocked', count: 2 },
            { reason: 'ConversationNotFound', count: 1 },
          ],
          unscheduledByReason: [{ reason: 'ladder exhausted', count: 1 }],
          pendingByReason: [{ reason: 'out-of-office', count: 1 }],
          distinctClickers: 2,
          totalClicks: 4,
          clicksPerLink: [
            { url: 'https://a.example', clicks: 3, distinctRecipients: 2 },
            { url: 'https://b.example', clicks: 1, distinctRecipients: 1 },
          ],
          timeline: [
            { hourStart: at(0, 0), sends: 2, clicks: 2 },
            { hourStart: at(1, 0), sends: 1, clicks: 2 },
          ],
          reminders: NO_REMINDERS,
        };
        assert.deepEqual(await store.reports.campaignReport('c-1'), expected);
      });
    });

    describeGroupedFunnelContract(() => store);

    describe('reminders', function () {
      const at = (h: number, m: number) => T0 + h * HOUR + m * MINUTE;
      const original = (id: string, fields: Partial<Delivery> = {}) =>
        aDelivery({ id, email: `${id}@x.com`, status: 'sent', dueAt: null, ...fields });
      const reminder = (of: string, number: number, fields: Partial<Delivery> = {}) =>
        aDelivery({
          id: reminderId(of, number),
          email: `${of}@x.com`,
          status: 'sent',
          dueAt: null,
          reminderOf: of,
          reminderNumber: number,
          ...fields,
        });

      it('keeps a reminder beside its original, once per number, and gives back what it reminds of', async function () {
        await store.deliveries.insert([original('a', { sentAt: at(0, 0) })]);
        const first = reminder('a', 1, { status: 'pending', dueAt: at(4, 0) });
        await store.deliveries.insert([first]);
        await store.deliveries.insert([{ ...first, dueAt: at(9, 0) }, reminder('a', 2)]);

        assert.deepEqual(await store.deliveries.get(first.id), first);
        assert.equal((await store.deliveries.get(reminderId('a', 2)))?.reminderNumber, 2);
        // A second original for the same address is still refused.
        await store.deliveries.insert([original('a2', { email: 'a@x.com' })]);
        assert.equal(await store.deliveries.get('a2'), null);
      });

      it('answers a Skype "acknowledge" with the original, never its newer reminder', async function () {
        await store.deliveries.insert([
          original('a', { sentAt: at(0, 0) }),
          reminder('a', 1, { sentAt: at(4, 0) }),
        ]);
        const found = await store.deliveries.latestUnacknowledged(['msteams:29:ann'], ['c-1']);
        assert.equal(found?.id, 'a');
      });

      it('claims and settles a reminder like any delivery', async function () {
        await store.deliveries.insert([
          original('a', { sentAt: at(0, 0) }),
          reminder('a', 1, { status: 'pending', dueAt: at(4, 0) }),
        ]);
        const [claimed] = await store.deliveries.claimDue(at(4, 0), 10, 'w1', at(5, 0));
        assert.equal(claimed?.reminderOf, 'a');
        assert.equal(
          await store.deliveries.transition(claimed!.id, 'pending', { status: 'sending' }, 'w1'),
          true,
        );
        assert.equal(await store.deliveries.markStaleSendingUnknown(at(6, 0)), 1);
        assert.equal((await store.deliveries.get(claimed!.id))?.status, 'unknown');
      });

      it('counts the audience without reminders, and waits for reminders before a campaign is done', async function () {
        await store.deliveries.insert([
          original('a', { sentAt: at(0, 0) }),
          original('b', { sentAt: at(0, 5) }),
          reminder('a', 1, { status: 'pending', dueAt: at(4, 0) }),
          reminder('b', 1, { sentAt: at(4, 5) }),
        ]);
        const counts = await store.deliveries.countByStatus('c-1');
        assert.deepEqual(counts, { ...ALL_ZERO, sent: 2 });
        assert.equal(await store.deliveries.countWaiting('c-1'), 1);
        assert.deepEqual(ids(await store.deliveries.list('c-1', { limit: 10 })), ['a', 'b']);
        assert.deepEqual(
          await store.deliveries.remindersSent(['a', 'b', 'c']),
          new Map([['b', 1]]),
        );
      });

      it('reports reminders sent and the reads, clicks and acknowledgements that came after them, apart from the audience', async function () {
        await store.deliveries.insert([
          // Read after its first reminder: the receipt covered both messages.
          original('a', { sentAt: at(0, 0), readAt: at(5, 0) }),
          reminder('a', 1, { sentAt: at(4, 0), readAt: at(5, 0) }),
          // Clicked after its second reminder.
          original('b', { sentAt: at(0, 0) }),
          reminder('b', 1, { sentAt: at(4, 0) }),
          reminder('b', 2, { sentAt: at(8, 0) }),
          // Clicked before its reminder (a reminder planned before the click, sent anyway: the
          // click does not count as brought by it).
          original('c', { sentAt: at(0, 0) }),
          reminder('c', 1, { sentAt: at(4, 0) }),
          // Dropped: read before.
          original('d', { sentAt: at(0, 0), readAt: at(1, 0) }),
          reminder('d', 1, { status: 'unscheduled', reason: 'read-before-reminder' }),
          // Acknowledged after its reminder, and one acknowledged before its reminder went.
          original('e', { sentAt: at(0, 0), acknowledgedAt: at(6, 0) }),
          reminder('e', 1, { sentAt: at(4, 0) }),
          original('f', { sentAt: at(0, 0), acknowledgedAt: at(3, 0) }),
          reminder('f', 1, { sentAt: at(4, 0) }),
        ]);
        const click = (deliveryId: string, time: number) =>
          store.tracking.recordClicks([
            {
              token: `t-${deliveryId}-${time}`,
              campaignId: 'c-1',
              deliveryId,
              url: 'https://a.example',
              at: time,
            },
          ]);
        await click('b', at(8, 30));
        await click('c', at(3, 0));

        const report = await store.reports.campaignReport('c-1');
        assert.deepEqual(report.reminders, {
          sent: 6,
          recipients: 5,
          readAfter: 1,
          clickedAfter: 1,
          acknowledgedAfter: 1,
        });
        assert.equal(report.recipients, 6);
        assert.deepEqual(report.byStatus, { ...ALL_ZERO, sent: 6 });
        assert.equal(report.acknowledged, 2);
        assert.equal(report.read, 2);
        assert.deepEqual(report.unscheduledByReason, []);
        assert.equal(
          report.timeline.reduce((sends, bucket) => sends + bucket.sends, 0),
          6,
          'the timeline counts the audience’s sends',
        );
      });
    });

    describeInstallationContract(() => store);

    describeRevisionContract(() => store);

    describe('bot state storage', function () {
      const key =
        'msteams/conversations/19:meeting_MjdhNjM4YzUtYzExZi00OTFkLTkzZTAtNTVlNmZmMDhkNGU4@thread.v2/users/29:1ABCdefGHIjklMNOpqrSTUvwxYZ-0123456789abcdefghijklmnopqrstuvwxyz/'.repeat(
          2,
        );

      it('stores an item under a long key with slashes and reads it back with an eTag', async function () {
        const item = { dialogState: { dialogStack: [{ id: 'newCampaign', state: { step: 2 } }] } };
        await store.botStorage.write({ [key]: item });
        const read = await store.botStorage.read([key, 'missing']);
        assert.deepEqual(Object.keys(read), [key]);
        const { eTag, ...rest } = read[key]!;
        assert.deepEqual(rest, item);
        assert.equal(typeof eTag, 'string');
        assert.ok((eTag as string).length > 0);
      });

      it('accepts the current eTag, refuses a stale one, and gives each write a new eTag', async function () {
        await store.botStorage.write({ [key]: { count: 1 } });
        const first = (await store.botStorage.read([key]))[key]!;
        await store.botStorage.write({ [key]: { ...first, count: 2 } });
        const second = (await store.botStorage.read([key]))[key]!;
        assert.equal(second.count, 2);
        assert.notEqual(second.eTag, first.eTag);

        await assert.rejects(store.botStorage.write({ [key]: { ...first, count: 99 } }), Error);
        assert.equal((await store.botStorage.read([key]))[key]!.count, 2);
      });

      it('lets eTag "*" or no eTag overwrite whatever is stored', async function () {
        await store.botStorage.write({ [key]: { count: 1 } });
        await store.botStorage.write({ [key]: { count: 2, eTag: '*' } });
        assert.equal((await store.botStorage.read([key]))[key]!.count, 2);
        await store.botStorage.write({ [key]: { count: 3 } });
        assert.equal((await store.botStorage.read([key]))[key]!.count, 3);
      });

      it('deletes items, and reading a missing key returns nothing for it', async function () {
        await store.botStorage.write({ a: { v: 1 }, b: { v: 2 } });
        await store.botStorage.delete(['a', 'never-written']);
        const read = await store.botStorage.read(['a', 'b']);
        assert.deepEqual(Object.keys(read), ['b']);
        assert.equal(read.b!.v, 2);
      });
    });
  });
}
