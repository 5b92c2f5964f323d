import type { Database, Statement } from 'better-sqlite3';
import type { Delivery } from '../../domain/delivery.js';
import {
  addRevisionCount,
  RECALLED_REASON,
  zeroRevisionCounts,
  type CampaignRevision,
  type RevisionCounts,
  type RevisionStatus,
} from '../../domain/revision.js';
import type { RevisionSettlement, RevisionStore } from '../../application/ports/repositories.js';
import { toDelivery, type DeliveryRow } from './deliveries.js';
import { statementCache } from './statementCache.js';
import { writeWithoutBlocking } from './writeWithoutBlocking.js';

/** Sent messages still to revise, as the partial index deliveries_revision_todo states it. */
const TODO = `status = 'sent' AND revision IS NULL`;
const APPLYING = `revision = 'applying'`;
/** Messages held by a worker, as the partial index deliveries_revision_claimed states it. */
const CLAIMED = `revision_claimed_by IS NOT NULL`;

export class SqliteRevisions implements RevisionStore {
  private readonly prepared: (sql: string) => Statement;

  constructor(private readonly db: Database) {
    this.prepared = statementCache(db);
  }

  async start(campaignId: string, revision: CampaignRevision): Promise<boolean> {
    const result = this.prepared(
      `UPDATE campaigns SET revision = @revision, message = COALESCE(@message, message),
         updated_at = @at
         WHERE id = @id AND status IN ('running', 'finished') AND revision IS NULL`,
    ).run({
      id: campaignId,
      revision: JSON.stringify(revision),
      message: revision.message ?? null,
      at: revision.at,
    });
    return result.changes === 1;
  }

  async listOpen(): Promise<string[]> {
    return this.prepared(
      `SELECT id FROM campaigns
         WHERE revision IS NOT NULL AND json_extract(revision, '$.completedAt') IS NULL
         ORDER BY id`,
    )
      .pluck()
      .all() as string[];
  }

  async complete(campaignId: string, at: number): Promise<boolean> {
    const result = this.prepared(
      `UPDATE campaigns SET revision = json_set(revision, '$.completedAt', @at)
         WHERE id = @id AND revision IS NOT NULL
           AND json_extract(revision, '$.completedAt') IS NULL`,
    ).run({ id: campaignId, at });
    return result.changes === 1;
  }

  /** One UPDATE … RETURNING in an IMMEDIATE transaction, as the dispatcher's claim. */
  async claimDue(
    campaignIds: string[],
    now: number,
    limit: number,
    workerId: string,
    claimUntil: number,
  ): Promise<Delivery[]> {
    if (campaignIds.length === 0 || limit <= 0) return [];
    const claim = this.db.prepare(
      `UPDATE deliveries
         SET revision_claimed_by = ?, revision_claimed_until = ?
         WHERE id IN (
           SELECT id FROM deliveries
           WHERE campaign_id IN (${campaignIds.map(() => '?').join(', ')}) AND ${TODO}
             AND (revision_claimed_until IS NULL OR revision_claimed_until < ?)
           ORDER BY id
           LIMIT ?)
         RETURNING *`,
    );
    const rows = await writeWithoutBlocking(
      this.db,
      () => claim.all(workerId, claimUntil, ...campaignIds, now, limit) as DeliveryRow[],
    );
    return rows.map(toDelivery).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async markApplying(ids: string[], workerId: string, now: number): Promise<boolean[]> {
    const mark = this.prepared(
      `UPDATE deliveries SET revision = 'applying', updated_at = @now
         WHERE id = @id AND status = 'sent' AND revision IS NULL AND revision_claimed_by = @workerId`,
    );
    return writeWithoutBlocking(this.db, () =>
      ids.map((id) => mark.run({ id, workerId, now }).changes === 1),
    );
  }

  async settle(
    settlements: RevisionSettlement[],
    workerId: string,
    now: number,
  ): Promise<boolean[]> {
    const close = this.prepared(
      `UPDATE deliveries SET revision = @revision, revision_reason = @reason,
           revision_claimed_by = NULL, revision_claimed_until = NULL, updated_at = @now
         WHERE id = @id AND revision = 'applying' AND revision_claimed_by = @workerId`,
    );
    return writeWithoutBlocking(this.db, () =>
      settlements.map(
        (s) =>
          close.run({ id: s.id, revision: s.revision, reason: s.reason ?? null, workerId, now })
            .changes === 1,
      ),
    );
  }

  /** Its claimed messages still to do, and those it is applying. */
  async renewClaims(workerId: string, claimUntil: number, now: number): Promise<number> {
    const renew = this.prepared(
      `UPDATE deliveries SET revision_claimed_until = @claimUntil
         WHERE ((${TODO}) OR ${APPLYING})
           AND revision_claimed_by = @workerId AND revision_claimed_until >= @now`,
    );
    return writeWithoutBlocking(this.db, () => renew.run({ workerId, claimUntil, now }).changes);
  }

  async markStaleApplyingUnknown(now: number): Promise<number> {
    const markUnknown = this.prepared(
      `UPDATE deliveries SET revision = 'unknown', revision_reason = 'interrupted',
           revision_claimed_by = NULL, revision_claimed_until = NULL, updated_at = @now
         WHERE ${CLAIMED} AND ${APPLYING} AND revision_claimed_until < @now`,
    );
    return writeWithoutBlocking(this.db, () => markUnknown.run({ now }).changes);
  }

  async counts(campaignId: string): Promise<RevisionCounts> {
    const rows = this.prepared(
      `SELECT revision, revision_reason AS reason, COUNT(*) AS count FROM deliveries
         WHERE campaign_id = ? AND status = 'sent'
         GROUP BY revision, revision_reason`,
    ).all(campaignId) as {
      revision: RevisionStatus | null;
      reason: string | null;
      count: number;
    }[];
    const counts = zeroRevisionCounts();
    for (const row of rows) addRevisionCount(counts, row.revision, row.reason, row.count);
    counts.cancelled = this.prepared(
      `SELECT COUNT(*) FROM deliveries
         WHERE campaign_id = ? AND status = 'unscheduled' AND reason = ?`,
    )
      .pluck()
      .get(campaignId, RECALLED_REASON) as number;
    return counts;
  }

  async openWork(campaignId: string, now: number): Promise<number> {
    return this.prepared(
      `SELECT COUNT(*) FROM deliveries
         WHERE campaign_id = @campaignId
           AND ((${TODO}) OR ${APPLYING} OR status = 'sending'
             OR (status = 'pending' AND claimed_until >= @now))`,
    )
      .pluck()
      .get({ campaignId, now }) as number;
  }
}
