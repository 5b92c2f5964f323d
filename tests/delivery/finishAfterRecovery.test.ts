/**
 * A campaign finishes — and its author gets the report — as soon as every delivery is terminal,
 * also when that happened through crash recovery (a stale `sending` becoming `unknown`) or
 * before a crash that kept the last round from noticing. On each real store, through the engine
 * production builds, in virtual time.
 */
import { strict as assert } from 'node:assert';
import { ManualClock } from '../../src/clock.js';
import { CLAIM_LIFETIME_MS } from '../../src/delivery/createDeliveryEngine.js';
import type { Campaign } from '../../src/domain/campaign.js';
import type { Delivery } from '../../src/domain/delivery.js';
import type { Store } from '../../src/store/Store.js';
import { testDeliveryEngine } from '../support/testDeliveryEngine.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { STORE_KINDS } from '../support/testStorage.js';
import { advanceUntil } from '../support/virtualTime.js';
import { authorInbox, finishedText } from './support/authorInbox.js';
import { campaignFixture, MONDAY_10H, pendingDelivery } from './support/seed.js';

const MINUTE = 60_000;

for (const kind of STORE_KINDS) describeFinishAfterRecovery(kind);

function describeFinishAfterRecovery(kind: Store['kind']): void {
  describe(`finishing a campaign whose last deliveries crash recovery resolved (${kind})`, function () {
    this.timeout(20_000);
    const fresh = freshStoreEachTest(kind);
    let store: Store;
    let clock: ManualClock;
    let authorPosts: string[];

    beforeEach(async () => {
      store = fresh.store;
      clock = new ManualClock(MONDAY_10H);
      authorPosts = await authorInbox(store);
    });

    /** A freshly started process's engine; nothing is due, so nothing may be sent. */
    function newProcessEngine() {
      return testDeliveryEngine({
        store,
        clock,
        workerId: 'restarted',
        sender: {
          send: async () => assert.fail('nothing is due'),
          reserve: async () => assert.fail('nothing is due'),
        },
      });
    }

    function newProcessDispatcher() {
      return newProcessEngine().dispatcher;
    }

    async function runningCampaignWith(...deliveries: Partial<Delivery>[]): Promise<string> {
      return campaignWith({}, ...deliveries);
    }

    async function campaignWith(
      overrides: Partial<Campaign>,
      ...deliveries: Partial<Delivery>[]
    ): Promise<string> {
      const campaign = campaignFixture(overrides);
      await store.campaigns.create(campaign);
      const at = MONDAY_10H.minus({ hours: 1 }).toMillis();
      await store.deliveries.insert(
        deliveries.map((d, i) => ({ ...pendingDelivery(campaign.id, i + 1, at), ...d })),
      );
      return campaign.id;
    }

    const sent: Partial<Delivery> = { status: 'sent', dueAt: null, sentAt: 0 };
    /** Claimed by a process that died; its claim runs out at 10:01. */
    const staleSending: Partial<Delivery> = {
      status: 'sending',
      claimedBy: 'dead-process',
      claimedUntil: MONDAY_10H.toMillis() + MINUTE,
    };

    it('finishes it in the round whose recovery resolved its last stale send, telling the author', async () => {
      const campaignId = await runningCampaignWith(sent, staleSending);
      const dispatcher = newProcessDispatcher();
      // The first round, at 10:00, finds the dead process's claim still running.
      assert.equal((await dispatcher.dispatchDue()).recoveredUnknown, 0);
      assert.equal((await store.campaigns.get(campaignId))!.status, 'running');

      clock.set(MONDAY_10H.plus({ minutes: 5 }));
      const summary = await dispatcher.dispatchDue();

      assert.equal(summary.recoveredUnknown, 1);
      assert.equal((await store.campaigns.get(campaignId))!.status, 'finished');
      assert.deepEqual(authorPosts, [finishedText('Winter news')]);
    });

    it('finishes it after a restart when the last round before the crash could not', async () => {
      const campaignId = await runningCampaignWith(
        sent,
        { ...sent },
        {
          status: 'unknown',
          dueAt: null,
        },
      );

      const summary = await newProcessDispatcher().dispatchDue();

      assert.equal(summary.claimed, 0);
      assert.equal((await store.campaigns.get(campaignId))!.status, 'finished');
      assert.deepEqual(authorPosts, [finishedText('Winter news')]);
    });

    it('leaves running a campaign whose start is still planning it, even with every delivery so far done', async () => {
      // The start job has marked it running and planned a first page, all of it sent or
      // unreachable by now; the next page of its audience is still to be read.
      const campaignId = await campaignWith({ plannedAt: undefined }, sent, {
        status: 'unreachable',
        dueAt: null,
        userId: undefined,
      });

      const summary = await newProcessDispatcher().dispatchDue();
      await newProcessEngine().finisher.finish(campaignId, 'all-delivered');

      assert.equal(summary.claimed, 0);

      assert.equal((await store.campaigns.get(campaignId))!.status, 'running');
      assert.deepEqual(authorPosts, []);
    });

    it('leaves running a campaign that still has a delivery waiting', async () => {
      const later = MONDAY_10H.plus({ hours: 2 }).toMillis();
      const campaignId = await runningCampaignWith(sent, { dueAt: later });

      await newProcessDispatcher().dispatchDue();

      assert.equal((await store.campaigns.get(campaignId))!.status, 'running');
      assert.deepEqual(authorPosts, []);
    });

    it("finishes it the moment a live worker's heartbeat resolves its last stale send, not at its next batch", async () => {
      const campaignId = await runningCampaignWith(sent, staleSending);
      // A process started shortly before the dead claim lapses at 10:01.
      clock.set(MONDAY_10H.plus({ seconds: 55 }));
      const worker = newProcessEngine().worker;
      worker.start();
      try {
        // Nothing is due: the worker only sleeps and beats. Small steps, so a beat's store
        // round trips do not push the next one later in virtual time.
        await advanceUntil(clock, () => authorPosts.length > 0, MINUTE, 100);
      } finally {
        const stopping = worker.stop(0);
        clock.advance({ seconds: 1 });
        await stopping;
      }

      const campaign = (await store.campaigns.get(campaignId))!;
      assert.equal(campaign.status, 'finished');
      // The first heartbeat after the lapse (they come every 5 s) finishes it; store round
      // trips under load stretch virtual time a little, so the bound is one claim lifetime.
      const lapsedAt = staleSending.claimedUntil!;
      assert.ok(
        campaign.finishedAt! > lapsedAt && campaign.finishedAt! <= lapsedAt + CLAIM_LIFETIME_MS,
        `finished ${campaign.finishedAt! - lapsedAt} ms after the claim lapsed`,
      );
      assert.equal(worker.status().batches, 0, 'no batch had anything to claim');
      assert.equal((await store.deliveries.countByStatus(campaignId)).unknown, 1);
      assert.deepEqual(authorPosts, [finishedText('Winter news')]);
    });
  });
}
