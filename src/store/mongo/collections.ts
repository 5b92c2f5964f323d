/**
 * Collection names, document shapes and indexes. Every document uses the domain id as `_id`
 * (strings, so paging "after id" sorts the same way as in SQLite).
 */
import type { Collection, Db } from 'mongodb';
import type { Campaign } from '../../domain/campaign.js';
import type { Delivery } from '../../domain/delivery.js';
import type { PairingCode, PairingGuesser } from '../../domain/pairing.js';
import type { RecipientList, ReachableUser } from '../../domain/recipients.js';
import type { Click, LinkToken } from '../../domain/tracking.js';

/** `options` is a sub-document; a campaign saved before options existed has none. */
export type CampaignDoc = Omit<Campaign, 'id' | 'options'> & {
  _id: string;
  nameLower: string;
  options?: Partial<Campaign['options']>;
};
export type ListDoc = Omit<RecipientList, 'id'> & { _id: string; nameLower: string };
export type UserDoc = Omit<ReachableUser, 'id'> & { _id: string };
export type PairingCodeDoc = Omit<PairingCode, 'id'> & { _id: string };
export type PairingGuesserDoc = Omit<PairingGuesser, 'userId'> & { _id: string };
/** `claimId` marks the rows one claimDueDeliveries call won, so it can read them back. */
export type DeliveryDoc = Omit<Delivery, 'id'> & { _id: string; claimId?: string };
export type LinkTokenDoc = Omit<LinkToken, 'token'> & { _id: string };
export type ClickDoc = Click;
/** The next free request slot of one rate key (see SendRateStore). */
export interface RateSlotDoc {
  _id: string;
  nextAt: number;
}
/** A botbuilder StoreItem kept as JSON text: its keys may hold '$' or '.' that Mongo dislikes. */
export interface BotStateDoc {
  _id: string;
  eTag: string;
  json: string;
}

export interface Collections {
  campaigns: Collection<CampaignDoc>;
  lists: Collection<ListDoc>;
  users: Collection<UserDoc>;
  pairingCodes: Collection<PairingCodeDoc>;
  pairingGuessers: Collection<PairingGuesserDoc>;
  deliveries: Collection<DeliveryDoc>;
  linkTokens: Collection<LinkTokenDoc>;
  clicks: Collection<ClickDoc>;
  botState: Collection<BotStateDoc>;
  rateSlots: Collection<RateSlotDoc>;
}

export function collectionsOf(db: Db): Collections {
  return {
    campaigns: db.collection<CampaignDoc>('campaigns'),
    lists: db.collection<ListDoc>('recipientLists'),
    users: db.collection<UserDoc>('users'),
    pairingCodes: db.collection<PairingCodeDoc>('pairingCodes'),
    pairingGuessers: db.collection<PairingGuesserDoc>('pairingGuessers'),
    deliveries: db.collection<DeliveryDoc>('deliveries'),
    linkTokens: db.collection<LinkTokenDoc>('linkTokens'),
    clicks: db.collection<ClickDoc>('clicks'),
    botState: db.collection<BotStateDoc>('botState'),
    rateSlots: db.collection<RateSlotDoc>('rateSlots'),
  };
}

/**
 * Drops an index an earlier version created: the one-delivery-per-recipient index, which
 * reminders (deliveries of their own for the same recipient) replaced. Gone already: nothing.
 */
async function dropIndexIfPresent(
  collection: Collection<DeliveryDoc>,
  name: string,
): Promise<void> {
  const indexes = await collection.indexes().catch(() => []);
  if (indexes.some((index) => index.name === name)) await collection.dropIndex(name);
}

/** Idempotent: createIndexes is a no-op for an index that already exists with the same spec. */
export async function ensureIndexes(c: Collections): Promise<void> {
  await dropIndexIfPresent(c.deliveries, 'campaign_email');
  await Promise.all([
    c.campaigns.createIndexes([
      { key: { tenantId: 1, nameLower: 1 }, unique: true, name: 'tenant_name' },
      { key: { tenantId: 1, createdAt: -1 }, name: 'tenant_created' },
    ]),
    c.lists.createIndexes([
      { key: { tenantId: 1, nameLower: 1 }, unique: true, name: 'tenant_name' },
      { key: { tenantId: 1, createdAt: -1 }, name: 'tenant_created' },
    ]),
    c.users.createIndexes([
      { key: { channel: 1, email: 1 }, name: 'channel_email' },
      { key: { tenantId: 1, channel: 1, _id: 1 }, name: 'tenant_channel_id' },
      { key: { tenantId: 1, _id: 1 }, name: 'tenant_id' },
      { key: { channel: 1, aadObjectId: 1 }, name: 'channel_aad' },
    ]),
    c.pairingCodes.createIndexes([
      { key: { email: 1 }, name: 'email' },
      { key: { expiresAt: 1 }, name: 'expires' },
    ]),
    c.pairingGuessers.createIndexes([{ key: { lastFailureAt: 1 }, name: 'last_failure' }]),
    c.deliveries.createIndexes([
      // One per recipient and message: reminderNumber is absent (null) on the originals.
      {
        key: { campaignId: 1, email: 1, reminderNumber: 1 },
        unique: true,
        name: 'campaign_email_message',
      },
      { key: { status: 1, dueAt: 1 }, name: 'status_due' },
      { key: { reminderOf: 1 }, name: 'reminder_of', sparse: true },
      { key: { campaignId: 1, status: 1 }, name: 'campaign_status' },
      { key: { campaignId: 1, _id: 1 }, name: 'campaign_id' },
      { key: { userId: 1, status: 1 }, name: 'user_status' },
      { key: { claimedBy: 1 }, name: 'claimed_by', sparse: true },
      { key: { sentAt: 1 }, name: 'sent_at', sparse: true },
      // Only messages a revision worker holds: its heartbeat and the crash sweep read them.
      { key: { revisionClaimedBy: 1 }, name: 'revision_claimed_by', sparse: true },
    ]),
    c.linkTokens.createIndexes([{ key: { campaignId: 1 }, name: 'campaign' }]),
    c.clicks.createIndexes([
      { key: { campaignId: 1 }, name: 'campaign' },
      { key: { deliveryId: 1 }, name: 'delivery' },
    ]),
  ]);
}
