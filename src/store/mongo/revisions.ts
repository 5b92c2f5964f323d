import type { Filter } from 'mongodb';
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
import { claimByMarker } from './claimByMarker.js';
import type { CampaignDoc, Collections, DeliveryDoc } from './collections.js';
import { toDelivery } from './deliveries.js';

/** A sent message still to revise or under way. */
const OPEN: Filter<DeliveryDoc> = {
  status: 'sent',
  $or: [{ revision: { $exists: false } }, { revision: 'applying' }],
};

const OPEN_REVISION: Filter<CampaignDoc> = {
  revision: { $exists: true },
  'revision.completedAt': { $exists: false },
};

export class MongoRevisions implements RevisionStore {
  constructor(private readonly c: Collections) {}

  /** One conditional update of the campaign document: of two admins confirming, one wins. */
  async start(campaignId: string, revision: CampaignRevision): Promise<boolean> {
    const result = await this.c.campaigns.updateOne(
      { _id: campaignId, status: { $in: ['running', 'finished'] }, revision: { $exists: false } },
      {
        $set: {
          revision,
          updatedAt: revision.at,
          ...(revision.message === undefined ? {} : { message: revision.message }),
        },
      },
    );
    return result.matchedCount === 1;
  }

  async listOpen(): Promise<string[]> {
    const docs = await this.c.campaigns
      .find(OPEN_REVISION, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray();
    return docs.map((doc) => doc._id);
  }

  async complete(campaignId: string, at: number): Promise<boolean> {
    const result = await this.c.campaigns.updateOne(
      { _id: campaignId, ...OPEN_REVISION },
      { $set: { 'revision.completedAt': at } },
    );
    return result.modifiedCount === 1;
  }

  /** Through claimByMarker: of two workers racing for a message, only one wins it. */
  async claimDue(
    campaignIds: string[],
    now: number,
    limit: number,
    workerId: string,
    claimUntil: number,
  ): Promise<Delivery[]> {
    if (campaignIds.length === 0 || limit <= 0) return [];
    const docs = await claimByMarker(
      this.c.deliveries,
      {
        campaignId: { $in: campaignIds },
        status: 'sent',
        revision: { $exists: false },
        revisionClaimedUntil: { $not: { $gte: now } },
      },
      (claimId) => ({
        $set: { revisionClaimedBy: workerId, revisionClaimedUntil: claimUntil, claimId },
      }),
      limit,
    );
    return docs.map(toDelivery).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  markApplying(ids: string[], workerId: string, now: number): Promise<boolean[]> {
    return Promise.all(
      ids.map(async (id) => {
        const result = await this.c.deliveries.updateOne(
          { _id: id, status: 'sent', revision: { $exists: false }, revisionClaimedBy: workerId },
          { $set: { revision: 'applying', updatedAt: now } },
        );
        return result.matchedCount === 1;
      }),
    );
  }

  settle(settlements: RevisionSettlement[], workerId: string, now: number): Promise<boolean[]> {
    return Promise.all(
      settlements.map(async (s) => {
        const result = await this.c.deliveries.updateOne(
          { _id: s.id, revision: 'applying', revisionClaimedBy: workerId },
          {
            $set: {
              revision: s.revision,
              updatedAt: now,
              ...(s.reason === undefined ? {} : { revisionReason: s.reason }),
            },
            $unset: { revisionClaimedBy: '', revisionClaimedUntil: '' },
          },
        );
        return result.matchedCount === 1;
      }),
    );
  }

  async renewClaims(workerId: string, claimUntil: number, now: number): Promise<number> {
    const result = await this.c.deliveries.updateMany(
      { ...OPEN, revisionClaimedBy: workerId, revisionClaimedUntil: { $gte: now } },
      { $set: { revisionClaimedUntil: claimUntil } },
    );
    return result.modifiedCount;
  }

  async markStaleApplyingUnknown(now: number): Promise<number> {
    const result = await this.c.deliveries.updateMany(
      {
        revisionClaimedBy: { $exists: true },
        revision: 'applying',
        revisionClaimedUntil: { $lt: now },
      },
      {
        $set: { revision: 'unknown', revisionReason: 'interrupted', updatedAt: now },
        $unset: { revisionClaimedBy: '', revisionClaimedUntil: '' },
      },
    );
    return result.modifiedCount;
  }

  async counts(campaignId: string): Promise<RevisionCounts> {
    const rows = await this.c.deliveries
      .aggregate<{
        _id: { revision?: RevisionStatus; reason?: string };
        count: number;
      }>([
        { $match: { campaignId, status: 'sent' } },
        {
          $group: {
            _id: { revision: '$revision', reason: '$revisionReason' },
            count: { $sum: 1 },
          },
        },
      ])
      .toArray();
    const counts = zeroRevisionCounts();
    for (const row of rows) {
      addRevisionCount(counts, row._id.revision ?? null, row._id.reason ?? null, row.count);
    }
    counts.cancelled = await this.c.deliveries.countDocuments({
      campaignId,
      status: 'unscheduled',
      reason: RECALLED_REASON,
    });
    return counts;
  }

  openWork(campaignId: string, now: number): Promise<number> {
    return this.c.deliveries.countDocuments({
      campaignId,
      $or: [OPEN, { status: 'sending' }, { status: 'pending', claimedUntil: { $gte: now } }],
    });
  }
}
