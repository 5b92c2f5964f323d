/**
 * Due-delivery dispatch (SPEC.md: Delivery rules 2–7). Claims due deliveries in batches, reads
 * the recipients' presence once per batch, asks the domain what happens to each delivery
 * (decideAttempt: send, next rung, defer, unschedule, fail) and carries that out. "Never
 * twice" rests on one rule: a delivery is persisted as `sending` right before its request
 * (after its rate-slot waits), and only a `sending` delivery can become `sent`; one found
 * `sending` after its claim expired (a crash) becomes `unknown`, never `pending` again.
 */
import type { Clock } from '../application/ports/Clock.js';
import type { Campaign } from '../domain/campaign.js';
import type { Delivery } from '../domain/delivery.js';
import {
  afterClosingTime,
  decideAttempt,
  sendingHours,
  type AttemptDecision,
  type SendingHours,
} from '../domain/attemptDecision.js';
import { personOf } from '../domain/person.js';
import { renderMessage } from '../domain/placeholders.js';
import { seededRng, type Rng } from '../domain/random.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { Logger } from '../logger.js';
import type { MessageSender, SendOutcome } from '../application/ports/MessageSender.js';
import { GRAPH_PRESENCE_BATCH_SIZE } from '../presence/GraphPresenceProvider.js';
import type { PresenceProvider } from '../application/ports/PresenceProvider.js';
import type { PresenceClass } from '../domain/presencePolicy.js';
import type {
  CampaignStore,
  DeliveryStore,
  DeliveryTransition,
  UserStore,
} from '../application/ports/repositories.js';
import { GroupCommit } from '../shared/GroupCommit.js';
import { mapWithConcurrency } from '../shared/mapWithConcurrency.js';

/** Rewrites the links of one delivery's message to tracked links. */
export interface LinkRewriter {
  trackLinks(delivery: { id: string; campaignId: string }, markdown: string): Promise<string>;
}

export interface DispatcherDeps {
  campaigns: CampaignStore;
  users: UserStore;
  deliveries: DeliveryStore;
  clock: Clock;
  logger: Logger;
  presence: PresenceProvider;
  sender: MessageSender;
  links: LinkRewriter;
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
  recoveredUnknown: number;
}

type AttemptResult =
  'sent' | 'failed' | 'unknown' | 'retried' | 'laddered' | 'deferred' | 'unscheduled' | 'skipped';

interface BatchContext {
  campaigns: Map<string, Campaign>;
  hours: Map<string, SendingHours>;
  users: Map<string, ReachableUser>;
  presence: Map<string, PresenceClass>;
}

/** One send's progress: `began` once `sending` is persisted, `withdrawn` when it could not be. */
interface Attempt {
  began: boolean;
  withdrawn: boolean;
  begin: () => Promise<void>;
}

const RELEASED_CLAIM = { claimedBy: undefined, claimedUntil: undefined };

/**
 * Floor for a channel's "retry after": a retry due at once would be claimed again in the same
 * round and hammer a throttling channel in a tight loop.
 */
const MIN_RETRY_DELAY_MS = 1_000;
export class DeliveryDispatcher {
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly claimMs: number;
  private readonly transitions: GroupCommit<DeliveryTransition, boolean>;
  private recheckedSinceStart = false;

  constructor(private readonly deps: DispatcherDeps) {
    // One batch, one full Graph presence request: ⌈n/650⌉ requests per round.
    this.batchSize = deps.batchSize ?? GRAPH_PRESENCE_BATCH_SIZE;
    this.concurrency = deps.concurrency ?? 32;
    this.claimMs = deps.claimMs ?? 10 * 60_000;
    this.transitions = new GroupCommit((items) => deps.deliveries.transitionAll(items));
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
  async dispatchBatch(): Promise<DispatchSummary> {
    const summary = emptySummary();
    const rechecked = await this.campaignsToRecheck(0);
    const touched = new Set<string>();
    await this.dispatchInto(summary, touched);
    await this.reportDrained(touched, rechecked);
    return summary;
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
    const hours = new Map<string, SendingHours>();
    for (const id of new Set(batch.map((d) => d.campaignId))) {
      const campaign = await this.deps.campaigns.get(id);
      if (!campaign) continue;
      campaigns.set(id, campaign);
      hours.set(id, sendingHours(campaign, this.deps.clock.now()));
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
    const ids = new Set<string>();
    for (const d of batch) {
      const campaign = campaigns.get(d.campaignId);
      if (!campaign || !this.deps.presence.configuredFor(campaign.tenantId)) continue;
      const aadId = d.userId ? users.get(d.userId)?.aadObjectId : undefined;
      if (campaign.presencePolicy !== 'ignore' && aadId) ids.add(aadId);
    }
    return ids.size === 0 ? new Map() : this.deps.presence.getPresences([...ids]);
  }

  private async attempt(delivery: Delivery, context: BatchContext): Promise<AttemptResult> {
    const decision = this.decide(delivery, context);
    if (decision.kind !== 'send') return this.carryOut(delivery, decision);
    const campaign = context.campaigns.get(delivery.campaignId)!;
    const user = context.users.get(delivery.userId!)!;
    return this.send(delivery, campaign, user, decision.sendBefore.toMillis());
  }

  private decide(delivery: Delivery, context: BatchContext): AttemptDecision {
    const user = delivery.userId ? context.users.get(delivery.userId) : undefined;
    const campaign = context.campaigns.get(delivery.campaignId) ?? null;
    return decideAttempt({
      delivery,
      campaign,
      hours: context.hours.get(delivery.campaignId) ?? null,
      user,
      presenceConfigured: campaign !== null && this.deps.presence.configuredFor(campaign.tenantId),
      presence: user?.aadObjectId ? context.presence.get(user.aadObjectId) : undefined,
      now: this.deps.clock.now(),
      rng: this.rngOf(delivery),
    });
  }

  /**
   * Every decision but `send`: one conditional write, from `pending` — or from `sending` when a
   * send was given up before its request (closing time came while it waited).
   */
  private async carryOut(
    delivery: Delivery,
    decision: Exclude<AttemptDecision, { kind: 'send' }>,
    from: 'pending' | 'sending' = 'pending',
  ): Promise<AttemptResult> {
    switch (decision.kind) {
      case 'unschedule':
        return this.unschedule(delivery, decision.reason, from);
      case 'fail':
        return this.fail(delivery, decision.reason);
      case 'defer':
        return this.settle(delivery, 'deferred', from, {
          dueAt: decision.dueAt.toMillis(),
          reason: decision.reason,
          attempts: delivery.attempts,
        });
      case 'retry':
        return this.settle(delivery, 'laddered', from, {
          dueAt: decision.dueAt.toMillis(),
          dayCycle: decision.position.dayCycle,
          step: decision.position.step,
          attempts: delivery.attempts + 1,
        });
    }
  }

  /** Back to `pending` with a new due time, the claim released. */
  private async settle(
    delivery: Delivery,
    result: 'deferred' | 'laddered',
    from: 'pending' | 'sending',
    patch: DeliveryTransition['patch'],
  ): Promise<AttemptResult> {
    const applied = await this.transition(delivery, from, {
      ...patch,
      status: 'pending',
      updatedAt: this.nowMs(),
      ...RELEASED_CLAIM,
    });
    return applied ? result : 'skipped';
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

  private async unschedule(
    delivery: Delivery,
    reason: string,
    from: 'pending' | 'sending',
  ): Promise<AttemptResult> {
    const applied = await this.transition(delivery, from, {
      status: 'unscheduled',
      reason,
      dueAt: null,
      updatedAt: this.nowMs(),
      ...RELEASED_CLAIM,
    });
    if (applied)
      this.deps.logger.info(
        { campaignId: delivery.campaignId, deliveryId: delivery.id, reason },
        'delivery unscheduled',
      );
    return applied ? 'unscheduled' : 'skipped';
  }

  private async fail(delivery: Delivery, reason: string): Promise<AttemptResult> {
    const applied = await this.transition(delivery, 'pending', {
      status: 'failed',
      reason,
      dueAt: null,
      updatedAt: this.nowMs(),
      ...RELEASED_CLAIM,
    });
    return applied ? 'failed' : 'skipped';
  }

  /**
   * The delivery becomes `sending` only once its rate slots are held and closing time is
   * checked, right before its request: a process that dies while sends wait for their slots
   * leaves them `pending`, claimable again once its claims lapse, not `unknown`.
   */
  private async send(
    delivery: Delivery,
    campaign: Campaign,
    user: ReachableUser,
    sendBefore: number,
  ): Promise<AttemptResult> {
    const { logger } = this.deps;
    const text = await this.deps.links.trackLinks(
      delivery,
      renderMessage(campaign.message, personOf(user)),
    );
    const attempt = this.attemptOf(delivery);
    const outcome = await this.callChannel(user, text, sendBefore, attempt);
    if (outcome === null) return 'skipped';
    const from = attempt.began ? 'sending' : 'pending';
    if (outcome.kind === 'too-late') {
      const now = this.deps.clock.now();
      return this.carryOut(delivery, afterClosingTime(campaign, now, this.rngOf(delivery)), from);
    }
    const ids = { campaignId: delivery.campaignId, deliveryId: delivery.id };
    const patch = this.outcomePatch(outcome);
    // Refused before any request (an unusable conversation reference): still an attempt.
    if (!attempt.began && outcome.kind !== 'transient') patch.attempts = delivery.attempts + 1;
    const applied = await this.transition(delivery, from, patch);
    if (!applied) logger.warn({ ...ids, outcome: outcome.kind }, 'delivery changed while sending');
    // A successful send is routine (100k a campaign); what needs an operator's eye is not.
    const level = outcome.kind === 'sent' || outcome.kind === 'transient' ? 'debug' : 'info';
    logger[level]({ ...ids, outcome: outcome.kind }, 'delivery attempt');
    return outcome.kind === 'transient' ? 'retried' : outcome.kind;
  }

  /**
   * What the sender calls right before the first request: the delivery becomes `sending`,
   * conditional on this worker's claim; when the claim is gone the send is withdrawn.
   */
  private attemptOf(delivery: Delivery): Attempt {
    const attempt: Attempt = {
      began: false,
      withdrawn: false,
      begin: async () => {
        attempt.began = await this.transition(delivery, 'pending', {
          status: 'sending',
          attempts: delivery.attempts + 1,
          updatedAt: this.nowMs(),
        });
        if (attempt.began) return;
        attempt.withdrawn = true;
        throw new Error('delivery no longer claimed by this worker');
      },
    };
    return attempt;
  }

  /**
   * An unexpected throw after `sending` was persisted is an unknown outcome: never re-send.
   * Before it, nothing went out: the delivery is tried again shortly. Null: withdrawn, the
   * delivery was no longer this worker's when its turn came.
   */
  private async callChannel(
    user: ReachableUser,
    text: string,
    sendBefore: number,
    attempt: Attempt,
  ): Promise<SendOutcome | null> {
    try {
      return await this.deps.sender.send(user, text, sendBefore, attempt.begin);
    } catch (error) {
      if (attempt.withdrawn) return null;
      this.deps.logger.error({ err: error, userId: user.id }, 'sender threw');
      return attempt.began
        ? { kind: 'unknown', reason: 'sender-error' }
        : { kind: 'transient', retryAfterMs: MIN_RETRY_DELAY_MS, reason: 'sender-error' };
    }
  }

  private outcomePatch(outcome: Exclude<SendOutcome, { kind: 'too-late' }>): Partial<Delivery> {
    const now = this.nowMs();
    const done = { dueAt: null, updatedAt: now, ...RELEASED_CLAIM };
    switch (outcome.kind) {
      case 'sent':
        return {
          ...done,
          status: 'sent',
          sentAt: now,
          activityId: outcome.activityId,
          reason: undefined,
        };
      case 'failed':
        return { ...done, status: 'failed', reason: outcome.reason };
      case 'unknown':
        return { ...done, status: 'unknown', reason: outcome.reason };
      case 'transient':
        // Throttling is not absence: same rung, later, ladder untouched.
        return {
          status: 'pending',
          dueAt: now + Math.max(outcome.retryAfterMs, MIN_RETRY_DELAY_MS),
          updatedAt: now,
          reason: outcome.reason,
          ...RELEASED_CLAIM,
        };
    }
  }

  /** The finisher still refuses a campaign whose start is planning it. */
  private async reportDrained(touched: Set<string>, rechecked: string[]): Promise<void> {
    if (!this.deps.onCampaignDrained) return;
    for (const campaignId of new Set([...touched, ...rechecked])) {
      const counts = await this.deps.deliveries.countByStatus(campaignId);
      if (counts.pending > 0 || counts.sending > 0) continue;
      await this.deps.onCampaignDrained(campaignId);
    }
  }
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
    recoveredUnknown: 0,
  };
}
