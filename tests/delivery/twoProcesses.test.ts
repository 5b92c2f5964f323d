/**
 * Two dispatcher processes on one store at the same time — one SQLite file, or one MongoDB
 * database (SPEC.md: Runtime, Delivery rule 7): the store's claims keep them apart, so no
 * delivery is claimed or sent twice and together they send everything.
 */
import { strict as assert } from 'node:assert';
import { startChildDispatcher } from './support/childDispatcher.js';
import type { StoreKind } from '../../src/store/Store.js';
import { freshStorage, STORE_KINDS } from '../support/testStorage.js';
import { dueCampaignIn, type DueCampaign } from './support/dueCampaign.js';
import { MONDAY_10H } from './support/seed.js';

const RECIPIENTS = 500;
/** Each child claims this many at a time, so it never has more sends in flight. */
const CHILD_BATCH = 25;

for (const kind of STORE_KINDS) describeTwoProcesses(kind);

function describeTwoProcesses(kind: StoreKind): void {
  describe(`two dispatcher processes on one store (${kind})`, function () {
    // The MongoDB test server answers each operation in about 2.5 ms (in-process SQLite in
    // microseconds), so the same campaign takes about three times as long there.
    this.timeout(kind === 'mongodb' ? 90_000 : 30_000);
    let due: DueCampaign | undefined;

    afterEach(async () => {
      await due?.dispose();
      due = undefined;
    });

    it('share the due deliveries without claiming or sending any twice', async function () {
      // Answers are held until more sends are in flight than one process can have: proof that
      // both are sending at the same time, not one after the other.
      let releaseHeld!: () => void;
      const bothSending = new Promise<void>((resolve) => (releaseHeld = resolve));
      due = await dueCampaignIn(await freshStorage(kind, this), {
        recipients: RECIPIENTS,
        onActivity: (_activity, index) => {
          if (index + 1 === CHILD_BATCH + 1) releaseHeld();
          return bothSending;
        },
      });
      const { storage, store, connector, campaign } = due;

      const children = ['a', 'b'].map((workerId) =>
        startChildDispatcher({
          storageEnv: storage.env,
          nowIso: MONDAY_10H.toISO()!,
          workerId,
          batchSize: CHILD_BATCH,
          waitForGo: true,
        }),
      );
      await Promise.all(children.map((c) => c.ready));
      for (const c of children) c.go();
      const [a, b] = await Promise.all(children.map((c) => c.exited));

      const claimedA = a!.result!.claimed;
      const claimedB = b!.result!.claimed;
      assert.ok(claimedA.length > 0 && claimedB.length > 0, 'both processes took part');
      const overlap = claimedA.filter((id) => new Set(claimedB).has(id));
      assert.deepEqual(overlap, [], 'no delivery claimed by both');
      assert.equal(new Set([...claimedA, ...claimedB]).size, RECIPIENTS);
      assert.equal(claimedA.length + claimedB.length, RECIPIENTS, 'no delivery claimed twice');
      assert.equal(a!.result!.summary.sent + b!.result!.summary.sent, RECIPIENTS);

      const counts = await store.deliveries.countByStatus(campaign.id);
      assert.equal(counts.sent, RECIPIENTS);
      const received = connector.countsByConversation();
      assert.equal(received.size, RECIPIENTS);
      for (const [conversation, count] of received)
        assert.equal(count, 1, `${conversation} got ${count}`);
    });
  });
}
