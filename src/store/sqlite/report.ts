import type { Database } from 'better-sqlite3';
import type { DeliveryStatus } from '../../domain/delivery.js';
import type {
  CampaignReport,
  CountByReason,
  LinkClicks,
  ReminderFigures,
  TimeBucket,
} from '../../domain/report.js';
import type { GroupedFunnel } from '../../domain/groupedFunnel.js';
import type { ProfileAttribute } from '../../domain/recipientProfile.js';
import { funnelByAttribute } from './funnelByAttribute.js';
import {
  UNSPECIFIED_REASON,
  zeroStatusCounts,
  type ReportStore,
} from '../../application/ports/repositories.js';

const HOUR_MS = 3_600_000;

/** Every figure comes from a GROUP BY in SQLite; no delivery or click row is loaded. */
export class SqliteReport implements ReportStore {
  constructor(private readonly db: Database) {}

  async campaignReport(campaignId: string): Promise<CampaignReport> {
    const byStatus = zeroStatusCounts();
    const statusRows = this.db
      .prepare(
        `SELECT status, COUNT(*) AS count, COUNT(read_at) AS read
         FROM deliveries WHERE campaign_id = ? AND reminder_number = 0 GROUP BY status`,
      )
      .all(campaignId) as { status: DeliveryStatus; count: number; read: number }[];
    let recipients = 0;
    for (const row of statusRows) {
      byStatus[row.status] = row.count;
      recipients += row.count;
    }
    const clickTotals = this.db
      .prepare(
        `SELECT COUNT(*) AS totalClicks, COUNT(DISTINCT delivery_id) AS distinctClickers
         FROM clicks WHERE campaign_id = ?`,
      )
      .get(campaignId) as { totalClicks: number; distinctClickers: number };
    return {
      campaignId,
      recipients,
      byStatus,
      read: statusRows.find((r) => r.status === 'sent')?.read ?? 0,
      acknowledged: this.acknowledged(campaignId),
      failedByReason: this.countByReason(campaignId, 'failed'),
      unscheduledByReason: this.countByReason(campaignId, 'unscheduled'),
      pendingByReason: this.countByReason(campaignId, 'pending').filter(
        (r) => r.reason !== UNSPECIFIED_REASON,
      ),
      distinctClickers: clickTotals.distinctClickers,
      totalClicks: clickTotals.totalClicks,
      clicksPerLink: this.clicksPerLink(campaignId),
      timeline: this.timeline(campaignId),
      reminders: this.reminders(campaignId),
    };
  }

  async funnelBy(campaignId: string, attribute: ProfileAttribute): Promise<GroupedFunnel> {
    return funnelByAttribute(this.db, campaignId, attribute);
  }

  /**
   * From the partial index of acknowledged rows alone, named: with a few more columns on the
   * table the planner's estimate would pick the (campaign, email) index and read every row.
   */
  private acknowledged(campaignId: string): number {
    return this.db
      .prepare(
        `SELECT COUNT(*) FROM deliveries INDEXED BY deliveries_acknowledged
           WHERE campaign_id = ? AND acknowledged_at IS NOT NULL`,
      )
      .pluck()
      .get(campaignId) as number;
  }

  /**
   * A read receipt covers every message sent before it, so a reminder marked read means a read
   * after it; a click or an acknowledgement counts when it came at or after the recipient's
   * first reminder.
   */
  private reminders(campaignId: string): ReminderFigures {
    const sent = this.db
      .prepare(
        `SELECT COUNT(*) AS sent, COUNT(DISTINCT reminder_of) AS recipients,
                COUNT(DISTINCT CASE WHEN read_at IS NOT NULL THEN reminder_of END) AS readAfter
         FROM deliveries
         WHERE campaign_id = ? AND reminder_number > 0 AND status = 'sent'`,
      )
      .get(campaignId) as Pick<ReminderFigures, 'sent' | 'recipients' | 'readAfter'>;
    const clickedAfter = this.db
      .prepare(
        `SELECT COUNT(DISTINCT r.reminder_of) FROM deliveries r
         JOIN clicks c ON c.delivery_id = r.reminder_of AND c.at >= r.sent_at
         WHERE r.campaign_id = ? AND r.reminder_number = 1 AND r.status = 'sent'`,
      )
      .pluck()
      .get(campaignId) as number;
    const acknowledgedAfter = this.db
      .prepare(
        `SELECT COUNT(*) FROM deliveries r
         JOIN deliveries o ON o.id = r.reminder_of AND o.acknowledged_at >= r.sent_at
         WHERE r.campaign_id = ? AND r.reminder_number = 1 AND r.status = 'sent'`,
      )
      .pluck()
      .get(campaignId) as number;
    return { ...sent, clickedAfter, acknowledgedAfter };
  }

  /** Most frequent reason first. */
  private countByReason(campaignId: string, status: DeliveryStatus): CountByReason[] {
    return this.db
      .prepare(
        `SELECT COALESCE(reason, @unspecified) AS reason, COUNT(*) AS count
         FROM deliveries
         WHERE campaign_id = @campaignId AND reminder_number = 0 AND status = @status
         GROUP BY 1 ORDER BY count DESC, reason`,
      )
      .all({ campaignId, status, unspecified: UNSPECIFIED_REASON }) as CountByReason[];
  }

  /** Most clicked link first. */
  private clicksPerLink(campaignId: string): LinkClicks[] {
    return this.db
      .prepare(
        `SELECT url, COUNT(*) AS clicks, COUNT(DISTINCT delivery_id) AS distinctRecipients
         FROM clicks WHERE campaign_id = ?
         GROUP BY url ORDER BY clicks DESC, url`,
      )
      .all(campaignId) as LinkClicks[];
  }

  /** Only hours with at least one send or click appear; integer division floors to the UTC hour. */
  private timeline(campaignId: string): TimeBucket[] {
    return this.db
      .prepare(
        `SELECT hourStart, SUM(sends) AS sends, SUM(clicks) AS clicks FROM (
           SELECT (sent_at / ${HOUR_MS}) * ${HOUR_MS} AS hourStart, 1 AS sends, 0 AS clicks
           FROM deliveries
           WHERE campaign_id = @campaignId AND reminder_number = 0 AND sent_at IS NOT NULL
           UNION ALL
           SELECT (at / ${HOUR_MS}) * ${HOUR_MS}, 0, 1
           FROM clicks WHERE campaign_id = @campaignId)
         GROUP BY hourStart ORDER BY hourStart`,
      )
      .all({ campaignId }) as TimeBucket[];
  }
}
