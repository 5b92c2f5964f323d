/**
 * A reminder through the dispatcher production builds, on each real store: checked again right
 * before its request, once its rate slots are held, as closing time is. The sender is the test
 * seam the engine offers, so that a read receipt can arrive exactly while the slots are awaited.
 */
import { strict as assert } from 'node:assert';
import { DateTime } from 'luxon';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';
import { ManualClock } from '../../src/clock.js';
import type { ReachableUser } from '../../src/domain/recipients.js';
import type { RecipientHours } from '../../src/domain/recipientHours.js';
import { reminderId } from '../../src/domain/reminders.js';
import type { DeliverySender, ReservedSend } from '../../src/application/ports/MessageSender.js';
import type { Store } from '../../src/store/Store.js';
import { testDeliveryEngine } from '../support/testDeliveryEngine.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { inVirtualTime } from '../support/virtualTime.js';
import { MONDAY_10H, campaignFixture, pendingDelivery, reachableUser } from './support/seed.js';

const HOUR = 3_600_000;
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

for (const kind of STORE_KINDS) {
  describe(`reminders through the dispatcher (${kind})`, function () {
    this.timeout(20_000);
    const fresh = freshStoreEachTest(kind);
    let store: Store;
    let clock: ManualClock;

    beforeEach(async () => {
      store = fresh.store;
      clock = new ManualClock(MONDAY_10H.plus({ hours: 4 }));
      await store.users.upsert(reachableUser(1, SERVICE_URL));
      const campaign = campaignFixture({
        options: { ...defaultCampaignOptions(), reminders: { count: 2, afterHours: 4 } },
      });
      await store.campaigns.create(campaign);
      // Sent at 10:00; its first reminder due 4 working hours later, now.
      const original = pendingDelivery(campaign.id, 1, MONDAY_10H.toMillis());
      await store.deliveries.insert([
        { ...original, status: 'sent', dueAt: null, sentAt: MONDAY_10H.toMillis(), attempts: 1 },
        {
          ...original,
          id: reminderId(original.id, 1),
          dueAt: clock.now().toMillis(),
          reminderOf: original.id,
          reminderNumber: 1,
        },
      ]);
    });

    /** A sender whose slots are held after `whileWaiting` ran; records what it posts and when. */
    function sender(whileWaiting: () => Promise<void>) {
      const posts: { text: string; status: string | undefined; card: unknown }[] = [];
      const send: DeliverySender = {
        send: () => Promise.reject(new Error('the dispatcher reserves, then posts')),
        reserve: async (user: ReachableUser): Promise<ReservedSend> => {
          await whileWaiting();
          return {
            kind: 'reserved',
            post: async (text, card) => {
              const reminder = await store.deliveries.get(reminderId('camp-1-d000001', 1));
              posts.push({ text, status: reminder?.status, card: card?.content });
              return { kind: 'sent', activityId: `activity-of-${user.id}` };
            },
          };
        },
      };
      return { send, posts };
    }

    async function askForAcknowledgement(): Promise<void> {
      const campaign = (await store.campaigns.get('camp-1'))!;
      const options = { ...campaign.options, acknowledgement: true };
      assert.ok(await store.campaigns.update({ ...campaign, options }, ['running']));
    }

    function dispatch(send: DeliverySender) {
      const engine = testDeliveryEngine({ store, clock, sender: send });
      return inVirtualTime(clock, engine.dispatcher.dispatchDue());
    }

    it('sends a due reminder, recorded as sending first, and plans the second', async () => {
      const { send, posts } = sender(async () => {});

      await dispatch(send);

      assert.equal(posts.length, 1);
      assert.equal(posts[0]!.status, 'sending', 'persisted before the request');
      assert.match(
        posts[0]!.text,
        /^\*\*Reminder 1 of 2:\*\* “Winter news”, sent Monday 7 December at 10:00\./,
      );
      const first = await store.deliveries.get(reminderId('camp-1-d000001', 1));
      assert.equal(first?.status, 'sent');
      const second = await store.deliveries.get(reminderId('camp-1-d000001', 2));
      assert.equal(second?.status, 'pending');
      // 14:00 + 4 working hours is closing time: Tuesday's opening.
      assert.equal(second?.dueAt, MONDAY_10H.plus({ days: 1, hours: -1 }).toMillis());
      assert.equal((await store.deliveries.countByStatus('camp-1')).sent, 1, 'one recipient');
    });

    it('sends nothing when a read comes while the reminder waits for its rate slots', async () => {
      const { send, posts } = sender(async () => {
        await store.deliveries.markReadUpTo('msteams:user-1', clock.now().toMillis());
      });

      await dispatch(send);

      assert.deepEqual(posts, []);
      const first = await store.deliveries.get(reminderId('camp-1-d000001', 1));
      assert.equal(first?.status, 'unscheduled');
      assert.equal(first?.reason, 'read-before-reminder');
      assert.equal(await store.deliveries.get(reminderId('camp-1-d000001', 2)), null);
    });

    it('sends nothing when a click comes while the reminder waits for its rate slots', async () => {
      const { send, posts } = sender(() =>
        store.tracking.recordClicks([
          {
            token: 'token-1',
            campaignId: 'camp-1',
            deliveryId: 'camp-1-d000001',
            url: 'https://example.com',
            at: clock.now().toMillis(),
          },
        ]),
      );

      await dispatch(send);

      assert.deepEqual(posts, []);
      const first = await store.deliveries.get(reminderId('camp-1-d000001', 1));
      assert.equal(first?.reason, 'clicked-before-reminder');
    });

    it('sends nothing to whoever acknowledged, when the campaign asks for it', async () => {
      await askForAcknowledgement();
      await store.deliveries.acknowledge('camp-1-d000001', clock.now().toMillis() - HOUR);
      const { send, posts } = sender(async () => {});

      await dispatch(send);

      assert.deepEqual(posts, []);
      const first = await store.deliveries.get(reminderId('camp-1-d000001', 1));
      assert.equal(first?.reason, 'acknowledged-before-reminder');
    });

    it('carries an Acknowledge button that acknowledges the original', async () => {
      await askForAcknowledgement();
      const { send, posts } = sender(async () => {});

      await dispatch(send);

      assert.equal(posts.length, 1);
      assert.match(JSON.stringify(posts[0]!.card), /"acknowledge":"camp-1-d000001"/);
    });

    it('times the next reminder in the recipient’s own hours, and keeps them on it', async () => {
      // Their own hours: New York, 09:00–17:00. It is 10:00 there (16:00 in Paris).
      const own: RecipientHours = {
        source: 'own',
        hours: {
          open: '09:00',
          close: '17:00',
          weekdays: [1, 2, 3, 4, 5],
          timeZone: 'America/New_York',
        },
      };
      const newYork = (hour: number) =>
        MONDAY_10H.setZone('America/New_York').set({ hour, minute: 0 }).toMillis();
      const reminder = (await store.deliveries.get(reminderId('camp-1-d000001', 1)))!;
      await store.deliveries.transition(reminder.id, 'pending', { status: 'unscheduled' });
      clock.set(DateTime.fromMillis(newYork(10)));
      await store.users.upsert(reachableUser(2, SERVICE_URL));
      await store.deliveries.insert([
        { ...pendingDelivery('camp-1', 2, newYork(10)), recipientHours: own },
      ]);
      const { send, posts } = sender(async () => {});

      await dispatch(send);

      assert.equal(posts.length, 1);
      assert.equal((await store.deliveries.get('camp-1-d000002'))?.status, 'sent');
      const next = (await store.deliveries.get(reminderId('camp-1-d000002', 1)))!;
      assert.deepEqual(next.recipientHours, own);
      // 4 of their working hours after 10:00 New York: 14:00 there (in Paris hours, it would
      // have been Tuesday 11:00).
      assert.equal(next.dueAt, newYork(14));
    });

    it('waits when it fell due early: N working hours count from the original’s send', async () => {
      const original = await store.deliveries.get('camp-1-d000001');
      await store.deliveries.transition(original!.id, 'sent', {
        sentAt: MONDAY_10H.toMillis() + HOUR,
      });
      const { send, posts } = sender(async () => {});

      await dispatch(send);

      assert.deepEqual(posts, []);
      const first = await store.deliveries.get(reminderId('camp-1-d000001', 1));
      assert.equal(first?.status, 'pending');
      assert.equal(first?.dueAt, MONDAY_10H.toMillis() + 5 * HOUR);
    });
  });
}
