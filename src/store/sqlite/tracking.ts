import type { Database, Statement } from 'better-sqlite3';
import { statementCache } from './statementCache.js';
import { writeWithoutBlocking } from './writeWithoutBlocking.js';
import type { Click, LinkToken } from '../../domain/tracking.js';
import type { TrackingStore } from '../../application/ports/repositories.js';

const IN_CLAUSE_SLICE = 500;

export class SqliteTracking implements TrackingStore {
  private readonly prepared: (sql: string) => Statement;

  constructor(private readonly db: Database) {
    this.prepared = statementCache(db);
  }

  /** Saving a token twice is harmless: the first copy stays. */
  async saveTokens(tokens: LinkToken[]): Promise<void> {
    const statement = this.prepared(
      `INSERT INTO link_tokens (token, campaign_id, delivery_id, url)
       VALUES (@token, @campaignId, @deliveryId, @url)
       ON CONFLICT (token) DO NOTHING`,
    );
    await writeWithoutBlocking(this.db, () => {
      for (const token of tokens) statement.run(token);
    });
  }

  async findToken(token: string): Promise<LinkToken | null> {
    const row = this.prepared(
      `SELECT token, campaign_id AS campaignId, delivery_id AS deliveryId, url
         FROM link_tokens WHERE token = ?`,
    ).get(token) as LinkToken | undefined;
    return row ?? null;
  }

  async recordClicks(clicks: Click[]): Promise<void> {
    if (clicks.length === 0) return;
    const statement = this.prepared(
      `INSERT INTO clicks (token, campaign_id, delivery_id, url, at)
         VALUES (@token, @campaignId, @deliveryId, @url, @at)`,
    );
    await writeWithoutBlocking(this.db, () => {
      for (const click of clicks) statement.run(click);
    });
  }

  /** Deliveries without clicks are absent from the map. */
  async clicksByDelivery(deliveryIds: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const ids = [...new Set(deliveryIds)];
    for (let start = 0; start < ids.length; start += IN_CLAUSE_SLICE) {
      const slice = ids.slice(start, start + IN_CLAUSE_SLICE);
      const rows = this.prepared(
        `SELECT delivery_id AS deliveryId, COUNT(*) AS clicks FROM clicks
           WHERE delivery_id IN (${slice.map(() => '?').join(', ')})
           GROUP BY delivery_id`,
      ).all(...slice) as { deliveryId: string; clicks: number }[];
      for (const row of rows) counts.set(row.deliveryId, row.clicks);
    }
    return counts;
  }
}
