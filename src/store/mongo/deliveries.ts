import type { Filter, UpdateFilter } from 'mongodb';
import type { Delivery, DeliveryStatus } from '../../domain/delivery.js';
import type { HoursFallbackReason, RecipientHoursCounts } from '../../domain/recipientHours.js';
import {
  zeroStatusCounts,
  type DeliveryPatch,
  type DeliveryStore,
  type DeliveryTransition,
} from '../../application/ports/repositories.js';
import { claimByMarker } from './claimByMarker.js';
import type { Collections, DeliveryDoc } from './collections.js';
import { onlyDuplicateKeys } from './duplicateKey.js';

/** Another dispatcher may win some of the candidates; a claim call tries this many rounds to fill its limit. */
export function toDelivery(doc: DeliveryDoc): Delivery {
  const { _id, ...fields } = doc;
  delete fields.claimId;
  return { id: _id, ...fields };
}

function toDoc(delivery: Delivery): DeliveryDoc {
  const { id, ...fields } = delivery;
  return { _id: id, ...fields };
}

/** Pending, due, and not held by a live claim. `$not: {$gte}` also matches a missing claimedUntil. */
function claimable(now: number): Filter<DeliveryDoc> {
  return { status: 'pending', dueAt: { $lte: now }, claimedUntil: { $not: { $gte: now } } };
}

/** The campaign's audience: its original deliveries, not their reminders. */
export const ORIGINALS: Filter<DeliveryDoc> = { reminderOf: { $exists: false } };

export class MongoDeliveries implements DeliveryStore {
  constructor(private readonly c: Collections) {}

  /** A (campaign, email, message) already present is skipped (unique index, unordered insert). */
  async insert(deliveries: Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    try {
      await this.c.deliveries.insertMany(deliveries.map(toDoc), { ordered: false });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }

  async get(id: string): Promise<Delivery | null> {
    const doc = await this.c.deliveries.findOne({ _id: id });
    return doc ? toDelivery(doc) : null;
  }

  /** Claims through claimByMarker: of two dispatchers racing for a row, only one wins it. */
  async claimDue(
    now: number,
    limit: number,
    workerId: string,
    claimUntil: number,
  ): Promise<Delivery[]> {
    const docs = await claimByMarker(
      this.c.deliveries,
      claimable(now),
      (claimId) => ({
        $set: { claimedBy: workerId, claimedUntil: claimUntil, claimId, updatedAt: now },
      }),
      limit,
    );
    const won = docs.map(toDelivery);
    return won.sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0) || (a.id < b.id ? -1 : 1));
  }

  /** A key present in `patch` with the value undefined clears that field. */
  async transition(
    id: string,
    from: DeliveryStatus,
    patch: DeliveryPatch,
    workerId?: string,
  ): Promise<boolean> {
    const filter: Filter<DeliveryDoc> = { _id: id, status: from };
    if (workerId !== undefined) filter.claimedBy = workerId;
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, ''> = {};
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) $unset[field] = '';
      else $set[field] = value;
    }
    const update: UpdateFilter<DeliveryDoc> = {};
    if (Object.keys($set).length > 0) update.$set = $set;
    if (Object.keys($unset).length > 0) update.$unset = $unset;
    if (Object.keys(update).length === 0) {
      return (await this.c.deliveries.countDocuments(filter, { limit: 1 })) === 1;
    }
    const result = await this.c.deliveries.updateOne(filter, update);
    return result.matchedCount === 1;
  }

  /** MongoDB commits each update on its own anyway; they run side by side. */
  transitionAll(transitions: DeliveryTransition[]): Promise<boolean[]> {
    return Promise.all(transitions.map((t) => this.transition(t.id, t.from, t.patch, t.workerId)));
  }

  /** A `sending` document with no live claim was interrupted: its outcome is unknown, never re-sent. */
  async renewClaims(workerId: string, claimUntil: number, now: number): Promise<number> {
    const result = await this.c.deliveries.updateMany(
      { claimedBy: workerId, status: { $in: ['pending', 'sending'] }, claimedUntil: { $gte: now } },
      { $set: { claimedUntil: claimUntil } },
    );
    return result.modifiedCount;
  }

  countSentSince(since: number): Promise<number> {
    return this.c.deliveries.countDocuments({ sentAt: { $gte: since } });
  }

  async markStaleSendingUnknown(now: number): Promise<number> {
    const result = await this.c.deliveries.updateMany(
      { status: 'sending', claimedUntil: { $not: { $gte: now } } },
      { $set: { status: 'unknown', dueAt: null, updatedAt: now } },
    );
    return result.modifiedCount;
  }

  /**
   * Only `pending` documents: a `sending` one is mid-call and ends as sent, failed or (after a
   * crash) unknown — unscheduling it would hide a message that may well have gone out.
   */
  async unscheduleRemaining(campaignId: string, reason: string, now: number): Promise<number> {
    const result = await this.c.deliveries.updateMany(
      { campaignId, status: 'pending' },
      { $set: { status: 'unscheduled', reason, dueAt: null, updatedAt: now } },
    );
    return result.modifiedCount;
  }

  async countByStatus(campaignId: string): Promise<Record<DeliveryStatus, number>> {
    const rows = await this.c.deliveries
      .aggregate<{ _id: DeliveryStatus; count: number }>([
        { $match: { campaignId, ...ORIGINALS } },
        { $group: { _id: '$status', count: { $sum: 1 } } },
      ])
      .toArray();
    const counts = zeroStatusCounts();
    for (const row of rows) counts[row._id] = row.count;
    return counts;
  }

  async countRecipientHours(campaignId: string): Promise<RecipientHoursCounts> {
    const rows = await this.c.deliveries
      .aggregate<{ _id: { source: string; reason?: HoursFallbackReason | null }; count: number }>([
        { $match: { campaignId, recipientHours: { $exists: true }, ...ORIGINALS } },
        {
          $group: {
            _id: { source: '$recipientHours.source', reason: '$recipientHours.reason' },
            count: { $sum: 1 },
          },
        },
      ])
      .toArray();
    const counts: RecipientHoursCounts = { own: 0, campaign: {} };
    for (const { _id, count } of rows) {
      if (_id.source === 'own') counts.own += count;
      else if (_id.reason) counts.campaign[_id.reason] = count;
    }
    return counts;
  }

  countWaiting(campaignId: string): Promise<number> {
    return this.c.deliveries.countDocuments({
      campaignId,
      status: { $in: ['pending', 'sending'] },
    });
  }

  async remindersSent(originalIds: string[]): Promise<Map<string, number>> {
    const rows = await this.c.deliveries
      .aggregate<{ _id: string; sent: number }>([
        { $match: { reminderOf: { $in: [...new Set(originalIds)] }, status: 'sent' } },
        { $group: { _id: '$reminderOf', sent: { $sum: 1 } } },
      ])
      .toArray();
    return new Map(rows.map((row) => [row._id, row.sent]));
  }

  async nextDueAt(): Promise<number | null> {
    const [doc] = await this.c.deliveries
      .find({ status: 'pending', dueAt: { $ne: null } }, { projection: { dueAt: 1 } })
      .sort({ dueAt: 1 })
      .limit(1)
      .toArray();
    return doc?.dueAt ?? null;
  }

  async markReadUpTo(userId: string, readAt: number): Promise<number> {
    const result = await this.c.deliveries.updateMany(
      { userId, status: 'sent', sentAt: { $lte: readAt }, readAt: { $exists: false } },
      { $set: { readAt } },
    );
    return result.modifiedCount;
  }

  /** One conditional update: of two writers, in this process or another, one matches. */
  async acknowledge(id: string, at: number): Promise<boolean> {
    const result = await this.c.deliveries.updateOne(
      { _id: id, status: 'sent', acknowledgedAt: { $exists: false } },
      { $set: { acknowledgedAt: at } },
    );
    return result.modifiedCount === 1;
  }

  async latestUnacknowledged(userIds: string[], campaignIds: string[]): Promise<Delivery | null> {
    if (userIds.length === 0 || campaignIds.length === 0) return null;
    const [doc] = await this.c.deliveries
      .find({
        userId: { $in: userIds },
        status: 'sent',
        campaignId: { $in: campaignIds },
        acknowledgedAt: { $exists: false },
        // A reminder is acknowledged through its original: the original is what the reply answers.
        ...ORIGINALS,
      })
      .sort({ sentAt: -1, _id: -1 })
      .limit(1)
      .toArray();
    return doc ? toDelivery(doc) : null;
  }

  async list(campaignId: string, page: { afterId?: string; limit: number }): Promise<Delivery[]> {
    if (page.limit <= 0) return []; // Mongo reads limit 0 as "no limit"
    const filter: Filter<DeliveryDoc> = { campaignId, ...ORIGINALS };
    if (page.afterId !== undefined) filter._id = { $gt: page.afterId };
    const docs = await this.c.deliveries.find(filter).sort({ _id: 1 }).limit(page.limit).toArray();
    return docs.map(toDelivery);
  }
}
