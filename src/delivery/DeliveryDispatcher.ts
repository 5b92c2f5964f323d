/**
 * Due-delivery dispatch (SPEC.md: Delivery rules 2–7). Claims due deliveries in batches, reads
 * the recipients' presence once per batch, asks the domain what happens to each delivery
 * (decideAttempt: send, next rung, defer, unschedule, fail) and carries that out. "Never
 * twice" rests on one rule: a delivery is persisted as `sending` right before its request
 * (after its rate-slot waits), and only a `sending` delivery can become `sent`; one found
 * `sending` after its claim expired (a crash) becomes `unknown`, never `pending` again.
 */
import type { Clock } from '../application/ports/Clock.js';
import { acknowledgeRequestCard } from '../cards/acknowledgementCard.js';
import { acknowledgementRequest, withAcknowledgeRequest } from '../domain/acknowledgement.js';
import type { CardAttachment } from '../shared/chatMessage.js';
import type { Campaign } from '../domain/campaign.js';
import type { Delivery } from '../domain/delivery.js';
import {
  decideAttempt,
  sendingHours,
  type AttemptDecision,
  type SendingHours,
} from '../domain/attemptDecision.js';
import {
  deliveryOutcome,
  MIN_RETRY_DELAY_MS,
  type AttemptEnd,
  type AttemptResult,
} from '../domain/deliveryOutcome.js';
import { mayReopenChat } from '../domain/installation.js';
import { personOf } from '../domain/person.js';
import { renderMessage } from '../domain/placeholders.js';
import { scheduleFor } from '../domain/recipientHours.js';
import { seededRng, type Rng } from '../domain/random.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { Logger } from '../logger.js';
import type {
  DeliverySender,
  ReservedSend,
  SendOutcome,
} from '../application/ports/MessageSender.js';
import { GRAPH_PRESENCE_BATCH_SIZE } from '../presence/GraphPresenceProvider.js';
import type { PresenceProvider } from '../application/ports/PresenceProvider.js';
import type { PresenceClass } from '../domain/presencePolicy.js';
import type {
  CampaignStore,
  DeliveryStore,
  DeliveryTransition,
  TrackingStore,
  UserStore,
} from '../application/ports/repositories.js';
import { GroupCommit } from '../shared/GroupCommit.js';
import { mapWithConcurrency } from '../shared/mapWithConcurrency.js';
import { AttemptPool } from './AttemptPool.js';
import { ReminderSteps, type HeldBackReminder } from './ReminderSteps.js';

/**
 * Opens a new 1:1 chat for a recipient whose chat Teams lost (404): through Graph, so only for
 * the Graph tenant's campaigns, and at most once per recipient of a campaign (src/installation).
 */
export interface ChatReopener {
  /** Whether this delivery's lost chat may be re-opened: allowed for its tenant, never done before. */
  mayReopen(campaign: Campaign, delivery: Delivery): Promise<boolean>;
  /** Plans the re-opening; the delivery, waiting meanwhile, is released into the new chat. */
  reopen(campaign: Campaign, delivery: Delivery, user: ReachableUser): Promise<void>;
}

/** Rewrites the links of one delivery's message to tracked links. */
export interface LinkRewriter {
  trackLinks(delivery: { id: string; campaignId: string }, markdown: string): Promise<string>;
}

export interface DispatcherDeps {
  campaigns: CampaignStore;
  users: UserStore;
  deliveries: DeliveryStore;
  /** Whether a recipient clicked, asked before each reminder. */
  clicks: Pick<TrackingStore, 'clicksByDelivery'>;
  clock: Clock;
  logger: Logger;
  presence: PresenceProvider;
  sender: DeliverySender;
  links: LinkRewriter;
  /** Without it (no Graph, no app catalog id) a lost chat leaves its delivery `failed`. */
  chats?: ChatReopener;
  /** Identifies this process's claims; unique per process. */
  workerId: string;
  /** Called once per campaign whose deliveries are all terminal after a round. */
  onCampaignDrained?: (campaignId: string) => Promise<void>;
  batchSize?: number;
  /** Sends in flight at once; the shared rate limiter inside the sender sets the pace. */
  concurrency?: number;
  /** How long a claim protects a batch; longer than the slowest send with its retries. */
  claimMs?: number;
  rngFor?: (delivery: Delivery) => Rng;
}

export interface DispatchSummary {
  claimed: number;
  sent: number;
  failed: number;
  unknown: number;
  retried: number;
  laddered: number;
  /** Due outside working hours (a late dispatcher): moved into the next working window. */
  deferred: number;
  unscheduled: number;
  /** Teams had lost the recipient's chat: a new one is being opened, the message sent there. */
  reopening: number;
  recoveredUnknown: number;
}

/** `skipped`: the delivery was no longer this worker's when its write came. */
type RoundResult = AttemptResult | 'skipped';

interface BatchContext {
  campaigns: Map<string, Campaign>;
  /** By sendingHoursKey. */
  hours: Map<string, SendingHours>;
  users: Map<string, ReachableUser>;
  presence: Map<string, PresenceClass>;
}

/** While a batch's sends are in flight, how often it looks for deliveries fallen due meanwhile. */
const TOP_UP_POLL_MS = 250;

export interface BatchOptions {
  /** Asked before each top-up claim; the worker says no once it is stopping. */
  keepClaiming?: () => boolean;
}
export class DeliveryDispatcher {
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly claimMs: number;
  private readonly transitions: GroupCommit<DeliveryTransition, boolean>;
  private readonly reminders: ReminderSteps;
  private recheckedSinceStart = false;

  constructor(private readonly deps: DispatcherDeps) {
    // One batch, one full Graph presence request: ⌈n/650⌉ requests per round.
    this.batchSize = deps.batchSize ?? GRAPH_PRESENCE_BATCH_SIZE;
    this.concurrency = deps.concurrency ?? 32;
    this.claimMs = deps.claimMs ?? 10 * 60_000;
    this.transitions = new GroupCommit((items) => deps.deliveries.transitionAll(items));
    this.reminders = new ReminderSteps(deps);
  }

  /** Works until nothing is due at the clock's current time. */
  async dispatchDue(): Promise<DispatchSummary> {
    const summary = emptySummary();
    summary.recoveredUnknown = await this.deps.deliveries.markStaleSendingUnknown(this.nowMs());
    const rechecked = await this.campaignsToRecheck(summary.recoveredUnknown);
    const touched = new Set<string>();
    while ((await this.dispatchInto(summary, touched)) > 0);
    await this.reportDrained(touched, rechecked);
    return summary;
  }

  /**
   * Sends a dead process left `sending` (their claims lapsed) become `unknown`; a campaign whose
   * last deliveries they were finishes now, not at its next batch or at the end of its duration.
   * Returns how many sends were resolved.
   */
  async recoverStaleSends(): Promise<number> {
    const recovered = await this.deps.deliveries.markStaleSendingUnknown(this.nowMs());
    if (recovered > 0)
      await this.reportDrained(new Set(), await this.campaignsToRecheck(recovered));
    return recovered;
  }

  /**
   * Claims one batch (at most `batchSize` due deliveries) and works it through: the unit a
   * dispatch worker repeats. Its claims last `claimMs` unless the worker renews them.
   */
  async dispatchBatch(options: BatchOptions = {}): Promise<DispatchSummary> {
    const summary = emptySummary();
    const rechecked = await this.campaignsToRecheck(0);
    const touched = new Set<string>();
    await this.dispatchRolling(summary, touched, options.keepClaiming ?? (() => true));
    await this.reportDrained(touched, rechecked);
    return summary;
  }

  /**
   * One batch that takes in what falls due while its sends are in flight: a send waiting out a
   * Retry-After (or a slow connector) never holds back the deliveries due behind it. Without
   * this, a delivery due in the last seconds before closing waited for the slowest send of the
   * batch before it and found the working day closed, never attempted. At most `batchSize`
   * deliveries are held at once; nothing more is claimed once `keepClaiming` says no.
   */
  private async dispatchRolling(
    summary: DispatchSummary,
    touched: Set<string>,
    keepClaiming: () => boolean,
  ): Promise<void> {
    const pool = new AttemptPool<BatchContext, RoundResult>(this.concurrency, (d, context) =>
      this.attempt(d, context),
    );
    for (let first = true; first || (keepClaiming() && !pool.failed); first = false) {
      const room = this.batchSize - pool.held;
      const batch = room > 0 ? await this.claim(room) : [];
      if (batch.length > 0) {
        summary.claimed += batch.length;
        for (const d of batch) touched.add(d.campaignId);
        pool.add(batch, await this.loadContext(batch));
      }
      if (pool.held === 0) break;
      await pool.settledOr((signal) => this.untilNextDue(signal));
    }
    for (const result of await pool.drain()) if (result !== 'skipped') summary[result]++;
  }

  /** Sleeps until the next delivery falls due, at most TOP_UP_POLL_MS (others' claims hide theirs). */
  private async untilNextDue(signal: AbortSignal): Promise<void> {
    const next = await this.deps.deliveries.nextDueAt();
    const now = this.nowMs();
    // Already due yet not claimed: held by another process, or no room here; look again soon.
    const wait = next === null || next <= now ? TOP_UP_POLL_MS : next - now;
    await this.deps.clock.sleep(Math.min(wait, TOP_UP_POLL_MS), signal);
  }

  private claim(limit: number): Promise<Delivery[]> {
    const now = this.nowMs();
    return this.deps.deliveries.claimDue(now, limit, this.deps.workerId, now + this.claimMs);
  }

  private async dispatchInto(summary: DispatchSummary, touched: Set<string>): Promise<number> {
    const now = this.nowMs();
    const batch = await this.deps.deliveries.claimDue(
      now,
      this.batchSize,
      this.deps.workerId,
      now + this.claimMs,
    );
    if (batch.length === 0) return 0;
    summary.claimed += batch.length;
    const context = await this.loadContext(batch);
    const results = await mapWithConcurrency(batch, this.concurrency, (d) =>
      this.attempt(d, context),
    );
    for (const result of results) if (result !== 'skipped') summary[result]++;
    for (const d of batch) touched.add(d.campaignId);
    return batch.length;
  }

  /**
   * Running campaigns whose deliveries may all be terminal with no round having noticed:
   * recovery just resolved stale sends (maybe a campaign's last ones), or this process has just
   * started (the one before may have died between a campaign's last send and its check).
   */
  private async campaignsToRecheck(recovered: number): Promise<string[]> {
    if (recovered === 0 && this.recheckedSinceStart) return [];
    this.recheckedSinceStart = true;
    return this.deps.campaigns.listIdsByStatus('running');
  }

  private nowMs(): number {
    return this.deps.clock.now().toMillis();
  }

  private async loadContext(batch: Delivery[]): Promise<BatchContext> {
    const campaigns = new Map<string, Campaign>();
    for (const id of new Set(batch.map((d) => d.campaignId))) {
      const campaign = await this.deps.campaigns.get(id);
      if (campaign) campaigns.set(id, campaign);
    }
    // Per campaign, and per recipient's own hours where the campaign follows them.
    const hours = new Map<string, SendingHours>();
    const now = this.deps.clock.now();
    for (const d of batch) {
      const campaign = campaigns.get(d.campaignId);
      const key = sendingHoursKey(d);
      if (campaign && !hours.has(key)) hours.set(key, sendingHours(scheduleFor(campaign, d), now));
    }
    const users = await this.deps.users.getMany(batch.flatMap((d) => (d.userId ? [d.userId] : [])));
    const presence = await this.readPresence(batch, campaigns, users);
    return { campaigns, hours, users, presence };
  }

  /** One presence read per batch, only for recipients whose campaign's policy needs it. */
  private async readPresence(
    batch: Delivery[],
    campaigns: Map<string, Campaign>,
    users: Map<string, ReachableUser>,
  ): Promise<Map<string, PresenceClass>> {
    // Each tenant's recipients are read from that tenant's own directory.
    const idsByTenant = new Map<string, Set<string>>();
    for (const d of batch) {
      const campaign = campaigns.get(d.campaignId);
      if (!campaign || !this.deps.presence.configuredFor(campaign.tenantId)) continue;
      const aadId = d.userId ? users.get(d.userId)?.aadObjectId : undefined;
      if (campaign.presencePolicy === 'ignore' || !aadId) continue;
      const ids = idsByTenant.get(campaign.tenantId) ?? new Set<string>();
      ids.add(aadId);
      idsByTenant.set(campaign.tenantId, ids);
    }
    const presences = new Map<string, PresenceClass>();
    for (const [tenantId, ids] of idsByTenant) {
      for (const [id, presence] of await this.deps.presence.getPresences(tenantId, [...ids])) {
        presences.set(id, presence);
      }
    }
    return presences;
  }

  private async attempt(delivery: Delivery, context: BatchContext): Promise<RoundResult> {
    // Every timing rule of this delivery runs in its recipient's hours when it has their own.
    const stored = context.campaigns.get(delivery.campaignId);
    const campaign = stored === undefined ? null : scheduleFor(stored, delivery);
    let original: Delivery | undefined;
    // A reminder of a campaign still running is checked first: not due yet, or not needed.
    if (delivery.reminderOf !== undefined && campaign?.status === 'running') {
      const checked = await this.reminders.check(delivery, campaign);
      if (checked.kind === 'held-back') return this.settle(delivery, campaign, checked.end, false);
      original = checked.original;
    }
    const decision = this.decide(delivery, campaign, context);
    if (decision.kind !== 'send') return this.settle(delivery, campaign, decision, false);
    const user = context.users.get(delivery.userId!)!;
    return this.send(delivery, campaign!, user, decision.sendBefore.toMillis(), original);
  }

  /**
   * The text a delivery sends: the campaign's message, or for a reminder (with its `original`)
   * that message under a line naming the original. A reminder's links count as the original's:
   * a click on either is the recipient's, and the report's audience counts recipients.
   */
  private async messageOf(
    delivery: Delivery,
    campaign: Campaign,
    user: ReachableUser,
    original: Delivery | undefined,
  ): Promise<string> {
    const tracked = await this.deps.links.trackLinks(
      { id: delivery.reminderOf ?? delivery.id, campaignId: delivery.campaignId },
      withAcknowledgeRequest(renderMessage(campaign.message, personOf(user)), campaign),
    );
    return original === undefined
      ? tracked
      : this.reminders.text(delivery, campaign, original, tracked);
  }

  /**
   * Right before the request, with the slots held: a reminder is checked once more (a read or
   * a click may have come while it waited for them), and the reminder after this message is
   * planned. Returns how the attempt ends instead, or null to send.
   */
  private async lastChecks(
    delivery: Delivery,
    campaign: Campaign,
  ): Promise<HeldBackReminder | null> {
    if (delivery.reminderOf !== undefined) {
      const checked = await this.reminders.check(delivery, campaign);
      if (checked.kind === 'held-back') return checked.end;
    }
    await this.reminders.planNext(campaign, delivery);
    return null;
  }

  private decide(
    delivery: Delivery,
    campaign: Campaign | null,
    context: BatchContext,
  ): AttemptDecision {
    const user = delivery.userId ? context.users.get(delivery.userId) : undefined;
    return decideAttempt({
      delivery,
      campaign,
      hours: context.hours.get(sendingHoursKey(delivery)) ?? null,
      user,
      presenceConfigured: campaign !== null && this.deps.presence.configuredFor(campaign.tenantId),
      presence: user?.aadObjectId ? context.presence.get(user.aadObjectId) : undefined,
      now: this.deps.clock.now(),
      rng: this.rngOf(delivery),
    });
  }

  /**
   * Writes how the attempt ended, as the domain settles it (deliveryOutcome): one conditional
   * write, from `pending`, or from `sending` once the attempt was recorded.
   */
  private async settle(
    delivery: Delivery,
    campaign: Campaign | null,
    end: AttemptEnd,
    began: boolean,
  ): Promise<RoundResult> {
    const update = deliveryOutcome({
      delivery,
      end,
      began,
      campaign,
      now: this.deps.clock.now(),
      rng: this.rngOf(delivery),
    });
    // Sent with a corrected campaign's new message (its batch read the campaign after the
    // correction): nothing for the correction to replace.
    const patch =
      end.kind === 'sent' && campaign?.revision?.kind === 'correct'
        ? { ...update.patch, revision: 'up-to-date' as const }
        : update.patch;
    const applied = await this.transition(delivery, update.from, patch);
    const ids = { campaignId: delivery.campaignId, deliveryId: delivery.id };
    if (isSendOutcome(end)) {
      if (!applied)
        this.deps.logger.warn({ ...ids, outcome: end.kind }, 'delivery changed while sending');
      // A successful send is routine (100k a campaign); what needs an operator's eye is not.
      const level = end.kind === 'sent' || end.kind === 'transient' ? 'debug' : 'info';
      this.deps.logger[level]({ ...ids, outcome: end.kind }, 'delivery attempt');
    }
    if (applied && update.result === 'unscheduled')
      this.deps.logger.info({ ...ids, reason: update.patch.reason }, 'delivery unscheduled');
    return applied ? update.result : 'skipped';
  }

  /** Conditional on the status and on this worker's claim; written with its neighbours' (GroupCommit). */
  private transition(
    delivery: Delivery,
    from: DeliveryTransition['from'],
    patch: DeliveryTransition['patch'],
  ): Promise<boolean> {
    return this.transitions.submit({ id: delivery.id, from, patch, workerId: this.deps.workerId });
  }

  private rngOf(delivery: Delivery): Rng {
    return this.deps.rngFor?.(delivery) ?? seededRng(`${delivery.id}:${delivery.attempts}`);
  }

  /**
   * The delivery becomes `sending` only once its rate slots are held and closing time (and, for
   * a reminder, the recipient's reactions) are checked, right before its request: a process
   * that dies while sends wait for their slots leaves them `pending`, claimable again once its
   * claims lapse, not `unknown`.
   */
  private async send(
    delivery: Delivery,
    campaign: Campaign,
    user: ReachableUser,
    sendBefore: number,
    original: Delivery | undefined,
  ): Promise<RoundResult> {
    const text = await this.messageOf(delivery, campaign, user, original);
    // A reminder's Acknowledge button acknowledges the original, as its links count as the original's.
    const card =
      acknowledgementRequest(campaign) === 'button'
        ? acknowledgeRequestCard(delivery.reminderOf ?? delivery.id, text)
        : undefined;
    const reserved = await this.reserve(user, sendBefore);
    if (reserved.kind !== 'reserved') return this.settle(delivery, campaign, reserved, false);
    const heldBack = await this.lastChecks(delivery, campaign);
    if (heldBack !== null) return this.settle(delivery, campaign, heldBack, false);
    const began = await this.transition(delivery, 'pending', {
      status: 'sending',
      attempts: delivery.attempts + 1,
      updatedAt: this.nowMs(),
    });
    // Withdrawn: the delivery was no longer this worker's when its turn came.
    if (!began) return 'skipped';
    const outcome = await this.post(reserved, text, user, card);
    if (await this.shouldReopenChat(outcome, campaign, delivery, user))
      return this.reopenChat(delivery, campaign, user);
    return this.settle(delivery, campaign, outcome, true);
  }

  private async shouldReopenChat(
    outcome: SendOutcome,
    campaign: Campaign,
    delivery: Delivery,
    user: ReachableUser,
  ): Promise<boolean> {
    const { chats } = this.deps;
    // A re-opened chat releases the recipient's original delivery: a reminder's 404 is final.
    if (delivery.reminderOf !== undefined) return false;
    if (chats === undefined || !mayReopenChat(outcome, user)) return false;
    try {
      return await chats.mayReopen(campaign, delivery);
    } catch (error) {
      // The send's answer is known (404): it is written down as it is, not left `sending`.
      this.deps.logger.error({ err: error, deliveryId: delivery.id }, 'chat re-opening not asked');
      return false;
    }
  }

  /**
   * The delivery waits (pending) before the re-opening is planned: the installation worker can
   * only release a delivery that waits, and one whose plan was lost in a crash is tried again.
   */
  private async reopenChat(
    delivery: Delivery,
    campaign: Campaign,
    user: ReachableUser,
  ): Promise<RoundResult> {
    const result = await this.settle(delivery, campaign, { kind: 'reopen-chat' }, true);
    if (result !== 'reopening') return result;
    this.deps.logger.info(
      { campaignId: delivery.campaignId, deliveryId: delivery.id, userId: user.id },
      'chat lost (404): re-opening it',
    );
    try {
      await this.deps.chats!.reopen(campaign, delivery, user);
    } catch (error) {
      // Not planned: the delivery falls due again (REOPENING_FALLBACK_MS) and asks once more.
      this.deps.logger.error(
        { err: error, deliveryId: delivery.id },
        'chat re-opening not planned',
      );
    }
    return result;
  }

  /** A throw while waiting for the slots sent nothing: the delivery is tried again shortly. */
  private async reserve(
    user: ReachableUser,
    sendBefore: number,
  ): Promise<ReservedSend | SendOutcome> {
    try {
      return await this.deps.sender.reserve(user, sendBefore);
    } catch (error) {
      this.deps.logger.error({ err: error, userId: user.id }, 'sender threw');
      return { kind: 'transient', retryAfterMs: MIN_RETRY_DELAY_MS, reason: 'sender-error' };
    }
  }

  /** An unexpected throw once `sending` was recorded is an unknown outcome: never re-sent. */
  private async post(
    reserved: ReservedSend,
    text: string,
    user: ReachableUser,
    card: CardAttachment | undefined,
  ) {
    try {
      return await reserved.post(text, card);
    } catch (error) {
      this.deps.logger.error({ err: error, userId: user.id }, 'sender threw');
      return { kind: 'unknown', reason: 'sender-error' } as const;
    }
  }

  /** The finisher still refuses a campaign whose start is planning it. */
  private async reportDrained(touched: Set<string>, rechecked: string[]): Promise<void> {
    if (!this.deps.onCampaignDrained) return;
    for (const campaignId of new Set([...touched, ...rechecked])) {
      // Reminders still to come keep their campaign running.
      if ((await this.deps.deliveries.countWaiting(campaignId)) > 0) continue;
      await this.deps.onCampaignDrained(campaignId);
    }
  }
}

/** Deliveries with the same key share their sending hours: their campaign's, or the same own hours. */
function sendingHoursKey(delivery: Delivery): string {
  const own = delivery.recipientHours;
  return own?.source === 'own'
    ? `${delivery.campaignId} ${JSON.stringify(own.hours)}`
    : delivery.campaignId;
}

export function emptySummary(): DispatchSummary {
  return {
    claimed: 0,
    sent: 0,
    failed: 0,
    unknown: 0,
    retried: 0,
    laddered: 0,
    deferred: 0,
    unscheduled: 0,
    reopening: 0,
    recoveredUnknown: 0,
  };
}

function isSendOutcome(end: AttemptEnd): end is SendOutcome {
  return ['sent', 'failed', 'transient', 'unknown', 'too-late'].includes(end.kind);
}
