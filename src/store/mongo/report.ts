import type { Collection, Document } from 'mongodb';
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
import { isSet } from './isSet.js';
import type { Collections } from './collections.js';
import { ORIGINALS } from './deliveries.js';
import {
  UNSPECIFIED_REASON,
  zeroStatusCounts,
  type ReportStore,
} from '../../application/ports/repositories.js';

const HOUR_MS = 3_600_000;

/** Start of the UTC hour holding the epoch-ms field `field`. */
function hourOf(field: string) {
  return { $subtract: [field, { $mod: [field, HOUR_MS] }] };
}

/** Every figure comes from an aggregation pipeline; no delivery or click is loaded. */
export class MongoReport implements ReportStore {
  constructor(private readonly c: Collections) {}

  async campaignReport(campaignId: string): Promise<CampaignReport> {
    const [
      statusRows,
      clickTotals,
      failedByReason,
      unscheduledByReason,
      pendingByReason,
      clicksPerLink,
      timeline,
      reminders,
    ] = await Promise.all([
      this.statusRows(campaignId),
      this.clickTotals(campaignId),
      this.countByReason(campaignId, 'failed'),
      this.countByReason(campaignId, 'unscheduled'),
      this.countByReason(campaignId, 'pending'),
      this.clicksPerLink(campaignId),
      this.timeline(campaignId),
      this.reminders(campaignId),
    ]);
    const byStatus = zeroStatusCounts();
    let recipients = 0;
    let acknowledged = 0;
    for (const row of statusRows) {
      byStatus[row._id] = row.count;
      recipients += row.count;
      acknowledged += row.acknowledged;
    }
    return {
      campaignId,
      recipients,
      byStatus,
      read: statusRows.find((r) => r._id === 'sent')?.read ?? 0,
      acknowledged,
      failedByReason,
      unscheduledByReason,
      pendingByReason: pendingByReason.filter((r) => r.reason !== UNSPECIFIED_REASON),
      distinctClickers: clickTotals?.distinctClickers ?? 0,
      totalClicks: clickTotals?.totalClicks ?? 0,
      clicksPerLink,
      timeline,
      reminders,
    };
  }

  /**
   * A read receipt covers every message sent before it, so a reminder marked read means a read
   * after it; a click or an acknowledgement counts when it came at or after the recipient's
   * first reminder.
   */
  private async reminders(campaignId: string): Promise<ReminderFigures> {
    const sentReminders = { campaignId, reminderOf: { $exists: true }, status: 'sent' as const };
    const [[sent], [clicked], [acknowledged]] = await Promise.all([
      this.c.deliveries
        .aggregate<Pick<ReminderFigures, 'sent' | 'recipients' | 'readAfter'>>([
          { $match: sentReminders },
          {
            $group: {
              _id: '$reminderOf',
              sent: { $sum: 1 },
              read: { $max: isSet('$readAt') },
            },
          },
          {
            $group: {
              _id: null,
              sent: { $sum: '$sent' },
              recipients: { $sum: 1 },
              readAfter: { $sum: '$read' },
            },
          },
          { $project: { _id: 0 } },
        ])
        .toArray(),
      this.c.deliveries
        .aggregate<{ clickedAfter: number }>([
          { $match: { ...sentReminders, reminderNumber: 1 } },
          {
            $lookup: {
              from: this.c.clicks.collectionName,
              localField: 'reminderOf',
              foreignField: 'deliveryId',
              as: 'clicks',
            },
          },
          { $unwind: '$clicks' },
          { $project: { reminderOf: 1, after: { $subtract: ['$clicks.at', '$sentAt'] } } },
          { $match: { after: { $gte: 0 } } },
          { $group: { _id: '$reminderOf' } },
          { $group: { _id: null, clickedAfter: { $sum: 1 } } },
        ])
        .toArray(),
      this.c.deliveries
        .aggregate<{ acknowledgedAfter: number }>([
          { $match: { ...sentReminders, reminderNumber: 1 } },
          {
            $lookup: {
              from: this.c.deliveries.collectionName,
              localField: 'reminderOf',
              foreignField: '_id',
              as: 'original',
            },
          },
          { $unwind: '$original' },
          { $project: { after: { $subtract: ['$original.acknowledgedAt', '$sentAt'] } } },
          { $match: { after: { $gte: 0 } } },
          { $group: { _id: null, acknowledgedAfter: { $sum: 1 } } },
        ])
        .toArray(),
    ]);
    return {
      sent: sent?.sent ?? 0,
      recipients: sent?.recipients ?? 0,
      readAfter: sent?.readAfter ?? 0,
      clickedAfter: clicked?.clickedAfter ?? 0,
      acknowledgedAfter: acknowledged?.acknowledgedAfter ?? 0,
    };
  }

  async funnelBy(campaignId: string, attribute: ProfileAttribute): Promise<GroupedFunnel> {
    return funnelByAttribute(this.c, campaignId, attribute);
  }

  private statusRows(campaignId: string) {
    return this.c.deliveries
      .aggregate<{ _id: DeliveryStatus; count: number; read: number; acknowledged: number }>([
        { $match: { campaignId, ...ORIGINALS } },
        {
          $group: {
            _id: '$status',
            count: { $sum: 1 },
            read: { $sum: isSet('$readAt') },
            acknowledged: { $sum: isSet('$acknowledgedAt') },
          },
        },
      ])
      .toArray();
  }

  private async clickTotals(campaignId: string) {
    const [totals] = await this.c.clicks
      .aggregate<{ distinctClickers: number; totalClicks: number }>([
        { $match: { campaignId } },
        { $group: { _id: '$deliveryId', clicks: { $sum: 1 } } },
        { $group: { _id: null, distinctClickers: { $sum: 1 }, totalClicks: { $sum: '$clicks' } } },
      ])
      .toArray();
    return totals;
  }

  /** Most frequent reason first. */
  private countByReason(campaignId: string, status: DeliveryStatus): Promise<CountByReason[]> {
    return this.c.deliveries
      .aggregate<CountByReason>([
        { $match: { campaignId, status, ...ORIGINALS } },
        { $group: { _id: { $ifNull: ['$reason', UNSPECIFIED_REASON] }, count: { $sum: 1 } } },
        { $sort: { count: -1, _id: 1 } },
        { $project: { _id: 0, reason: '$_id', count: 1 } },
      ])
      .toArray();
  }

  /** Most clicked link first. */
  private clicksPerLink(campaignId: string): Promise<LinkClicks[]> {
    return this.c.clicks
      .aggregate<LinkClicks>([
        { $match: { campaignId } },
        { $group: { _id: { url: '$url', deliveryId: '$deliveryId' }, clicks: { $sum: 1 } } },
        {
          $group: { _id: '$_id.url', clicks: { $sum: '$clicks' }, distinctRecipients: { $sum: 1 } },
        },
        { $sort: { clicks: -1, _id: 1 } },
        { $project: { _id: 0, url: '$_id', clicks: 1, distinctRecipients: 1 } },
      ])
      .toArray();
  }

  /**
   * Only hours with at least one send or click appear. Two hourly aggregations merged here
   * rather than one `$unionWith` pipeline: `$unionWith` needs MongoDB 4.4 and is missing from
   * Azure Cosmos DB for MongoDB and from the test server; each side is still aggregated in the
   * database, and at most one row per hour crosses the wire.
   */
  private async timeline(campaignId: string): Promise<TimeBucket[]> {
    const [sends, clicks] = await Promise.all([
      this.perHour(
        this.c.deliveries,
        { campaignId, sentAt: { $ne: null }, ...ORIGINALS },
        '$sentAt',
      ),
      this.perHour(this.c.clicks, { campaignId }, '$at'),
    ]);
    const buckets = new Map<number, TimeBucket>();
    const bucket = (hourStart: number) => {
      let found = buckets.get(hourStart);
      if (!found) buckets.set(hourStart, (found = { hourStart, sends: 0, clicks: 0 }));
      return found;
    };
    for (const row of sends) bucket(row._id).sends = row.count;
    for (const row of clicks) bucket(row._id).clicks = row.count;
    return [...buckets.values()].sort((a, b) => a.hourStart - b.hourStart);
  }

  private perHour<T extends Document>(
    collection: Collection<T>,
    match: Document,
    field: string,
  ): Promise<{ _id: number; count: number }[]> {
    return collection
      .aggregate<{ _id: number; count: number }>([
        { $match: match },
        { $group: { _id: hourOf(field), count: { $sum: 1 } } },
      ])
      .toArray();
  }
}
