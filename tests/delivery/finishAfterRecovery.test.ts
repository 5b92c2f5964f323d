/**
 * A campaign finishes — and its author gets the report — as soon as every delivery is terminal,
 * also when that happened through crash recovery (a stale `sending` becoming `unknown`) or
 * before a crash that kept the last round from noticing. Real SQLite store, ManualClock.
 */
import { strict as assert } from 'node:assert';
import { ManualClock } from '../../src/clock.js';
import { CampaignFinisher } from '../../src/delivery/CampaignFinisher.js';
import { DeliveryDispatcher } from '../../src/delivery/DeliveryDispatcher.js';
import type { Delivery } from '../../src/domain/delivery.js';
import { silentLogger } from '../../src/logger.js';
import { NoPresenceProvider } from '../../src/presence/NoPresenceProvider.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { LinkTracker } from '../../src/tracking/LinkTracker.js';
import { campaignFixture, MONDAY_10H, pendingDelivery } from './support/seed.js';

const MINUTE = 60_000;

describe('finishing a campaign whose last deliveries crash recovery resolved', () => {
  let store: SqliteStore;
  let clock: ManualClock;
  let notified: string[];

  beforeEach(() => {
    store = openSqliteStore(':memory:');
    clock = new ManualClock(MONDAY_10H);
    notified = [];
  });

  afterEach(async () => {
    await store.close();
  });

  /** A freshly started process's dispatcher, wired to the finisher as main.ts wires it. */
  function newProcessDispatcher(): DeliveryDispatcher {
    const finisher = new CampaignFinisher({
      ...store,
      clock,
      logger: silentLogger,
      notifyAuthor: async (campaign) => {
        notified.push(campaign.id);
      },
    });
    return new DeliveryDispatcher({
      ...store,
      clock,
      logger: silentLogger,
      presence: new NoPresenceProvider(),
      sender: { send: async () => assert.fail('nothing is due') },
      links: new LinkTracker({ ...store, publicUrl: 'https://bot.example.com' }),
      workerId: 'restarted',
      onCampaignDrained: async (campaignId) => {
        await finisher.finish(campaignId, 'all-delivered');
      },
    });
  }

  async function runningCampaignWith(...deliveries: Partial<Delivery>[]): Promise<string> {
    const campaign = campaignFixture();
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
    assert.deepEqual(notified, [campaignId]);
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
    assert.deepEqual(notified, [campaignId]);
  });

  it('leaves running a campaign whose start is still planning it (no delivery attempted yet)', async () => {
    // The start job has marked it running and inserted a first page of unreachable addresses;
    // the reachable recipients come in the next pages.
    const campaignId = await runningCampaignWith({
      status: 'unreachable',
      dueAt: null,
      userId: undefined,
    });

    await newProcessDispatcher().dispatchDue();

    assert.equal((await store.campaigns.get(campaignId))!.status, 'running');
    assert.deepEqual(notified, []);
  });

  it('leaves running a campaign that still has a delivery waiting', async () => {
    const later = MONDAY_10H.plus({ hours: 2 }).toMillis();
    const campaignId = await runningCampaignWith(sent, { dueAt: later });

    await newProcessDispatcher().dispatchDue();

    assert.equal((await store.campaigns.get(campaignId))!.status, 'running');
    assert.deepEqual(notified, []);
  });
});
