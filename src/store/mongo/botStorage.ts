import { randomUUID } from 'node:crypto';
import type { StateItem, StateItems, StateStorage } from '../Store.js';
import type { Collections } from './collections.js';
import { isDuplicateKey } from './duplicateKey.js';

function conflict(key: string): Error {
  return new Error(`Storage: error writing "${key}" due to eTag conflict.`);
}

/**
 * Conversation state on the `botState` collection, with MemoryStorage's eTag contract: an item
 * written with eTag '*' or none overwrites; a matching eTag replaces; a stale one is refused
 * with an Error; every write stores a fresh eTag. Each key is written atomically on its own.
 */
export class MongoBotStorage implements StateStorage {
  constructor(private readonly c: Collections) {}

  async read(keys: string[]): Promise<StateItems> {
    const items: StateItems = {};
    if (keys.length === 0) return items;
    const docs = await this.c.botState.find({ _id: { $in: keys } }).toArray();
    for (const doc of docs)
      items[doc._id] = { ...(JSON.parse(doc.json) as StateItem), eTag: doc.eTag };
    return items;
  }

  async write(changes: StateItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...document } = item as StateItem;
      const stored = { eTag: randomUUID(), json: JSON.stringify(document) };
      if (!eTag || eTag === '*') {
        await this.c.botState.updateOne({ _id: key }, { $set: stored }, { upsert: true });
        continue;
      }
      const replaced = await this.c.botState.updateOne({ _id: key, eTag }, { $set: stored });
      if (replaced.matchedCount === 1) continue;
      // No match: either the item is gone (MemoryStorage then writes it) or its eTag moved on.
      try {
        await this.c.botState.insertOne({ _id: key, ...stored });
      } catch (error) {
        if (isDuplicateKey(error)) throw conflict(key);
        throw error;
      }
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.c.botState.deleteMany({ _id: { $in: keys } });
  }
}
