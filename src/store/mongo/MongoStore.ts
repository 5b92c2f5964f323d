/**
 * The store for several processes on a shared MongoDB. Same behaviour as the SQLite store
 * (one contract suite proves it); conditional writes are single-document atomic updates, so
 * the "never twice" rules hold across processes without multi-document transactions.
 */
import { MongoClient, type Db } from 'mongodb';
import type { Campaign, CampaignStatus } from '../../domain/campaign.js';
import type { Delivery, DeliveryStatus } from '../../domain/delivery.js';
import type { PairingCode } from '../../domain/pairing.js';
import type { RecipientList, ReachableUser } from '../../domain/recipients.js';
import type { CampaignReport } from '../../domain/report.js';
import type { Click, LinkToken } from '../../domain/tracking.js';
import type { DeliveryTransition, Store } from '../Store.js';
import { MongoBotStorage } from './botStorage.js';
import { MongoCampaigns } from './campaigns.js';
import { collectionsOf, ensureIndexes } from './collections.js';
import { MongoDeliveries, type DeliveryPatch } from './deliveries.js';
import { MongoLists } from './lists.js';
import { MongoPairing } from './pairing.js';
import { MongoReport } from './report.js';
import { MongoTracking } from './tracking.js';
import { MongoUsers } from './users.js';

const DEFAULT_DB_NAME = 'pushbot';

/** The database named in the connection string's path, if any. */
export function dbNameFromUrl(url: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]+)/.exec(url)?.[1];
  return path ? decodeURIComponent(path) : undefined;
}

/** Connects, creates the indexes, and returns the store. `dbName` overrides the URL's database. */
export async function openMongoStore(url: string, dbName?: string): Promise<MongoStore> {
  // ignoreUndefined: an optional field left undefined is not stored (rather than stored as null).
  const client = new MongoClient(url, { ignoreUndefined: true });
  await client.connect();
  try {
    const db = client.db(dbName ?? dbNameFromUrl(url) ?? DEFAULT_DB_NAME);
    await ensureIndexes(collectionsOf(db));
    return new MongoStore(client, db);
  } catch (error) {
    await client.close();
    throw error;
  }
}

export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  readonly botStorage: MongoBotStorage;
  private readonly campaigns: MongoCampaigns;
  private readonly lists: MongoLists;
  private readonly users: MongoUsers;
  private readonly pairing: MongoPairing;
  private readonly deliveries: MongoDeliveries;
  private readonly tracking: MongoTracking;
  private readonly report: MongoReport;

  constructor(
    readonly client: MongoClient,
    readonly db: Db,
  ) {
    const collections = collectionsOf(db);
    this.botStorage = new MongoBotStorage(collections);
    this.campaigns = new MongoCampaigns(collections);
    this.lists = new MongoLists(collections);
    this.users = new MongoUsers(collections);
    this.pairing = new MongoPairing(collections);
    this.deliveries = new MongoDeliveries(collections);
    this.tracking = new MongoTracking(collections);
    this.report = new MongoReport(collections);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  // Campaigns

  createCampaign(campaign: Campaign): Promise<void> {
    return this.campaigns.create(campaign);
  }

  getCampaign(id: string): Promise<Campaign | null> {
    return this.campaigns.get(id);
  }

  findCampaignByName(tenantId: string, name: string): Promise<Campaign | null> {
    return this.campaigns.findByName(tenantId, name);
  }

  listCampaigns(tenantId: string): Promise<Campaign[]> {
    return this.campaigns.list(tenantId);
  }

  updateCampaign(campaign: Campaign, allowedStatuses: CampaignStatus[]): Promise<boolean> {
    return this.campaigns.update(campaign, allowedStatuses);
  }

  setCampaignStatus(
    id: string,
    from: CampaignStatus,
    to: CampaignStatus,
    at: number,
  ): Promise<boolean> {
    return this.campaigns.setStatus(id, from, to, at);
  }

  deleteCampaign(id: string): Promise<void> {
    return this.campaigns.delete(id);
  }

  // Recipient lists

  createList(list: RecipientList): Promise<void> {
    return this.lists.create(list);
  }

  getList(id: string): Promise<RecipientList | null> {
    return this.lists.get(id);
  }

  findListByName(tenantId: string, name: string): Promise<RecipientList | null> {
    return this.lists.findByName(tenantId, name);
  }

  listLists(tenantId: string): Promise<RecipientList[]> {
    return this.lists.list(tenantId);
  }

  deleteList(id: string): Promise<void> {
    return this.lists.delete(id);
  }

  // Reachable users

  upsertUser(user: ReachableUser): Promise<void> {
    return this.users.upsert(user);
  }

  getUser(id: string): Promise<ReachableUser | null> {
    return this.users.get(id);
  }

  getUsers(ids: string[]): Promise<Map<string, ReachableUser>> {
    return this.users.getMany(ids);
  }

  findUserByEmail(email: string, channel: ReachableUser['channel']): Promise<ReachableUser | null> {
    return this.users.findByEmail(email, channel);
  }

  findUsersByEmails(
    emails: string[],
    channel: ReachableUser['channel'],
  ): Promise<Map<string, ReachableUser>> {
    return this.users.findByEmails(emails, channel);
  }

  listUsers(
    tenantId: string,
    channel: ReachableUser['channel'] | undefined,
    page: { afterId?: string; limit: number },
  ): Promise<ReachableUser[]> {
    return this.users.list(tenantId, channel, page);
  }

  countUsers(tenantId: string): Promise<number> {
    return this.users.count(tenantId);
  }

  setUserIdentity(
    id: string,
    identity: { email: string | null; tenantId: string },
  ): Promise<boolean> {
    return this.users.setIdentity(id, identity);
  }

  // Pairing codes

  savePairingCode(code: PairingCode): Promise<void> {
    return this.pairing.save(code);
  }

  livePairingCodes(now: number): Promise<PairingCode[]> {
    return this.pairing.live(now);
  }

  usePairingCode(id: string, now: number): Promise<boolean> {
    return this.pairing.use(id, now);
  }

  countPairingFailure(ids: string[]): Promise<void> {
    return this.pairing.countFailure(ids);
  }

  // Deliveries

  insertDeliveries(deliveries: Delivery[]): Promise<void> {
    return this.deliveries.insert(deliveries);
  }

  getDelivery(id: string): Promise<Delivery | null> {
    return this.deliveries.get(id);
  }

  claimDueDeliveries(
    now: number,
    limit: number,
    workerId: string,
    claimUntil: number,
  ): Promise<Delivery[]> {
    return this.deliveries.claimDue(now, limit, workerId, claimUntil);
  }

  transitionDelivery(
    id: string,
    from: DeliveryStatus,
    patch: DeliveryPatch,
    workerId?: string,
  ): Promise<boolean> {
    return this.deliveries.transition(id, from, patch, workerId);
  }

  /** MongoDB commits each update on its own anyway; they run side by side. */
  transitionDeliveries(transitions: DeliveryTransition[]): Promise<boolean[]> {
    return Promise.all(
      transitions.map((t) => this.deliveries.transition(t.id, t.from, t.patch, t.workerId)),
    );
  }

  markStaleSendingUnknown(now: number): Promise<number> {
    return this.deliveries.markStaleSendingUnknown(now);
  }

  unscheduleRemaining(campaignId: string, reason: string, now: number): Promise<number> {
    return this.deliveries.unscheduleRemaining(campaignId, reason, now);
  }

  countByStatus(campaignId: string): Promise<Record<DeliveryStatus, number>> {
    return this.deliveries.countByStatus(campaignId);
  }

  nextDueAt(): Promise<number | null> {
    return this.deliveries.nextDueAt();
  }

  markReadUpTo(userId: string, readAt: number): Promise<number> {
    return this.deliveries.markReadUpTo(userId, readAt);
  }

  listDeliveries(
    campaignId: string,
    page: { afterId?: string; limit: number },
  ): Promise<Delivery[]> {
    return this.deliveries.list(campaignId, page);
  }

  // Tracking and report

  saveLinkTokens(tokens: LinkToken[]): Promise<void> {
    return this.tracking.saveTokens(tokens);
  }

  findLinkToken(token: string): Promise<LinkToken | null> {
    return this.tracking.findToken(token);
  }

  recordClick(click: Click): Promise<void> {
    return this.tracking.recordClick(click);
  }

  clicksByDelivery(deliveryIds: string[]): Promise<Map<string, number>> {
    return this.tracking.clicksByDelivery(deliveryIds);
  }

  campaignReport(campaignId: string): Promise<CampaignReport> {
    return this.report.campaignReport(campaignId);
  }
}
