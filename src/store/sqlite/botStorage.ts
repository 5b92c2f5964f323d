import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { StateItem, StateItems, StateStorage } from '../Store.js';
import { writeWithoutBlocking } from './writeWithoutBlocking.js';

/**
 * Conversation state on the `bot_state` table, with MemoryStorage's eTag contract: an item
 * written with eTag '*' or none overwrites; a matching eTag replaces; a stale one is refused
 * with an Error; every write stores a fresh eTag. A batch is all-or-nothing.
 */
export class SqliteBotStorage implements StateStorage {
  constructor(private readonly db: Database) {}

  async read(keys: string[]): Promise<StateItems> {
    const items: StateItems = {};
    const select = this.db.prepare('SELECT etag, document FROM bot_state WHERE key = ?');
    for (const key of keys) {
      const row = select.get(key) as { etag: string; document: string } | undefined;
      if (row) items[key] = { ...(JSON.parse(row.document) as StateItem), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StateItems): Promise<void> {
    const currentETag = this.db.prepare('SELECT etag FROM bot_state WHERE key = ?').pluck();
    const save = this.db.prepare(
      `INSERT INTO bot_state (key, etag, document) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, document = excluded.document`,
    );
    await writeWithoutBlocking(this.db, () => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...document } = item as StateItem;
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
