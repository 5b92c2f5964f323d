/**
 * The per-process dispatch worker in virtual time (ManualClock), built by createDeliveryEngine
 * as production builds it, on a real SQLite store. Two workers on one store stand for two
 * processes; a process that died is the store state it leaves behind (claims nobody renews).
 */
import { strict as assert } from 'node:assert';
import type { ReservedSend, SendOutcome } from '../../src/application/ports/MessageSender.js';
import { ManualClock } from '../../src/clock.js';
import { CLAIM_LIFETIME_MS } from '../../src/delivery/createDeliveryEngine.js';
import { DispatchWorker } from '../../src/delivery/DispatchWorker.js';
import type { ReachableUser } from '../../src/domain/recipients.js';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { testDeliveryEngine } from '../support/testDeliveryEngine.js';
import { MONDAY_10H, campaignFixture, pendingDelivery, reachableUser } from './support/seed.js';
import { settle } from '../support/virtualTime.js';

const SERVICE_URL = 'https://smba.example/';

/** A channel whose answers the test releases; it records who was sent what, when. */
class HeldChannel {
  readonly calls: { userId: string; at: number }[] = [];
  private release: (() => void) | undefined;
  private held: Promise<void> = Promise.resolve();

  constructor(private readonly clock: ManualClock) {}

  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  letGo(): void {
    this.release?.();
  }

  /** As a real sender: the caller records the attempt (`sending`) between reserve and post. */
  reserve(user: ReachableUser): Promise<ReservedSend> {
    return Promise.resolve({
      kind: 'reserved',
      post: async () => {
        this.calls.push({ userId: user.id, at: this.clock.now().toMillis() });
        await this.held;
        return { kind: 'sent', activityId: `a-${this.calls.length}` };
      },
    });
  }

  send(): Promise<SendOutcome> {
    return Promise.reject(new Error('the dispatcher reserves, then posts'));
  }
}

describe('DispatchWorker (virtual time, SQLite)', function () {
  let store: SqliteStore;
  let clock: ManualClock;
  let channel: HeldChannel;
  const workers: DispatchWorker[] = [];

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    clock = new ManualClock(MONDAY_10H);
    channel = new HeldChannel(clock);
    await store.campaigns.create(campaignFixture());
    for (let n = 0; n < 5; n++) await store.users.upsert(reachableUser(n, SERVICE_URL));
  });

  afterEach(async () => {
    channel.letGo();
    await Promise.all(workers.splice(0).map((w) => w.stop(0)));
    await store.close();
  });

  function engine(workerId: string) {
    return testDeliveryEngine({ store, clock, workerId, sender: channel });
  }

  function started(worker: DispatchWorker): DispatchWorker {
    workers.push(worker);
    worker.start();
    return worker;
  }

  async function due(ns: number[], at: number): Promise<void> {
    await store.deliveries.insert(ns.map((n) => pendingDelivery('camp-1', n, at)));
  }

  async function advance(ms: number, step = 1_000): Promise<void> {
    for (let moved = 0; moved < ms; moved += step) {
      clock.advance({ milliseconds: step });
      await settle();
    }
  }

  it('sends a delivery at the moment it falls due, not at the next poll', async () => {
    const dueAt = MONDAY_10H.plus({ minutes: 10, milliseconds: 437 }).toMillis();
    await due([0], dueAt);
    started(engine('w1').worker);
    await settle();

    while (channel.calls.length === 0) {
      const next = clock.nextTimerAt();
      assert.ok(next !== null && next <= dueAt, 'the worker is always waiting for something');
      clock.advance({ milliseconds: next - clock.now().toMillis() });
      await settle();
    }

    assert.deepEqual(channel.calls, [{ userId: 'msteams:user-0', at: dueAt }]);
    assert.equal((await store.deliveries.get('camp-1-d000000'))?.status, 'sent');
  });

  it('keeps the claims of a batch that outlives the claim lifetime: another worker never takes it, and it runs once', async () => {
    await due([0, 1, 2], MONDAY_10H.toMillis());
    channel.hold();
    const a = engine('worker-a');
    let inBatch = 0;
    let mostAtOnce = 0;
    const watchedA = new DispatchWorker({
      ...workerSettings('worker-a'),
      dispatcher: {
        recoverStaleSends: () => a.dispatcher.recoverStaleSends(),
        dispatchBatch: async () => {
          mostAtOnce = Math.max(mostAtOnce, ++inBatch);
          try {
            return await a.dispatcher.dispatchBatch();
          } finally {
            inBatch--;
          }
        },
      },
    });
    started(watchedA);
    await settle();
    assert.equal(channel.calls.length, 3, 'worker A sends all three');
    started(engine('worker-b').worker);

    await advance(3 * CLAIM_LIFETIME_MS);
    assert.equal(channel.calls.length, 3, 'worker B took none of the held batch');
    assert.equal(watchedA.status().state, 'working');
    channel.letGo();
    await settle();
    await advance(2_000);

    assert.equal(mostAtOnce, 1, 'one batch at a time');
    assert.deepEqual((await store.deliveries.countByStatus('camp-1')).sent, 3);
    assert.equal(channel.calls.length, 3, 'no message twice');
  });

  it("takes over a dead process's work within one claim lifetime: its pending claims are sent, its interrupted send is unknown", async () => {
    await due([0, 1, 2], MONDAY_10H.toMillis());
    const now = MONDAY_10H.toMillis();
    // What a process killed mid-batch leaves: three claims, one of them already `sending`.
    const claimed = await store.deliveries.claimDue(now, 3, 'dead', now + CLAIM_LIFETIME_MS);
    await store.deliveries.transition(claimed[0]!.id, 'pending', { status: 'sending' }, 'dead');

    const survivor = started(engine('survivor').worker);
    await advance(CLAIM_LIFETIME_MS - 1_000);
    assert.equal(channel.calls.length, 0, 'live claims are respected');
    await advance(6_000);

    assert.deepEqual(channel.calls.map((c) => c.userId).sort(), [
      'msteams:user-1',
      'msteams:user-2',
    ]);
    assert.equal((await store.deliveries.get(claimed[0]!.id))?.status, 'unknown');
    assert.equal((await store.deliveries.countByStatus('camp-1')).sent, 2);
    assert.equal(survivor.status().sent, 2);
  });

  it('drains on stop: finishes the batch in hand, then claims nothing more', async () => {
    await due([0, 1], MONDAY_10H.toMillis());
    channel.hold();
    const worker = started(engine('w1').worker);
    await settle();
    assert.equal(channel.calls.length, 2);

    const stopping = worker.stop(30_000);
    await due([2, 3], MONDAY_10H.toMillis());
    assert.equal(worker.status().state, 'draining');
    channel.letGo();
    assert.equal(await stopping, true);
    await advance(5_000);

    assert.equal(worker.status().state, 'stopped');
    assert.equal((await store.deliveries.countByStatus('camp-1')).sent, 2);
    assert.equal(
      (await store.deliveries.countByStatus('camp-1')).pending,
      2,
      'nothing claimed after stop',
    );
    assert.equal((await store.deliveries.get('camp-1-d000002'))?.claimedBy, undefined);
  });

  function workerSettings(workerId: string) {
    return {
      store: store.deliveries,
      clock,
      logger: silentLogger,
      workerId,
      claimLifetimeMs: CLAIM_LIFETIME_MS,
      idlePollMs: 1_000,
      busyPollMs: 250,
    };
  }
});
