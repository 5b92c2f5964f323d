/**
 * The embedded default store: one SQLite file, nothing to install. better-sqlite3 is
 * synchronous; the async methods only satisfy the Store interface. Several processes may
 * share the file (WAL + busy_timeout); every conditional write is a single statement or an
 * IMMEDIATE transaction, so the "never twice" rules hold across processes too.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Campaign, CampaignStatus } from '../../domain/campaign.js';
import type { Delivery, DeliveryStatus } from '../../domain/delivery.js';
import type { PairingCode } from '../../domain/pairing.js';
import type { RecipientList, ReachableUser } from '../../domain/recipients.js';
import type { CampaignReport } from '../../domain/report.js';
import type { Click, LinkToken } from '../../domain/tracking.js';
import type { DeliveryTransition, Store } from '../Store.js';
import { SqliteBotStorage } from './botStorage.js';
import { SqliteCampaigns } from './campaigns.js';
import { SqliteDeliveries, type DeliveryPatch } from './deliveries.js';
import { SqliteLists } from './lists.js';
import { migrate } from './migrations.js';
import { SqlitePairing } from './pairing.js';
import { SqliteReport } from './report.js';
import { SqliteTracking } from './tracking.js';
import { SqliteUsers } from './users.js';

/** How long a statement waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 5_000;

/** Opens (creating if needed) the SQLite file and applies pending migrations. `':memory:'` is allowed. */
export function openSqliteStore(filePath: string): SqliteStore {
  if (filePath !== ':memory:') mkdirSync(dirname(filePath), { recursive: true });
  const db = new Database(filePath);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  // synchronous stays FULL (the default): a `sending` mark must survive a power cut, or the
  // message could be sent again after the restart.
  const appliedNow = migrate(db);
  return new SqliteStore(filePath, db, appliedNow);
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly botStorage: SqliteBotStorage;
  private readonly campaigns: SqliteCampaigns;
  private readonly lists: SqliteLists;
  private readonly users: SqliteUsers;
  private readonly pairing: SqlitePairing;
  private readonly deliveries: SqliteDeliveries;
  private readonly tracking: SqliteTracking;
  private readonly report: SqliteReport;

  constructor(
    readonly filePath: string,
    readonly db: Database.Database,
    /** Migration versions applied by this open (empty when the file was already current). */
    readonly migrationsAppliedAtOpen: readonly number[],
  ) {
    this.botStorage = new SqliteBotStorage(db);
    this.campaigns = new SqliteCampaigns(db);
    this.lists = new SqliteLists(db);
    this.users = new SqliteUsers(db);
    this.pairing = new SqlitePairing(db);
    this.deliveries = new SqliteDeliveries(db);
    this.tracking = new SqliteTracking(db);
    this.report = new SqliteReport(db);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // Campaigns

  async createCampaign(campaign: Campaign): Promise<void> {
    this.campaigns.create(campaign);
  }

  async getCampaign(id: string): Promise<Campaign | null> {
    return this.campaigns.get(id);
  }

  async findCampaignByName(tenantId: string, name: string): Promise<Campaign | null> {
    return this.campaigns.findByName(tenantId, name);
  }

  async listCampaigns(tenantId: string): Promise<Campaign[]> {
    return this.campaigns.list(tenantId);
  }

  async updateCampaign(campaign: Campaign, allowedStatuses: CampaignStatus[]): Promise<boolean> {
    return this.campaigns.update(campaign, allowedStatuses);
  }

  async setCampaignStatus(
    id: string,
    from: CampaignStatus,
    to: CampaignStatus,
    at: number,
  ): Promise<boolean> {
    return this.campaigns.setStatus(id, from, to, at);
  }

  async deleteCampaign(id: string): Promise<void> {
    this.campaigns.delete(id);
  }

  // Recipient lists

  async createList(list: RecipientList): Promise<void> {
    this.lists.create(list);
  }

  async getList(id: string): Promise<RecipientList | null> {
    return this.lists.get(id);
  }

  async findListByName(tenantId: string, name: string): Promise<RecipientList | null> {
    return this.lists.findByName(tenantId, name);
  }

  async listLists(tenantId: string): Promise<RecipientList[]> {
    return this.lists.list(tenantId);
  }

  async deleteList(id: string): Promise<void> {
    this.lists.delete(id);
  }

  // Reachable users

  async upsertUser(user: ReachableUser): Promise<void> {
    this.users.upsert(user);
  }

  async getUser(id: string): Promise<ReachableUser | null> {
    return this.users.get(id);
  }

  async getUsers(ids: string[]): Promise<Map<string, ReachableUser>> {
    return this.users.getMany(ids);
  }

  async findUserByEmail(
    email: string,
    channel: ReachableUser['channel'],
  ): Promise<ReachableUser | null> {
    return this.users.findByEmail(email, channel);
  }

  async findUsersByEmails(
    emails: string[],
    channel: ReachableUser['channel'],
  ): Promise<Map<string, ReachableUser>> {
    return this.users.findByEmails(emails, channel);
  }

  async listUsers(
    tenantId: string,
    channel: ReachableUser['channel'] | undefined,
    page: { afterId?: string; limit: number },
  ): Promise<ReachableUser[]> {
    return this.users.list(tenantId, channel, page);
  }

  async countUsers(tenantId: string): Promise<number> {
    return this.users.count(tenantId);
  }

  async setUserIdentity(
    id: string,
    identity: { email: string | null; tenantId: string },
  ): Promise<boolean> {
    return this.users.setIdentity(id, identity);
  }

  // Pairing codes

  async savePairingCode(code: PairingCode): Promise<void> {
    this.pairing.save(code);
  }

  async livePairingCodes(now: number): Promise<PairingCode[]> {
    return this.pairing.live(now);
  }

  async usePairingCode(id: string, now: number): Promise<boolean> {
    return this.pairing.use(id, now);
  }

  async countPairingFailure(ids: string[]): Promise<void> {
    this.pairing.countFailure(ids);
  }

  // Deliveries

  async insertDeliveries(deliveries: Delivery[]): Promise<void> {
    this.deliveries.insert(deliveries);
  }

  async getDelivery(id: string): Promise<Delivery | null> {
    return this.deliveries.get(id);
  }

  async claimDueDeliveries(
    now: number,
    limit: number,
    workerId: string,
    claimUntil: number,
  ): Promise<Delivery[]> {
    return this.deliveries.claimDue(now, limit, workerId, claimUntil);
  }

  async transitionDelivery(
    id: string,
    from: DeliveryStatus,
    patch: DeliveryPatch,
    workerId?: string,
  ): Promise<boolean> {
    return this.deliveries.transition(id, from, patch, workerId);
  }

  async transitionDeliveries(transitions: DeliveryTransition[]): Promise<boolean[]> {
    return this.deliveries.transitionAll(transitions);
  }

  async markStaleSendingUnknown(now: number): Promise<number> {
    return this.deliveries.markStaleSendingUnknown(now);
  }

  async unscheduleRemaining(campaignId: string, reason: string, now: number): Promise<number> {
    return this.deliveries.unscheduleRemaining(campaignId, reason, now);
  }

  async countByStatus(campaignId: string): Promise<Record<DeliveryStatus, number>> {
    return this.deliveries.countByStatus(campaignId);
  }

  async nextDueAt(): Promise<number | null> {
    return this.deliveries.nextDueAt();
  }

  async markReadUpTo(userId: string, readAt: number): Promise<number> {
    return this.deliveries.markReadUpTo(userId, readAt);
  }

  async listDeliveries(
    campaignId: string,
    page: { afterId?: string; limit: number },
  ): Promise<Delivery[]> {
    return this.deliveries.list(campaignId, page);
  }

  // Tracking and report

  async saveLinkTokens(tokens: LinkToken[]): Promise<void> {
    this.tracking.saveTokens(tokens);
  }

  async findLinkToken(token: string): Promise<LinkToken | null> {
    return this.tracking.findToken(token);
  }

  async recordClick(click: Click): Promise<void> {
    this.tracking.recordClick(click);
  }

  async clicksByDelivery(deliveryIds: string[]): Promise<Map<string, number>> {
    return this.tracking.clicksByDelivery(deliveryIds);
  }

  async campaignReport(campaignId: string): Promise<CampaignReport> {
    return this.report.campaignReport(campaignId);
  }
}
