/**
 * Every process runs one revision worker (SPEC.md: Recall and correct). While a campaign's
 * recall or correction is under way it claims that campaign's sent messages in batches (claims
 * are atomic across processes), deletes or replaces each one through the Bot Connector within
 * the cluster-wide rate slots, and, once nothing is left, marks the revision complete (one
 * process wins) and tells its author.
 *
 * "Never twice" rests on the dispatcher's rule: a message is persisted `applying` right before
 * its request, after its rate-slot wait, and only an `applying` message can become done, failed
 * or unknown. A process that dies leaves its claimed messages to the others once their claims
 * lapse; those it left `applying` become `unknown`, never tried again.
 */
import type { Clock } from '../application/ports/Clock.js';
import type {
  CampaignStore,
  DeliveryStore,
  RevisionSettlement,
  RevisionStore,
  UserStore,
} from '../application/ports/repositories.js';
import type { EditOutcome, SentMessageEditor } from '../application/ports/SentMessageEditor.js';
import type { LinkRewriter } from '../application/ports/LinkRewriter.js';
import type { Campaign } from '../domain/campaign.js';
import type { Delivery } from '../domain/delivery.js';
import { DateTime } from 'luxon';
import { withAcknowledgeRequest } from '../domain/acknowledgement.js';
import { personOf } from '../domain/person.js';
import { reminderMessage } from '../domain/reminderMessage.js';
import { renderMessage } from '../domain/placeholders.js';
import type { ReachableUser } from '../domain/recipients.js';
import { revisionProgress, type RevisionProgress } from '../domain/revision.js';
import type { Logger } from '../logger.js';
import { GroupCommit } from '../shared/GroupCommit.js';
import { mapWithConcurrency } from '../shared/mapWithConcurrency.js';
import { ClaimingLoop, type WorkerState } from '../delivery/ClaimingLoop.js';

export interface RevisionWorkerDeps {
  revisions: RevisionStore;
  campaigns: Pick<CampaignStore, 'get'>;
  users: Pick<UserStore, 'getMany'>;
  /** A reminder's original, whose sending time a corrected reminder names. */
  deliveries: Pick<DeliveryStore, 'get'>;
  editor: SentMessageEditor;
  links: LinkRewriter;
  clock: Clock;
  logger: Logger;
  workerId: string;
  /** Lifetime of a claim the heartbeat does not renew. */
  claimLifetimeMs: number;
  /** Sleep when no revision has anything left to claim. */
  idlePollMs: number;
  batchSize: number;
  /** Edits in flight at once; the cluster-wide pacer sets the pace. */
  concurrency: number;
  /** Tells the revision's author it is done. */
  notifyAuthor: (campaign: Campaign, progress: RevisionProgress) => Promise<void>;
}

/** `skipped`: the message was no longer this worker's when its write came. */
type EditResult = EditOutcome['kind'] | 'skipped';

interface Batch {
  campaigns: Map<string, Campaign>;
  users: Map<string, ReachableUser>;
}

export class RevisionWorker {
  private readonly loop: ClaimingLoop;
  private readonly applying: GroupCommit<string, boolean>;
  private readonly settling: GroupCommit<RevisionSettlement, boolean>;
  private edits = 0;

  constructor(private readonly deps: RevisionWorkerDeps) {
    this.loop = new ClaimingLoop({
      clock: deps.clock,
      logger: deps.logger,
      workerId: deps.workerId,
      claimLifetimeMs: deps.claimLifetimeMs,
      round: () => this.workOnce(),
      restMs: async () => deps.idlePollMs,
      heartbeat: (now) => this.heartbeat(now),
    });
    // Each edit needs two durable writes; on SQLite a commit costs a disk sync, so concurrent
    // edits' writes share one (see GroupCommit).
    this.applying = new GroupCommit((ids) =>
      deps.revisions.markApplying(ids, deps.workerId, this.nowMs()),
    );
    this.settling = new GroupCommit((settlements) =>
      deps.revisions.settle(settlements, deps.workerId, this.nowMs()),
    );
  }

  start(): void {
    this.loop.start();
  }

  /** Claims nothing more, finishes the batch in hand, then stops; false if still busy after `timeoutMs`. */
  stop(timeoutMs: number): Promise<boolean> {
    return this.loop.stop(timeoutMs);
  }

  status(): { workerId: string; state: WorkerState; edits: number } {
    return { workerId: this.deps.workerId, state: this.loop.state, edits: this.edits };
  }

  /** One claim and its edits, then the completion of revisions left with nothing to do. */
  async workOnce(): Promise<number> {
    const open = await this.deps.revisions.listOpen();
    if (open.length === 0) return 0;
    const now = this.nowMs();
    const claimed = await this.deps.revisions.claimDue(
      open,
      now,
      this.deps.batchSize,
      this.deps.workerId,
      now + this.deps.claimLifetimeMs,
    );
    if (claimed.length > 0) {
      const batch = await this.load(claimed);
      const results = await mapWithConcurrency(claimed, this.deps.concurrency, (d) =>
        this.edit(d, batch),
      );
      this.edits += results.filter((r) => r !== 'skipped').length;
    }
    if (claimed.length < this.deps.batchSize) await this.completeDone(open);
    return claimed.length;
  }

  private async load(claimed: Delivery[]): Promise<Batch> {
    const campaigns = new Map<string, Campaign>();
    for (const id of new Set(claimed.map((d) => d.campaignId))) {
      const campaign = await this.deps.campaigns.get(id);
      if (campaign) campaigns.set(id, campaign);
    }
    const users = await this.deps.users.getMany(
      claimed.flatMap((d) => (d.userId ? [d.userId] : [])),
    );
    return { campaigns, users };
  }

  /** Persisted `applying` once the rate slots are held, right before the request. */
  private async edit(delivery: Delivery, batch: Batch): Promise<EditResult> {
    const campaign = batch.campaigns.get(delivery.campaignId);
    const revision = campaign?.revision;
    const user = delivery.userId ? batch.users.get(delivery.userId) : undefined;
    if (!campaign || !revision) return 'skipped';
    if (!user || !delivery.activityId) {
      return this.close(delivery, { kind: 'failed', reason: 'recipient-unknown' });
    }
    const text =
      revision.kind === 'correct' ? await this.correctedText(delivery, campaign, user) : '';
    const reserved = await this.deps.editor.reserve(user, delivery.activityId);
    if (reserved.kind !== 'reserved') return this.close(delivery, reserved);
    if (!(await this.applying.submit(delivery.id))) return 'skipped';
    const outcome =
      revision.kind === 'recall' ? await reserved.delete() : await reserved.replace(text);
    return this.settle(delivery, outcome);
  }

  /**
   * The new message as the dispatcher would send it now: placeholders filled, links tracked
   * (a reminder's as its original's), the acknowledgement request of a channel without cards,
   * and for a reminder the line naming the original above it.
   */
  private async correctedText(
    delivery: Delivery,
    campaign: Campaign,
    user: ReachableUser,
  ): Promise<string> {
    const message = await this.deps.links.trackLinks(
      { id: delivery.reminderOf ?? delivery.id, campaignId: delivery.campaignId },
      withAcknowledgeRequest(renderMessage(campaign.message, personOf(user)), campaign),
    );
    if (delivery.reminderOf === undefined) return message;
    const original = await this.deps.deliveries.get(delivery.reminderOf);
    if (original?.sentAt === undefined) return message;
    const { reminders } = campaign.options;
    const number = delivery.reminderNumber ?? 1;
    return reminderMessage({
      campaignName: campaign.name,
      originalSentAt: DateTime.fromMillis(original.sentAt, {
        zone: campaign.workingHours.timeZone,
      }),
      number,
      count: reminders === 'off' ? number : reminders.count,
      message,
    });
  }

  /** A message refused before any request: recorded as failed, through `applying` like the rest. */
  private async close(delivery: Delivery, outcome: EditOutcome): Promise<EditResult> {
    if (!(await this.applying.submit(delivery.id))) return 'skipped';
    return this.settle(delivery, outcome);
  }

  private async settle(delivery: Delivery, outcome: EditOutcome): Promise<EditResult> {
    const settlement: RevisionSettlement = {
      id: delivery.id,
      revision: outcome.kind,
      ...(outcome.kind === 'done' ? {} : { reason: outcome.reason }),
    };
    const applied = await this.settling.submit(settlement);
    const ids = { campaignId: delivery.campaignId, deliveryId: delivery.id };
    if (!applied) {
      this.deps.logger.warn({ ...ids, outcome: outcome.kind }, 'revision changed while applying');
      return 'skipped';
    }
    if (outcome.kind === 'done') {
      this.deps.logger.debug({ ...ids, outcome: outcome.kind }, 'sent message revised');
    } else {
      this.deps.logger.info(
        { ...ids, outcome: outcome.kind, reason: outcome.reason },
        'sent message not revised',
      );
    }
    return outcome.kind;
  }

  /** Revisions with no work left are completed; the process that completes one reports it. */
  private async completeDone(open: string[]): Promise<void> {
    const { revisions, campaigns, logger } = this.deps;
    for (const campaignId of open) {
      const now = this.nowMs();
      if ((await revisions.openWork(campaignId, now)) > 0) continue;
      if (!(await revisions.complete(campaignId, now))) continue;
      const campaign = await campaigns.get(campaignId);
      if (!campaign) continue;
      const progress = revisionProgress(await revisions.counts(campaignId));
      const { total, done, failed, unknown } = progress;
      logger.info({ campaignId, total, done, failed, unknown }, 'revision complete');
      try {
        await this.deps.notifyAuthor(campaign, progress);
      } catch (error) {
        logger.error({ err: error, campaignId }, 'revision report not pushed');
      }
    }
  }

  /** Renews this worker's claims; dead processes' interrupted edits become `unknown`. */
  private async heartbeat(now: number): Promise<void> {
    const { revisions, workerId, claimLifetimeMs, logger } = this.deps;
    await revisions.renewClaims(workerId, now + claimLifetimeMs, now);
    const unknown = await revisions.markStaleApplyingUnknown(now);
    if (unknown > 0) logger.info({ workerId, unknown }, 'interrupted edits marked unknown');
  }

  private nowMs(): number {
    return this.deps.clock.now().toMillis();
  }
}
