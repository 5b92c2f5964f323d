import type { Collection, Db, Filter } from 'mongodb';
import type {
  AppInstallation,
  ClaimedInstallation,
  InstallationFunnel,
  InstallationStatus,
} from '../../domain/installation.js';
import { installationFunnelOf } from '../../domain/installation.js';
import type { DeliveryDoc } from './collections.js';
import { claimByMarker } from './claimByMarker.js';
import type {
  InstallationSettlement,
  InstallationStore,
} from '../../application/ports/repositories.js';

/** `claimId` marks the documents one claim won, so it can read them back. */
type InstallationDoc = Omit<AppInstallation, 'id'> & { _id: string; claimId?: string };

/** Conflicting claims from other processes are retried a few times, then left to the next round. */
function claimable(now: number): Filter<InstallationDoc> {
  return {
    $or: [
      { status: 'waiting', dueAt: { $lte: now } },
      { status: 'installing', claimedUntil: { $lt: now } },
    ],
  };
}

function toInstallation(doc: InstallationDoc): AppInstallation {
  const { _id, ...rest } = doc;
  delete rest.claimId;
  return { id: _id, ...rest };
}

export class MongoInstallations implements InstallationStore {
  private readonly installations: Collection<InstallationDoc>;
  private readonly deliveries: Collection<DeliveryDoc>;

  constructor(db: Db) {
    this.installations = db.collection<InstallationDoc>('appInstallations');
    this.deliveries = db.collection<DeliveryDoc>('deliveries');
  }

  async ensureIndexes(): Promise<void> {
    await this.installations.createIndexes([
      { key: { status: 1, dueAt: 1 }, name: 'status_due' },
      { key: { campaignId: 1, email: 1 }, name: 'campaign_email' },
    ]);
  }

  async insert(installations: AppInstallation[]): Promise<void> {
    if (installations.length === 0) return;
    await this.installations.bulkWrite(
      installations.map(({ id, ...rest }) => ({
        updateOne: { filter: { _id: id }, update: { $setOnInsert: rest }, upsert: true },
      })),
      { ordered: false },
    );
  }

  async claimDue(
    now: number,
    limit: number,
    workerId: string,
    claimUntil: number,
  ): Promise<ClaimedInstallation[]> {
    const won = await claimByMarker(
      this.installations,
      claimable(now),
      (claimId) => ({
        $set: {
          status: 'installing' as const,
          claimedBy: workerId,
          claimedUntil: claimUntil,
          claimId,
          updatedAt: now,
        },
        $inc: { attempts: 1 },
      }),
      limit,
    );
    return this.withDeliveryIds(won.map(toInstallation));
  }

  async noteInstalled(
    notes: Array<{ id: string; alreadyInstalled: boolean }>,
    workerId: string,
  ): Promise<void> {
    if (notes.length === 0) return;
    await this.installations.bulkWrite(
      notes.map((note) => ({
        updateOne: {
          filter: {
            _id: note.id,
            status: 'installing',
            claimedBy: workerId,
            alreadyInstalled: { $exists: false },
          },
          update: { $set: { alreadyInstalled: note.alreadyInstalled } },
        },
      })),
      { ordered: false },
    );
  }

  async settle(
    workerId: string,
    settlements: Array<InstallationSettlement & { id: string }>,
  ): Promise<boolean[]> {
    // One update per settlement: each must say whether it applied.
    return Promise.all(
      settlements.map(async ({ id, ...settlement }) => {
        const $set: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(settlement)) {
          if (value !== undefined) $set[field] = value;
        }
        const $unset: Record<string, ''> = { claimedBy: '', claimedUntil: '', claimId: '' };
        if (settlement.reason === undefined) $unset.reason = '';
        const result = await this.installations.updateOne(
          { _id: id, status: 'installing', claimedBy: workerId },
          { $set, $unset },
        );
        return result.modifiedCount === 1;
      }),
    );
  }

  async exists(id: string): Promise<boolean> {
    return (await this.installations.countDocuments({ _id: id }, { limit: 1 })) > 0;
  }

  async byEmail(campaignId: string, emails: string[]): Promise<Map<string, AppInstallation>> {
    const docs = await this.installations.find({ campaignId, email: { $in: emails } }).toArray();
    return new Map(docs.map((doc) => [doc.email, toInstallation(doc)]));
  }

  async funnel(campaignId: string): Promise<InstallationFunnel> {
    const groups = await this.installations
      .aggregate<{
        _id: {
          status: InstallationStatus;
          reason?: string;
          already?: boolean;
          reopens: boolean;
        };
        count: number;
      }>([
        { $match: { campaignId } },
        {
          $group: {
            _id: {
              status: '$status',
              reason: '$reason',
              already: '$alreadyInstalled',
              // A missing field sorts below null, any string above it.
              reopens: { $gt: ['$reopensChatOf', null] },
            },
            count: { $sum: 1 },
          },
        },
      ])
      .toArray();
    const unreachable = (reason: string) =>
      this.deliveries.countDocuments({ campaignId, status: 'unreachable', reason });
    return installationFunnelOf(
      groups.map(({ _id: key, count }) => ({
        status: key.status,
        reason: key.reason,
        alreadyInstalled: key.already === true,
        reopensChat: key.reopens,
        count,
      })),
      {
        notInDirectory: await unreachable('not-in-directory'),
        noReachableUser: await unreachable('no-reachable-user'),
      },
    );
  }

  private async withDeliveryIds(claimed: AppInstallation[]): Promise<ClaimedInstallation[]> {
    if (claimed.length === 0) return [];
    const deliveries = await this.deliveries
      .find(
        {
          $or: claimed.map((i) => ({ campaignId: i.campaignId, email: i.email })),
          reminderOf: { $exists: false },
        },
        { projection: { _id: 1, campaignId: 1, email: 1 } },
      )
      .toArray();
    const idOf = new Map(deliveries.map((d) => [`${d.campaignId}|${d.email}`, d._id]));
    return claimed
      .map((i) => {
        const deliveryId = idOf.get(`${i.campaignId}|${i.email}`);
        return deliveryId === undefined ? i : { ...i, deliveryId };
      })
      .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
  }
}
