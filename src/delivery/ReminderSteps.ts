/**
 * The dispatcher's steps for reminders (SPEC.md: Reminders): a due reminder's check against the
 * store as it is now (the message before it sent, long enough ago; no read, no click), its text,
 * and the planning of the reminder that follows a message about to be sent.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../application/ports/Clock.js';
import type { DeliveryStore, TrackingStore } from '../application/ports/repositories.js';
import { reminderHeldBack, type AttemptDecision } from '../domain/attemptDecision.js';
import type { Campaign } from '../domain/campaign.js';
import type { Delivery } from '../domain/delivery.js';
import { reminderMessage } from '../domain/reminderMessage.js';
import { checkReminder, nextReminder, previousMessageId } from '../domain/reminders.js';

export interface ReminderStepsDeps {
  deliveries: Pick<DeliveryStore, 'get' | 'insert'>;
  /** Whether the recipient clicked one of the original's (or a reminder's) links. */
  clicks: Pick<TrackingStore, 'clicksByDelivery'>;
  clock: Clock;
}

/** A reminder its check holds back: dropped, or due again later. */
export type HeldBackReminder = Extract<AttemptDecision, { kind: 'defer' | 'unschedule' }>;

export type ReminderCheckResult =
  | { kind: 'held-back'; end: HeldBackReminder }
  /** To be sent: the original it reminds of, as stored now. */
  | { kind: 'send'; original: Delivery };

export class ReminderSteps {
  constructor(private readonly deps: ReminderStepsDeps) {}

  async check(reminder: Delivery, campaign: Campaign): Promise<ReminderCheckResult> {
    const originalId = reminder.reminderOf!;
    const [original, clicks] = await Promise.all([
      this.deps.deliveries.get(originalId),
      this.deps.clicks.clicksByDelivery([originalId]),
    ]);
    const previousId = previousMessageId(reminder);
    const previous =
      previousId === originalId ? original : await this.deps.deliveries.get(previousId);
    const check = checkReminder({
      previous,
      engagement: {
        ...(original?.readAt === undefined ? {} : { readAt: original.readAt }),
        clicked: clicks.has(originalId),
        ...(original?.acknowledgedAt === undefined
          ? {}
          : { acknowledgedAt: original.acknowledgedAt }),
        acknowledgementAsked: campaign.options.acknowledgement,
      },
      schedule: campaign.options.reminders,
      hours: campaign.workingHours,
      now: this.deps.clock.now(),
    });
    const end = reminderHeldBack(check);
    // Not held back: the original is `sent` (checkReminder drops a reminder of anything else).
    return end === null ? { kind: 'send', original: original! } : { kind: 'held-back', end };
  }

  /** The reminder's text around the original message as the recipient got it (links tracked). */
  text(reminder: Delivery, campaign: Campaign, original: Delivery, message: string): string {
    const { reminders } = campaign.options;
    return reminderMessage({
      campaignName: campaign.name,
      originalSentAt: DateTime.fromMillis(original.sentAt!, {
        zone: campaign.workingHours.timeZone,
      }),
      number: reminder.reminderNumber!,
      count: reminders === 'off' ? reminder.reminderNumber! : reminders.count,
      message,
    });
  }

  /**
   * Plans the reminder after `delivery`, about to be sent, when the campaign asks for one:
   * before the request, so that a crash cannot lose it. Planning it twice keeps one.
   */
  async planNext(campaign: Campaign, delivery: Delivery): Promise<void> {
    const next = nextReminder(campaign, delivery, this.deps.clock.now());
    if (next !== null) await this.deps.deliveries.insert([next]);
  }
}
