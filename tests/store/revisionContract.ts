/**
 * The recall-and-correction area of the store contract (both stores, see contract.ts): one
 * revision per campaign, sent messages claimed by one worker at a time, marked `applying` and
 * settled only by the claim's holder, an interrupted one `unknown` (never claimed again), a
 * dead worker's untouched claims taken over, counts and completion once.
 */
import assert from 'node:assert/strict';
import type { Delivery } from '../../src/domain/delivery.js';
import type { CampaignRevision } from '../../src/domain/revision.js';
import type { Store } from '../../src/store/Store.js';
import { MINUTE, T0, aCampaign, aDelivery } from './fixtures.js';

const RECALL: CampaignRevision = {
  kind: 'recall',
  byUserId: 'msteams:29:ada',
  byName: 'Ada',
  at: T0,
};
const LIFETIME = 15_000;

/** `count` sent messages of campaign c-1, activity ids a-1 … a-N. */
function sentMessages(count: number): Delivery[] {
  return Array.from({ length: count }, (_, i) =>
    aDelivery({
      id: `d-${i + 1}`,
      email: `user${i + 1}@example.com`,
      userId: `msteams:29:user${i + 1}`,
      status: 'sent',
      dueAt: null,
      sentAt: T0 - MINUTE,
      activityId: `a-${i + 1}`,
    }),
  );
}

export function describeRevisionContract(current: () => Store): void {
  describe('recall and correction', function () {
    let store: Store;

    beforeEach(async function () {
      store = current();
      await store.campaigns.create(aCampaign({ status: 'finished', startedAt: T0 - MINUTE }));
    });

    it('records one revision per campaign, only once it has started; a correction’s message becomes the campaign’s', async function () {
      await store.campaigns.create(aCampaign({ id: 'c-draft', name: 'Draft', status: 'draft' }));
      assert.equal(await store.revisions.start('c-draft', RECALL), false);
      const correction: CampaignRevision = { ...RECALL, kind: 'correct', message: 'Fixed' };
      const [first, second] = await Promise.all([
        store.revisions.start('c-1', correction),
        store.revisions.start('c-1', RECALL),
      ]);
      assert.equal([first, second].filter(Boolean).length, 1, 'one of two confirmations wins');
      const campaign = (await store.campaigns.get('c-1'))!;
      assert.ok(campaign.revision);
      if (first) {
        assert.deepEqual(campaign.revision, correction);
        assert.equal(campaign.message, 'Fixed');
      }
      assert.deepEqual(await store.revisions.listOpen(), ['c-1']);
      assert.equal(await store.revisions.complete('c-1', T0 + MINUTE), true);
      assert.equal(await store.revisions.complete('c-1', T0 + 2 * MINUTE), false, 'completed once');
      assert.equal((await store.campaigns.get('c-1'))!.revision!.completedAt, T0 + MINUTE);
      assert.deepEqual(await store.revisions.listOpen(), []);
    });

    it('two workers never claim the same sent message; only sent messages still to do are claimed', async function () {
      await store.deliveries.insert([
        ...sentMessages(6),
        aDelivery({ id: 'd-pending', email: 'p@example.com', status: 'pending' }),
        aDelivery({ id: 'd-done', email: 'x@example.com', status: 'sent', revision: 'up-to-date' }),
      ]);
      await store.revisions.start('c-1', RECALL);
      const [a, b] = await Promise.all([
        store.revisions.claimDue(['c-1'], T0, 4, 'w-a', T0 + LIFETIME),
        store.revisions.claimDue(['c-1'], T0, 4, 'w-b', T0 + LIFETIME),
      ]);
      const claimed = [...a, ...b].map((d) => d.id).sort();
      assert.equal(claimed.length, 6);
      assert.equal(new Set(claimed).size, 6, 'no message claimed twice');
      assert.ok(!claimed.includes('d-pending') && !claimed.includes('d-done'));
      assert.deepEqual(await store.revisions.claimDue(['c-1'], T0, 4, 'w-c', T0 + LIFETIME), []);
    });

    it('only the claim’s holder marks applying and settles; a settled message is never claimed again', async function () {
      await store.deliveries.insert(sentMessages(2));
      await store.revisions.start('c-1', RECALL);
      await store.revisions.claimDue(['c-1'], T0, 2, 'w-a', T0 + LIFETIME);
      assert.deepEqual(await store.revisions.markApplying(['d-1', 'd-2'], 'w-b', T0), [
        false,
        false,
      ]);
      assert.deepEqual(await store.revisions.markApplying(['d-1', 'd-2'], 'w-a', T0), [true, true]);
      assert.deepEqual(await store.revisions.markApplying(['d-1'], 'w-a', T0), [false], 'once');
      assert.deepEqual(await store.revisions.settle([{ id: 'd-1', revision: 'done' }], 'w-b', T0), [
        false,
      ]);
      assert.deepEqual(
        await store.revisions.settle(
          [
            { id: 'd-1', revision: 'done' },
            { id: 'd-2', revision: 'failed', reason: 'conversation-not-found' },
          ],
          'w-a',
          T0,
        ),
        [true, true],
      );
      const later = T0 + 2 * LIFETIME;
      assert.deepEqual(await store.revisions.claimDue(['c-1'], later, 10, 'w-b', later), []);
      const counts = await store.revisions.counts('c-1');
      assert.equal(counts.done, 1);
      assert.equal(counts.failed, 1);
      assert.deepEqual(counts.failures, { 'conversation-not-found': 1 });
      assert.equal(await store.revisions.openWork('c-1', later), 0);
    });

    it('a dead worker’s claims lapse: untouched messages go to another, interrupted ones become unknown', async function () {
      await store.deliveries.insert(sentMessages(3));
      await store.revisions.start('c-1', RECALL);
      await store.revisions.claimDue(['c-1'], T0, 3, 'w-dead', T0 + LIFETIME);
      await store.revisions.markApplying(['d-1'], 'w-dead', T0);
      // A live worker's heartbeat renews only its own claims.
      assert.equal(await store.revisions.renewClaims('w-live', T0 + 2 * LIFETIME, T0), 0);
      assert.equal(await store.revisions.markStaleApplyingUnknown(T0 + 1_000), 0, 'claim alive');

      const later = T0 + LIFETIME + 1;
      assert.equal(await store.revisions.markStaleApplyingUnknown(later), 1);
      const taken = await store.revisions.claimDue(['c-1'], later, 10, 'w-live', later + LIFETIME);
      assert.deepEqual(taken.map((d) => d.id).sort(), ['d-2', 'd-3']);
      const counts = await store.revisions.counts('c-1');
      assert.equal(counts.unknown, 1);
      assert.equal(counts.waiting, 2);
      assert.equal(await store.revisions.openWork('c-1', later), 2);
    });

    it('counts the pending deliveries a recall cancelled, and sends still under way as open work', async function () {
      await store.deliveries.insert([
        ...sentMessages(1),
        aDelivery({ id: 'd-sending', email: 's@example.com', status: 'sending' }),
        aDelivery({ id: 'd-pending', email: 'p@example.com', status: 'pending' }),
      ]);
      await store.revisions.start('c-1', RECALL);
      assert.equal(await store.deliveries.unscheduleRemaining('c-1', 'recalled', T0), 1);
      assert.equal((await store.revisions.counts('c-1')).cancelled, 1);
      assert.equal(
        await store.revisions.openWork('c-1', T0),
        2,
        'd-1 to delete, d-sending under way',
      );
    });
  });
}
