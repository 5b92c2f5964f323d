import type { Click, LinkToken } from '../../domain/tracking.js';
import type { TrackingStore } from '../../application/ports/repositories.js';
import type { Collections } from './collections.js';
import { onlyDuplicateKeys } from './duplicateKey.js';

export class MongoTracking implements TrackingStore {
  constructor(private readonly c: Collections) {}

  /** Saving a token twice is harmless: the first copy stays. */
  async saveTokens(tokens: LinkToken[]): Promise<void> {
    if (tokens.length === 0) return;
    const docs = tokens.map(({ token, ...fields }) => ({ _id: token, ...fields }));
    try {
      await this.c.linkTokens.insertMany(docs, { ordered: false });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }

  async findToken(token: string): Promise<LinkToken | null> {
    const doc = await this.c.linkTokens.findOne({ _id: token });
    if (!doc) return null;
    return { token: doc._id, campaignId: doc.campaignId, deliveryId: doc.deliveryId, url: doc.url };
  }

  async recordClicks(clicks: Click[]): Promise<void> {
    if (clicks.length === 0) return;
    // Copies: insertMany would otherwise add the generated _id to the callers' objects.
    await this.c.clicks.insertMany(clicks.map((click) => ({ ...click })));
  }

  /** Deliveries without clicks are absent from the map. */
  async clicksByDelivery(deliveryIds: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (deliveryIds.length === 0) return counts;
    const rows = await this.c.clicks
      .aggregate<{ _id: string; clicks: number }>([
        { $match: { deliveryId: { $in: [...new Set(deliveryIds)] } } },
        { $group: { _id: '$deliveryId', clicks: { $sum: 1 } } },
      ])
      .toArray();
    for (const row of rows) counts.set(row._id, row.clicks);
    return counts;
  }
}
