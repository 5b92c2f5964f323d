/**
 * The app-installation area of the store contract (both stores, see contract.ts): planned
 * once per recipient, claimed by one worker at a time, taken over after a crash, settled
 * only by the claim's holder, counted for the report.
 */
import assert from 'node:assert/strict';
import type { AppInstallation } from '../../src/domain/installation.js';
import type { Store } from '../../src/store/Store.js';
import type { InstallationSettlement } from '../../src/application/ports/repositories.js';
import { HOUR, MINUTE, T0, aCampaign, aDelivery } from './fixtures.js';

function anInstallation(n: number, overrides: Partial<AppInstallation> = {}): AppInstallation {
  const email = `user${n}@example.com`;
  return {
    id: `c-1|${email}`,
    campaignId: 'c-1',
    tenantId: 'tenant-a',
    email,
    aadObjectId: `aad-${n}`,
    givenName: `First${n}`,
    status: 'waiting',
    dueAt: T0 + n * MINUTE,
    firstAttemptAt: T0 + n * MINUTE + HOUR,
    attempts: 0,
    updatedAt: T0,
    ...overrides,
  };
}

function settleOne(
  store: Store,
  id: string,
  workerId: string,
  settlement: InstallationSettlement,
): Promise<boolean> {
  return store.installations
    .settle(workerId, [{ ...settlement, id }])
    .then(([applied]) => applied!);
}

export function describeInstallationContract(storeOf: () => Store): void {
  describe('app installations', function () {
    let store: Store;

    beforeEach(async function () {
      store = storeOf();
      await store.campaigns.create(aCampaign({ status: 'running' }));
      await store.deliveries.insert(
        [1, 2, 3].map((n) =>
          aDelivery({
            id: `d-${n}`,
            email: `user${n}@example.com`,
            userId: undefined,
            dueAt: null,
          }),
        ),
      );
    });

    it('claims due installations once, earliest first, with their delivery, and keeps the first copy of a duplicate', async function () {
      await store.installations.insert([1, 2, 3].map((n) => anInstallation(n)));
      await store.installations.insert([anInstallation(1, { aadObjectId: 'other' })]);

      const first = await store.installations.claimDue(T0 + 2 * MINUTE, 10, 'w1', T0 + HOUR);
      assert.deepEqual(
        first.map((i) => [i.id, i.deliveryId, i.aadObjectId, i.status, i.claimedBy, i.attempts]),
        [
          ['c-1|user1@example.com', 'd-1', 'aad-1', 'installing', 'w1', 1],
          ['c-1|user2@example.com', 'd-2', 'aad-2', 'installing', 'w1', 1],
        ],
      );
      assert.equal(first[0]!.givenName, 'First1');
      const second = await store.installations.claimDue(T0 + 3 * MINUTE, 10, 'w2', T0 + HOUR);
      assert.deepEqual(
        second.map((i) => i.id),
        ['c-1|user3@example.com'],
      );
      assert.deepEqual(
        await store.installations.claimDue(T0 + 3 * MINUTE, 10, 'w2', T0 + HOUR),
        [],
      );
    });

    it('gives an installation whose worker died to another worker once the claim has expired', async function () {
      await store.installations.insert([anInstallation(1)]);
      await store.installations.claimDue(T0 + MINUTE, 10, 'dead', T0 + 10 * MINUTE);
      // The dead worker had heard from Graph; a note by anyone else is refused.
      await store.installations.noteInstalled(
        [{ id: 'c-1|user1@example.com', alreadyInstalled: true }],
        'someone-else',
      );
      await store.installations.noteInstalled(
        [{ id: 'c-1|user1@example.com', alreadyInstalled: false }],
        'dead',
      );
      assert.deepEqual(
        await store.installations.claimDue(T0 + 10 * MINUTE, 10, 'w2', T0 + HOUR),
        [],
      );

      const taken = await store.installations.claimDue(T0 + 11 * MINUTE, 10, 'w2', T0 + HOUR);
      assert.deepEqual(
        taken.map((i) => [i.claimedBy, i.attempts, i.alreadyInstalled]),
        [['w2', 2, false]],
      );
      assert.equal(
        await settleOne(store, taken[0]!.id, 'dead', {
          status: 'failed',
          reason: 'late',
          updatedAt: T0 + 12 * MINUTE,
        }),
        false,
        'the dead worker lost its claim',
      );
      assert.equal(
        await settleOne(store, taken[0]!.id, 'w2', {
          status: 'installed',
          updatedAt: T0 + 12 * MINUTE,
        }),
        true,
      );
      const [settled] = (await store.installations.byEmail('c-1', ['user1@example.com'])).values();
      assert.equal(settled!.status, 'installed');
      assert.equal(settled!.alreadyInstalled, false);
      assert.equal(settled!.claimedBy, undefined);
      assert.equal(settled!.claimedUntil, undefined);
    });

    it('settles many at once, each only where the worker still holds the claim', async function () {
      await store.installations.insert([1, 2].map((n) => anInstallation(n)));
      await store.installations.claimDue(T0 + MINUTE, 1, 'w1', T0 + HOUR);
      await store.installations.claimDue(T0 + 2 * MINUTE, 1, 'w2', T0 + HOUR);
      const applied = await store.installations.settle('w1', [
        { id: 'c-1|user1@example.com', status: 'failed', reason: 'user-not-found', updatedAt: T0 },
        { id: 'c-1|user2@example.com', status: 'failed', reason: 'user-not-found', updatedAt: T0 },
      ]);
      assert.deepEqual(applied, [true, false]);
      const stored = await store.installations.byEmail('c-1', [
        'user1@example.com',
        'user2@example.com',
      ]);
      assert.deepEqual([...stored.values()].map((i) => [i.email, i.status, i.claimedBy]).sort(), [
        ['user1@example.com', 'failed', undefined],
        ['user2@example.com', 'installing', 'w2'],
      ]);
    });

    it('puts a postponed installation back to waiting until its new due time', async function () {
      await store.installations.insert([anInstallation(1)]);
      const [claimed] = await store.installations.claimDue(T0 + MINUTE, 10, 'w1', T0 + HOUR);
      await settleOne(store, claimed!.id, 'w1', {
        status: 'waiting',
        dueAt: T0 + 30 * MINUTE,
        reason: 'graph-http-429',
        updatedAt: T0 + 2 * MINUTE,
      });
      assert.deepEqual(
        await store.installations.claimDue(T0 + 29 * MINUTE, 10, 'w1', T0 + HOUR),
        [],
      );
      const again = await store.installations.claimDue(T0 + 30 * MINUTE, 10, 'w1', T0 + HOUR);
      assert.deepEqual(
        again.map((i) => [i.id, i.reason, i.attempts]),
        [['c-1|user1@example.com', 'graph-http-429', 2]],
      );
    });

    it('counts installed, already installed, open and failed by reason for the report', async function () {
      await store.installations.insert([1, 2, 3, 4, 5].map((n) => anInstallation(n)));
      await store.deliveries.insert([
        aDelivery({
          id: 'd-8',
          email: 'nobody@example.com',
          status: 'unreachable',
          reason: 'not-in-directory',
          dueAt: null,
        }),
        aDelivery({
          id: 'd-9',
          email: 'skype@example.com',
          status: 'unreachable',
          reason: 'no-reachable-user',
          dueAt: null,
        }),
      ]);
      const claimed = await store.installations.claimDue(T0 + 4 * MINUTE, 10, 'w1', T0 + HOUR);
      const settle = (n: number, settlement: InstallationSettlement) =>
        settleOne(store, claimed[n - 1]!.id, 'w1', settlement);
      await settle(1, { status: 'installed', alreadyInstalled: false, updatedAt: T0 });
      await settle(2, { status: 'installed', alreadyInstalled: true, updatedAt: T0 });
      await settle(3, { status: 'failed', reason: 'blocked-by-policy', updatedAt: T0 });
      await settle(4, { status: 'failed', reason: 'blocked-by-policy', updatedAt: T0 });
      assert.deepEqual(await store.installations.funnel('c-1'), {
        open: 1,
        installed: 1,
        alreadyInstalled: 1,
        failedByReason: [{ reason: 'blocked-by-policy', count: 2 }],
        notInDirectory: 1,
        noReachableUser: 1,
        chatsReopened: 0,
      });
      assert.deepEqual(await store.installations.funnel('other'), {
        open: 0,
        installed: 0,
        alreadyInstalled: 0,
        failedByReason: [],
        notInDirectory: 0,
        noReachableUser: 0,
        chatsReopened: 0,
      });
    });

    it('tells whether an installation was ever planned for a recipient, whatever became of it', async function () {
      await store.installations.insert([anInstallation(1), anInstallation(2)]);
      const [claimed] = await store.installations.claimDue(T0 + MINUTE, 1, 'w1', T0 + HOUR);
      await settleOne(store, claimed!.id, 'w1', { status: 'failed', reason: 'x', updatedAt: T0 });

      assert.equal(await store.installations.exists('c-1|user1@example.com'), true);
      assert.equal(await store.installations.exists('c-1|user2@example.com'), true);
      assert.equal(await store.installations.exists('c-1|user3@example.com'), false);
      assert.equal(await store.installations.exists('c-2|user1@example.com'), false);
    });

    it('keeps whose lost chat an installation re-opens, and counts re-opened chats apart from the reach funnel', async function () {
      await store.installations.insert([
        anInstallation(1, { reopensChatOf: 'user-1' }),
        anInstallation(2, { reopensChatOf: 'user-2' }),
        anInstallation(3, { reopensChatOf: 'user-3' }),
        anInstallation(4),
      ]);
      const claimed = await store.installations.claimDue(T0 + 4 * MINUTE, 10, 'w1', T0 + HOUR);
      assert.deepEqual(
        claimed.map((i) => [i.id, i.deliveryId, i.reopensChatOf]),
        [
          ['c-1|user1@example.com', 'd-1', 'user-1'],
          ['c-1|user2@example.com', 'd-2', 'user-2'],
          ['c-1|user3@example.com', 'd-3', 'user-3'],
          ['c-1|user4@example.com', undefined, undefined],
        ],
      );
      const settle = (n: number, settlement: InstallationSettlement) =>
        settleOne(store, claimed[n - 1]!.id, 'w1', settlement);
      await settle(1, { status: 'installed', alreadyInstalled: true, updatedAt: T0 });
      await settle(2, { status: 'installed', alreadyInstalled: false, updatedAt: T0 });
      await settle(3, { status: 'failed', reason: 'blocked-by-policy', updatedAt: T0 });
      await settle(4, { status: 'installed', alreadyInstalled: false, updatedAt: T0 });

      assert.deepEqual(await store.installations.funnel('c-1'), {
        open: 0,
        installed: 1,
        alreadyInstalled: 0,
        failedByReason: [],
        notInDirectory: 0,
        noReachableUser: 0,
        chatsReopened: 2,
      });
      const byEmail = await store.installations.byEmail('c-1', ['user1@example.com']);
      assert.equal(byEmail.get('user1@example.com')?.reopensChatOf, 'user-1');
    });

    it('deletes a campaign with its installations', async function () {
      await store.installations.insert([anInstallation(1)]);
      assert.equal(await store.campaigns.delete('c-1', ['running']), true);
      assert.equal((await store.installations.byEmail('c-1', ['user1@example.com'])).size, 0);
    });
  });
}
