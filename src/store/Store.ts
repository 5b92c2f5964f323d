/**
 * The one storage interface of the product. Two adapters implement it — SQLite
 * (`./sqlite`, the embedded default) and MongoDB (`./mongo`) — and both pass the same
 * contract suite in `tests/store/`. Instants are epoch milliseconds throughout.
 */
import type { Storage } from 'botbuilder';
import type { Campaign, CampaignStatus } from '../domain/campaign.js';
import type { Delivery, DeliveryStatus } from '../domain/delivery.js';
import type { PairingCode } from '../domain/pairing.js';
import type { RecipientList, ReachableUser } from '../domain/recipients.js';
import type { CampaignReport } from '../domain/report.js';
import type { Click, LinkToken } from '../domain/tracking.js';

export type StoreKind = 'sqlite' | 'mongodb';

/** Thrown when a unique rule would be broken (e.g. two campaigns with the same name). */
export class DuplicateError extends Error {
  constructor(what: string) {
    super(`${what} already exists`);
    this.name = 'DuplicateError';
  }
}

export interface CampaignStore {
  /** Throws DuplicateError when the tenant already has that name (case-insensitive). */
  createCampaign(campaign: Campaign): Promise<void>;
  getCampaign(id: string): Promise<Campaign | null>;
  /** Case-insensitive. */
  findCampaignByName(tenantId: string, name: string): Promise<Campaign | null>;
  /** Newest first. */
  listCampaigns(tenantId: string): Promise<Campaign[]>;
  /**
   * Replaces the stored campaign when its status is one of `allowedStatuses`; returns false
   * (and changes nothing) otherwise. Throws DuplicateError on a name clash.
   */
  updateCampaign(campaign: Campaign, allowedStatuses: CampaignStatus[]): Promise<boolean>;
  /** Conditional status change; returns false when the campaign was not in `from`. */
  setCampaignStatus(
    id: string,
    from: CampaignStatus,
    to: CampaignStatus,
    at: number,
  ): Promise<boolean>;
  /** Removes the campaign with its deliveries, link tokens and clicks. */
  deleteCampaign(id: string): Promise<void>;
}

export interface ListStore {
  /** Throws DuplicateError when the tenant already has that name (case-insensitive). */
  createList(list: RecipientList): Promise<void>;
  getList(id: string): Promise<RecipientList | null>;
  findListByName(tenantId: string, name: string): Promise<RecipientList | null>;
  listLists(tenantId: string): Promise<RecipientList[]>;
  deleteList(id: string): Promise<void>;
}

export interface UserStore {
  /**
   * Inserts or refreshes a reachable user. Idempotent; fields absent from `user` keep their
   * stored value; `firstSeenAt` is kept from the first call.
   */
  upsertUser(user: ReachableUser): Promise<void>;
  getUser(id: string): Promise<ReachableUser | null>;
  /** Bulk form of getUser, one query: the map holds the ids that exist. */
  getUsers(ids: string[]): Promise<Map<string, ReachableUser>>;
  /** Case-insensitive e-mail match on the given channel. */
  findUserByEmail(email: string, channel: ReachableUser['channel']): Promise<ReachableUser | null>;
  /** Bulk form of findUserByEmail; the map is keyed by lower-cased e-mail. */
  findUsersByEmails(
    emails: string[],
    channel: ReachableUser['channel'],
  ): Promise<Map<string, ReachableUser>>;
  /** Every reachable user of the tenant on that channel, in id order, paged. */
  listUsers(
    tenantId: string,
    channel: ReachableUser['channel'] | undefined,
    page: { afterId?: string; limit: number },
  ): Promise<ReachableUser[]>;
  countUsers(tenantId: string): Promise<number>;
  /**
   * Sets the user's e-mail (null clears it) and tenant: a Skype account linked to an admin's
   * address and organisation, or unlinked. Returns false when there is no such user.
   */
  setUserIdentity(
    id: string,
    identity: { email: string | null; tenantId: string },
  ): Promise<boolean>;
}

export interface PairingStore {
  /** Stores a new code; earlier codes of the same e-mail, and codes expired by then, are removed. */
  savePairingCode(code: PairingCode): Promise<void>;
  /** Codes neither used nor expired at `now` (locked ones included), oldest first. */
  livePairingCodes(now: number): Promise<PairingCode[]>;
  /** Single use: marks the code used if it is unused and unexpired at `now`; whether this call did. */
  usePairingCode(id: string, now: number): Promise<boolean>;
  /** Counts one wrong try against each of these codes. */
  countPairingFailure(ids: string[]): Promise<void>;
}

/** One conditional update of a delivery, as `transitionDelivery` takes it. */
export interface DeliveryTransition {
  id: string;
  from: DeliveryStatus;
  patch: Partial<Omit<Delivery, 'id' | 'campaignId' | 'email'>>;
  workerId?: string;
}

export interface DeliveryStore {
  /** Bulk insert; a (campaignId, email) pair already present is left as it is. */
  insertDeliveries(deliveries: Delivery[]): Promise<void>;
  getDelivery(id: string): Promise<Delivery | null>;
  /**
   * Atomically claims up to `limit` deliveries that are `pending`, due (`dueAt <= now`) and
   * not claimed by a live claim (`claimedUntil` absent or `< now`), earliest due first.
   * Two dispatchers never get the same delivery.
   */
  claimDueDeliveries(
    now: number,
    limit: number,
    workerId: string,
    claimUntil: number,
  ): Promise<Delivery[]>;
  /**
   * Conditional update: applies `patch` only if the delivery is in status `from` (and, when
   * given, still claimed by `workerId`). Returns whether it applied. The heart of "never twice".
   */
  transitionDelivery(
    id: string,
    from: DeliveryStatus,
    patch: Partial<Omit<Delivery, 'id' | 'campaignId' | 'email'>>,
    workerId?: string,
  ): Promise<boolean>;
  /**
   * Many transitionDelivery calls at once; each applies or not on its own, results in order.
   * SQLite runs them in one transaction — one disk sync instead of one per delivery, which is
   * what lets the dispatcher keep its "persist before send" rule at thousands of sends a second.
   */
  transitionDeliveries(transitions: DeliveryTransition[]): Promise<boolean[]>;
  /** Deliveries left in `sending` whose claim expired before `now` become `unknown`. Returns how many. */
  markStaleSendingUnknown(now: number): Promise<number>;
  /** All non-terminal deliveries of a campaign become `unscheduled` with `reason`. Returns how many. */
  unscheduleRemaining(campaignId: string, reason: string, now: number): Promise<number>;
  countByStatus(campaignId: string): Promise<Record<DeliveryStatus, number>>;
  /** Earliest `dueAt` among pending deliveries of any campaign, or null. */
  nextDueAt(): Promise<number | null>;
  /** Marks `sent` deliveries to this user sent at or before `readAt` as read. Returns how many. */
  markReadUpTo(userId: string, readAt: number): Promise<number>;
  /** Pages of a campaign's deliveries in id order (for CSV export). */
  listDeliveries(
    campaignId: string,
    page: { afterId?: string; limit: number },
  ): Promise<Delivery[]>;
}

export interface TrackingStore {
  saveLinkTokens(tokens: LinkToken[]): Promise<void>;
  findLinkToken(token: string): Promise<LinkToken | null>;
  recordClick(click: Click): Promise<void>;
  /** Clicks per delivery id, for the CSV export of one page of deliveries. */
  clicksByDelivery(deliveryIds: string[]): Promise<Map<string, number>>;
}

export interface ReportStore {
  /** Aggregated in the database (SQL / aggregation pipeline), not in memory. */
  campaignReport(campaignId: string): Promise<CampaignReport>;
}

export interface Store
  extends
    CampaignStore,
    ListStore,
    UserStore,
    PairingStore,
    DeliveryStore,
    TrackingStore,
    ReportStore {
  readonly kind: StoreKind;
  /** botbuilder Storage for dialog and conversation state, with eTag concurrency. */
  readonly botStorage: Storage;
  close(): Promise<void>;
}
