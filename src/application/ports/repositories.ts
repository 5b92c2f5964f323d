/**
 * The repositories the application works with, one per area: ports that the stores in
 * src/store implement (SQLite and MongoDB, one contract suite in tests/store/). Consumers
 * take only the repositories they use. Instants are epoch milliseconds throughout.
 */
import type { Campaign, CampaignStatus } from '../../domain/campaign.js';
import type { Delivery, DeliveryStatus } from '../../domain/delivery.js';
import type {
  AppInstallation,
  ClaimedInstallation,
  InstallationFunnel,
} from '../../domain/installation.js';
import type { PairingCode, PairingGuesser } from '../../domain/pairing.js';
import type { RecipientHoursCounts } from '../../domain/recipientHours.js';
import type { RecipientList, ReachableUser, UserAddress } from '../../domain/recipients.js';
import type { CampaignReport } from '../../domain/report.js';
import type { CampaignRevision, RevisionCounts, RevisionStatus } from '../../domain/revision.js';
import type { GroupedFunnel } from '../../domain/groupedFunnel.js';
import type { ProfileAttribute } from '../../domain/recipientProfile.js';
import type { Click, LinkToken } from '../../domain/tracking.js';

/** Thrown when a unique rule would be broken (e.g. two campaigns with the same name). */
export class DuplicateError extends Error {
  constructor(what: string) {
    super(`${what} already exists`);
    this.name = 'DuplicateError';
  }
}

export interface CampaignStore {
  /** Throws DuplicateError when the tenant already has that name (case-insensitive). */
  create(campaign: Campaign): Promise<void>;
  get(id: string): Promise<Campaign | null>;
  /** Case-insensitive. */
  findByName(tenantId: string, name: string): Promise<Campaign | null>;
  /** Newest first. */
  list(tenantId: string): Promise<Campaign[]>;
  /** Ids of every tenant's campaigns in `status`, in id order (a handful: no index needed). */
  listIdsByStatus(status: CampaignStatus): Promise<string[]>;
  /**
   * Replaces the stored campaign when its status is one of `allowedStatuses`; returns false
   * (and changes nothing) otherwise. Throws DuplicateError on a name clash.
   */
  update(campaign: Campaign, allowedStatuses: CampaignStatus[]): Promise<boolean>;
  /**
   * Conditional status change; returns false when the campaign was not in `from`. `endReason`
   * is recorded with a move to `finished` that ends the campaign early.
   */
  setStatus(
    id: string,
    from: CampaignStatus,
    to: CampaignStatus,
    at: number,
    endReason?: string,
  ): Promise<boolean>;
  /** Records that a running campaign's start has planned every recipient. */
  markPlanned(id: string, at: number): Promise<void>;
  /**
   * Removes the campaign with its deliveries, link tokens and clicks when its status is one of
   * `allowedStatuses`, checked in the same write (a start job firing meanwhile wins); returns
   * false, deleting nothing, when the campaign is missing or in another status.
   */
  delete(id: string, allowedStatuses: CampaignStatus[]): Promise<boolean>;
}

export interface ListStore {
  /** Throws DuplicateError when the tenant already has that name (case-insensitive). */
  create(list: RecipientList): Promise<void>;
  get(id: string): Promise<RecipientList | null>;
  findByName(tenantId: string, name: string): Promise<RecipientList | null>;
  list(tenantId: string): Promise<RecipientList[]>;
  delete(id: string): Promise<void>;
}

export interface UserStore {
  /**
   * Inserts or refreshes a reachable user. Idempotent; fields absent from `user` keep their
   * stored value; `firstSeenAt` is kept from the first call. Returns true for the one call
   * that created the user, even when several race (Teams sends two events on an install).
   * The AAD object id is stored lower-cased.
   *
   * A Teams person is one record, even when the bot installed its app for them (recorded under
   * `installedUserId`) and they then wrote to it (recorded under their Teams id): the Teams-id
   * record absorbs the installed one (its earlier `firstSeenAt` kept), and installing for
   * someone who already has one records nothing new. Concurrent calls end with one record.
   */
  upsert(user: ReachableUser): Promise<boolean>;
  /** An installed user's id still finds the person once their Teams-id record absorbed it. */
  get(id: string): Promise<ReachableUser | null>;
  /** Bulk form of get, keyed by the ids asked for: the map holds the ids that exist. */
  getMany(ids: string[]): Promise<Map<string, ReachableUser>>;
  /** Case-insensitive e-mail match on the given channel. */
  findByEmail(email: string, channel: ReachableUser['channel']): Promise<ReachableUser | null>;
  /** Bulk form of findByEmail; the map is keyed by lower-cased e-mail. */
  findByEmails(
    emails: string[],
    channel: ReachableUser['channel'],
  ): Promise<Map<string, ReachableUser>>;
  /** Every reachable user of the tenant on that channel, in id order, paged. */
  list(
    tenantId: string,
    channel: ReachableUser['channel'] | undefined,
    page: { afterId?: string; limit: number },
  ): Promise<ReachableUser[]>;
  /**
   * The id and e-mail of every reachable user of the tenant on that channel, in id order,
   * paged: what planning a campaign for everyone needs, without reading the rest of each record.
   */
  listAddresses(
    tenantId: string,
    channel: ReachableUser['channel'],
    page: { afterId?: string; limit: number },
  ): Promise<UserAddress[]>;
  count(tenantId: string): Promise<number>;
  /**
   * Sets the user's e-mail (null clears it) and tenant: a Skype account linked to an admin's
   * address and organisation, or unlinked. Returns false when there is no such user.
   */
  setIdentity(id: string, identity: { email: string | null; tenantId: string }): Promise<boolean>;
}

export interface PairingStore {
  /**
   * Stores a new code; earlier codes of the same e-mail, codes expired by then and accounts whose
   * wrong codes are forgotten by then are removed.
   */
  save(code: PairingCode): Promise<void>;
  /** Codes neither used nor expired at `now` (locked ones included), oldest first. */
  live(now: number): Promise<PairingCode[]>;
  /** The wrong codes this account said, or null when it said none (or they were removed). */
  guesser(userId: string): Promise<PairingGuesser | null>;
  /**
   * One wrong code said by `userId`, in one atomic step: when the account is locked out at `now`
   * nothing is counted; otherwise it counts against the account and against each of `codeIds`
   * still unused. Returns the account as it is after the step.
   */
  countFailure(userId: string, codeIds: string[], now: number): Promise<CountedFailure>;
  /**
   * Single use, in one atomic step: marks the code used by `userId` if at `now` the code is
   * redeemable (unused, unexpired, fewer than the maximum wrong tries) and the account is not
   * locked out; otherwise says why not.
   */
  use(id: string, userId: string, now: number): Promise<PairingUse>;
}

export type CountedFailure =
  { counted: true; guesser: PairingGuesser } | { counted: false; lockedOutUntil: number };

export type PairingUse =
  | { kind: 'used' }
  /** Too many wrong tries against the code. */
  | { kind: 'codeLocked' }
  /** Used (by someone else) or expired meanwhile, or never saved. */
  | { kind: 'gone' }
  | { kind: 'accountLocked'; until: number };

/**
 * The fields a transition may change. A key present with the value undefined clears that
 * field; an absent key leaves it as it is. The recipient's profile is fixed when planned, and
 * what a reminder reminds of at its planning.
 */
export type DeliveryPatch = Partial<
  Omit<
    Delivery,
    'id' | 'campaignId' | 'email' | 'profile' | 'recipientHours' | 'reminderOf' | 'reminderNumber'
  >
>;

/** One conditional update of a delivery, as `transition` takes it. */
export interface DeliveryTransition {
  id: string;
  from: DeliveryStatus;
  patch: DeliveryPatch;
  workerId?: string;
}

export interface DeliveryStore {
  /**
   * Bulk insert; a delivery of a (campaignId, email) already present for the same message (the
   * original, or its reminder of the same number) is left as it is.
   */
  insert(deliveries: Delivery[]): Promise<void>;
  get(id: string): Promise<Delivery | null>;
  /**
   * Atomically claims up to `limit` deliveries that are `pending`, due (`dueAt <= now`) and
   * not claimed by a live claim (`claimedUntil` absent or `< now`), earliest due first.
   * Two dispatchers never get the same delivery.
   */
  claimDue(now: number, limit: number, workerId: string, claimUntil: number): Promise<Delivery[]>;
  /**
   * Conditional update: applies `patch` only if the delivery is in status `from` (and, when
   * given, still claimed by `workerId`). Returns whether it applied. The heart of "never twice".
   */
  transition(
    id: string,
    from: DeliveryStatus,
    patch: DeliveryPatch,
    workerId?: string,
  ): Promise<boolean>;
  /**
   * Many transition calls at once; each applies or not on its own, results in order.
   * SQLite runs them in one transaction — one disk sync instead of one per delivery, which is
   * what lets the dispatcher keep its "persist before send" rule at thousands of sends a second.
   */
  transitionAll(transitions: DeliveryTransition[]): Promise<boolean[]>;
  /**
   * Extends to `claimUntil` the live claims (`claimedUntil >= now`) that `workerId` holds on
   * `pending` and `sending` deliveries — a live process's heartbeat; a dead one's claims lapse.
   * Returns how many.
   */
  renewClaims(workerId: string, claimUntil: number, now: number): Promise<number>;
  /** Deliveries of any campaign sent at or after `since` (the cluster's recent send count). */
  countSentSince(since: number): Promise<number>;
  /** Deliveries left in `sending` whose claim expired before `now` become `unknown`. Returns how many. */
  markStaleSendingUnknown(now: number): Promise<number>;
  /** All non-terminal deliveries of a campaign become `unscheduled` with `reason`. Returns how many. */
  unscheduleRemaining(campaignId: string, reason: string, now: number): Promise<number>;
  /** The audience's deliveries by status: originals only, never their reminders. */
  countByStatus(campaignId: string): Promise<Record<DeliveryStatus, number>>;
  /** Deliveries of the campaign, reminders included, still `pending` or `sending`. */
  countWaiting(campaignId: string): Promise<number>;
  /** Reminders sent per original delivery id; originals reminded of nothing are absent. */
  remindersSent(originalIds: string[]): Promise<Map<string, number>>;
  /** Earliest `dueAt` among pending deliveries of any campaign, or null. */
  nextDueAt(): Promise<number | null>;
  /** Marks `sent` deliveries to this user sent at or before `readAt` as read. Returns how many. */
  markReadUpTo(userId: string, readAt: number): Promise<number>;
  /** How many deliveries follow their recipient's own hours, and the campaign's by reason. */
  countRecipientHours(campaignId: string): Promise<RecipientHoursCounts>;
  /**
   * Records that the recipient acknowledged a `sent` delivery at `at`, once: only while its
   * `acknowledgedAt` is unset, in one conditional write, so that of two writers (a double click,
   * or clicks reaching two processes) exactly one gets true.
   */
  acknowledge(id: string, at: number): Promise<boolean>;
  /**
   * The newest `sent`, unacknowledged delivery to any of `userIds` among `campaignIds`' (what a
   * reply "acknowledge" answers), or null.
   */
  latestUnacknowledged(userIds: string[], campaignIds: string[]): Promise<Delivery | null>;
  /** Pages of a campaign's original deliveries (no reminders) in id order (for CSV export). */
  list(campaignId: string, page: { afterId?: string; limit: number }): Promise<Delivery[]>;
}

export interface TrackingStore {
  saveTokens(tokens: LinkToken[]): Promise<void>;
  findToken(token: string): Promise<LinkToken | null>;
  /** All in one write (SQLite: one transaction, one disk sync); nothing for an empty list. */
  recordClicks(clicks: Click[]): Promise<void>;
  /** Clicks per delivery id, for the CSV export of one page of deliveries. */
  clicksByDelivery(deliveryIds: string[]): Promise<Map<string, number>>;
}

/** Reason shown for a failed / unscheduled delivery recorded without one. */
export const UNSPECIFIED_REASON = 'unspecified';

export interface ReportStore {
  /**
   * Aggregated in the database (SQL / aggregation pipeline), not in memory. A failed or
   * unscheduled delivery without a reason counts under UNSPECIFIED_REASON.
   */
  campaignReport(campaignId: string): Promise<CampaignReport>;
  /**
   * The funnel per value of `attribute` (groupFunnel's folding of one aggregate row per value),
   * aggregated in the database: no delivery is loaded.
   */
  funnelBy(campaignId: string, attribute: ProfileAttribute): Promise<GroupedFunnel>;
}

/** Request pacing shared by every process on the store (one send rate for the whole cluster). */
export interface SendRateStore {
  /**
   * Reserves the next `count` request slots of `key`: slots are `intervalMs` apart across every
   * caller of every process, none earlier than `now`. Returns the first slot's instant (epoch
   * ms); the caller's slots are that one and the `count - 1` following it. Atomic: two callers
   * never get the same slot.
   */
  reserve(key: string, intervalMs: number, count: number, now: number): Promise<number>;
}

/** How a worker closes an installation it claimed; the claim is released with it. */
export type InstallationSettlement = Pick<AppInstallation, 'status' | 'updatedAt'> &
  Partial<Pick<AppInstallation, 'dueAt' | 'reason' | 'alreadyInstalled' | 'attempts'>>;

export interface InstallationStore {
  /** Bulk insert; an installation already present (same id) is left as it is. */
  insert(installations: AppInstallation[]): Promise<void>;
  /** Whether an installation with this id was ever planned (whatever became of it). */
  exists(id: string): Promise<boolean>;
  /**
   * Atomically claims up to `limit` installations that are `waiting` and due, or `installing`
   * under a claim that expired before `now` (its worker died), earliest due first; they become
   * `installing`, claimed by `workerId` until `claimUntil`. Each comes with the id of its delivery.
   */
  claimDue(
    now: number,
    limit: number,
    workerId: string,
    claimUntil: number,
  ): Promise<ClaimedInstallation[]>;
  /**
   * Remembers, while `workerId` holds the claims, that Graph installed the app (or found it
   * already there) — so a worker taking over after a crash still knows who installed it.
   */
  noteInstalled(
    notes: Array<{ id: string; alreadyInstalled: boolean }>,
    workerId: string,
  ): Promise<void>;
  /**
   * Applies each settlement only while `workerId` holds that claim; one result per settlement,
   * in order. SQLite writes them in one transaction (one disk sync).
   */
  settle(
    workerId: string,
    settlements: Array<InstallationSettlement & { id: string }>,
  ): Promise<boolean[]>;
  /** A campaign's installations for these addresses, keyed by address (for the CSV export). */
  byEmail(campaignId: string, emails: string[]): Promise<Map<string, AppInstallation>>;
  /** Counted in the database. */
  funnel(campaignId: string): Promise<InstallationFunnel>;
}

/** How a revision worker closes a message it marked `applying`; the claim is released with it. */
export interface RevisionSettlement {
  id: string;
  revision: Exclude<RevisionStatus, 'applying' | 'up-to-date'>;
  reason?: string;
}

/**
 * Recalls and corrections (SPEC.md: Recall and correct): the campaign's trace, and each sent
 * message's revision, claimed by revision workers as deliveries are by dispatchers.
 */
export interface RevisionStore {
  /**
   * Records the revision on the campaign when it is running or finished and has none yet; a
   * correction's `message` becomes the campaign's message in the same write. Returns false,
   * changing nothing, otherwise (two admins confirming at once: one wins).
   */
  start(campaignId: string, revision: CampaignRevision): Promise<boolean>;
  /** Ids of the campaigns whose revision is under way (a handful: no index needed). */
  listOpen(): Promise<string[]>;
  /** Marks the revision completed; true for the one call that did (one report per revision). */
  complete(campaignId: string, at: number): Promise<boolean>;
  /**
   * Atomically claims up to `limit` sent messages of these campaigns whose revision is still
   * to do and not held by a live claim. Two workers never get the same message.
   */
  claimDue(
    campaignIds: string[],
    now: number,
    limit: number,
    workerId: string,
    claimUntil: number,
  ): Promise<Delivery[]>;
  /**
   * Marks the claimed messages `applying` right before their requests, when still to do and
   * held by `workerId`; one result per id, in order.
   */
  markApplying(ids: string[], workerId: string, now: number): Promise<boolean[]>;
  /** Closes `applying` messages held by `workerId`; one result per settlement, in order. */
  settle(settlements: RevisionSettlement[], workerId: string, now: number): Promise<boolean[]>;
  /** Extends the live claims `workerId` holds on messages still to do or `applying`. */
  renewClaims(workerId: string, claimUntil: number, now: number): Promise<number>;
  /** `applying` messages whose claim expired before `now` become `unknown`. Returns how many. */
  markStaleApplyingUnknown(now: number): Promise<number>;
  /** Counted in the database. */
  counts(campaignId: string): Promise<RevisionCounts>;
  /**
   * What may still need the revision: sent messages still to do or `applying`, sends under way
   * (`sending`), and pending deliveries held by a live dispatcher claim (their batch may have
   * read the campaign before the revision). Zero: the revision is complete.
   */
  openWork(campaignId: string, now: number): Promise<number>;
}

/** Every repository, on one database. */
export interface Repositories {
  readonly campaigns: CampaignStore;
  readonly lists: ListStore;
  readonly users: UserStore;
  readonly pairing: PairingStore;
  readonly deliveries: DeliveryStore;
  readonly tracking: TrackingStore;
  readonly reports: ReportStore;
  readonly installations: InstallationStore;
  readonly sendRate: SendRateStore;
  readonly revisions: RevisionStore;
}

/** Counts of a campaign's deliveries per status, every status present. */
export function zeroStatusCounts(): Record<DeliveryStatus, number> {
  return { pending: 0, sending: 0, sent: 0, failed: 0, unknown: 0, unscheduled: 0, unreachable: 0 };
}
