import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { writeWithoutBlocking } from './writeWithoutBlocking.js';

/**
 * botbuilder Storage on the `bot_state` table, with MemoryStorage's eTag contract: an item
 * written with eTag '*' or none overwrites; a matching eTag replaces; a stale one is refused
 * with an Error; every write stores a fresh eTag. A batch is all-or-nothing.
 */
export class SqliteBotStorage implements Storage {
  constructor(private readonly db: Database) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    const select = this.db.prepare('SELECT etag, document FROM bot_state WHERE key = ?');
    for (const key of keys) {
      const row = select.get(key) as { etag: string; document: string } | undefined;
      if (row) items[key] = { ...(JSON.parse(row.document) as StoreItem), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const currentETag = this.db.prepare('SELECT etag FROM bot_state WHERE key = ?').pluck();
    const save = this.db.prepare(
      `INSERT INTO bot_state (key, etag, document) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, document = excluded.document`,
    );
    await writeWithoutBlocking(this.db, () => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...document } = item as StoreItem;
        const stored = currentETag.get(key) as string | undefined;
        if (stored !== undefined && eTag && eTag !== '*' && eTag !== stored) {
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        }
        save.run(key, randomUUID(), JSON.stringify(document));
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    const remove = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    await writeWithoutBlocking(this.db, () => {
      for (const key of keys) remove.run(key);
    });
  }
}
