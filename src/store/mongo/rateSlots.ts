import type { SendRateStore } from '../../application/ports/repositories.js';
import type { Collections } from './collections.js';
import { isDuplicateKey } from './duplicateKey.js';

/**
 * Cluster-wide request slots: one document per key holding its next free slot. An idle key
 * (most conversations: one message per campaign) costs one conditional upsert; a busy one is
 * advanced by compare-and-set (a filter on the value read). Both work on every MongoDB and
 * Cosmos DB version. A caller that loses a race reads again; each process has at most one
 * reservation per key in flight (ClusterPacer), so races are between processes only.
 */
export class MongoRateSlots implements SendRateStore {
  constructor(private readonly c: Collections) {}

  async reserve(key: string, intervalMs: number, count: number, now: number): Promise<number> {
    const span = intervalMs * count;
    if (await this.takeIdle(key, now, span)) return now;
    for (;;) {
      const current = await this.c.rateSlots.findOne({ _id: key });
      if (current === null) {
        if (await this.takeIdle(key, now, span)) return now;
        continue;
      }
      const first = Math.max(current.nextAt, now);
      const won = await this.c.rateSlots.updateOne(
        { _id: key, nextAt: current.nextAt },
        { $set: { nextAt: first + span } },
      );
      if (won.modifiedCount === 1) return first;
    }
  }

  /**
   * Takes the slots from `now` when the key has none pending (or does not exist yet). A busy key
   * does not match, so the upsert tries an insert that its _id refuses.
   */
  private async takeIdle(key: string, now: number, span: number): Promise<boolean> {
    try {
      await this.c.rateSlots.updateOne(
        { _id: key, nextAt: { $lte: now } },
        { $set: { nextAt: now + span } },
        { upsert: true },
      );
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }
}
