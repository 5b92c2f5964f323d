/**
 * SPEC.md Delivery rule 7 across a crash: a dispatcher process is SIGKILLed mid-campaign and a
 * new one finishes the job on the same store (SQLite file or MongoDB database). Nobody gets the message twice, nothing is
 * lost, and what was mid-send at the kill is recorded `unknown` instead of being sent again.
 */
import { strict as assert } from 'node:assert';
import type { Delivery } from '../../src/domain/delivery.js';
import type { Store, StoreKind } from '../../src/store/Store.js';
import { freshStorage, STORE_KINDS } from '../support/testStorage.js';
import { dueCampaignIn, type DueCampaign } from './support/dueCampaign.js';
import { startChildDispatcher } from './support/childDispatcher.js';
import { MONDAY_10H } from './support/seed.js';

const RECIPIENTS = 300;
/** The connector stops answering at this arrival, so the kill lands with sends in flight. */
const KILL_AT_ARRIVAL = 120;

async function allDeliveries(store: Store, campaignId: string): Promise<Delivery[]> {
  return store.deliveries.list(campaignId, { limit: RECIPIENTS + 1 });
}

function conversationOf(delivery: Delivery): string {
  return `conv-${delivery.userId!.split('user-')[1]!}`;
}

for (const kind of STORE_KINDS) describeCrash(kind);

function describeCrash(kind: StoreKind): void {
  describe(`dispatcher killed mid-campaign (${kind})`, function () {
    // The MongoDB test server answers each operation in about 2.5 ms (in-process SQLite in
    // microseconds), so the same campaign takes about three times as long there.
    this.timeout(kind === 'mongodb' ? 90_000 : 30_000);
    let due: DueCampaign | undefined;

    afterEach(async () => {
      await due?.dispose();
      due = undefined;
    });

    it('never sends twice, loses nothing, and records interrupted sends as unknown', async function () {
      let answering = true;
      let arrivedAtKill!: () => void;
      const killPoint = new Promise<void>((resolve) => (arrivedAtKill = resolve));
      due = await dueCampaignIn(await freshStorage(kind, this), {
        recipients: RECIPIENTS,
        onActivity: (_activity, index) => {
          if (index + 1 === KILL_AT_ARRIVAL) {
            answering = false;
            arrivedAtKill();
          }
          // Unanswered requests stay in flight until the kill cuts them.
          return answering ? undefined : new Promise<void>(() => undefined);
        },
      });
      const { storage, store, connector, campaign } = due;

      const first = startChildDispatcher({
        storageEnv: storage.env,
        nowIso: MONDAY_10H.toISO()!,
        workerId: 'a',
        batchSize: 50,
      });
      await killPoint;
      first.process.kill('SIGKILL');
      const killed = await first.exited;
      assert.equal(killed.signal, 'SIGKILL');

      const atKill = await allDeliveries(store, campaign.id);
      const sendingAtKill = atKill.filter((d) => d.status === 'sending');
      assert.ok(sendingAtKill.length >= 1, 'the held request left its delivery in sending');
      assert.ok(
        atKill.some((d) => d.status === 'pending'),
        'the campaign was cut mid-way',
      );
      const receivedBeforeRestart = connector.received.length;
      answering = true;

      // Past the dead process's claims (10 min), so its `sending` rows are recognised as stale.
      const second = startChildDispatcher({
        storageEnv: storage.env,
        nowIso: MONDAY_10H.plus({ minutes: 11 }).toISO()!,
        workerId: 'b',
        batchSize: 50,
      });
      const finished = await second.exited;
      assert.equal(finished.code, 0);
      assert.equal(finished.result!.summary.recoveredUnknown, sendingAtKill.length);

      const final = await allDeliveries(store, campaign.id);
      assert.equal(final.length, RECIPIENTS, 'no delivery lost');
      const counts = connector.countsByConversation();
      for (const [conversation, count] of counts) {
        assert.equal(count, 1, `${conversation} received the message ${count} times`);
      }
      for (const d of final) {
        assert.ok(
          ['sent', 'unknown', 'failed', 'pending'].includes(d.status),
          `${d.id} is ${d.status}`,
        );
        if (d.status === 'sent')
          assert.equal(counts.get(conversationOf(d)), 1, `${d.id} sent once`);
      }
      const resentAfterRestart = new Set(
        connector.received.slice(receivedBeforeRestart).map((a) => a.conversationId),
      );
      for (const d of sendingAtKill) {
        const now = final.find((f) => f.id === d.id)!;
        assert.equal(now.status, 'unknown', `${d.id} was mid-send at the kill`);
        assert.ok(!resentAfterRestart.has(conversationOf(d)), `${d.id} was sent again`);
      }
      const byStatus = (s: string) => final.filter((d) => d.status === s).length;
      assert.equal(byStatus('unknown'), sendingAtKill.length);
      assert.equal(byStatus('sent'), RECIPIENTS - sendingAtKill.length);
    });
  });
}
