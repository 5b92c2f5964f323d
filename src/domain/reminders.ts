/**
 * Reminders (SPEC.md: Reminders): a campaign may remind, once or twice, the recipients who did
 * not react to its message. Each reminder is a delivery of its own kind, planned when the
 * message before it (the original, or the first reminder) is being sent, due N working hours
 * after that message was sent, and dropped when the recipient reacted in between.
 */
import { DateTime } from 'luxon';
import type { Campaign, WorkingHours } from './campaign.js';
import type { Delivery, DeliveryStatus } from './delivery.js';
import { addWorkingTime, campaignWindow } from './workingTime.js';

/** `off`, or how many reminders and how many working hours after the message before each. */
export type ReminderSchedule = 'off' | { count: ReminderCount; afterHours: number };

export type ReminderCount = 1 | 2;

export const MAX_REMINDERS = 2;
/** A week of 8-hour days: later than that a reminder no longer reminds of anything recent. */
export const MAX_REMINDER_DELAY_HOURS = 40;

const HOUR_MS = 3_600_000;

/** The schedule as the form keeps it and parses it back: `off`, `after 4 hours`, `2 after 4 hours`. */
export function describeReminderSchedule(schedule: ReminderSchedule): string {
  if (schedule === 'off') return 'off';
  const hours = `after ${schedule.afterHours} hour${schedule.afterHours === 1 ? '' : 's'}`;
  return schedule.count === 1 ? hours : `${schedule.count} ${hours}`;
}

/** What the recipient did with the message so far. */
export interface Engagement {
  /** When a read receipt covered the original message. */
  readAt?: number;
  /** Whether a tracked link of the original or of a reminder was clicked. */
  clicked: boolean;
  /** When the recipient acknowledged the message. */
  acknowledgedAt?: number;
  /** Whether the campaign asks for acknowledgement (acknowledging only counts then). */
  acknowledgementAsked: boolean;
}

/** Why a recipient gets no (further) reminder. */
export type ReminderDropReason =
  | 'read-before-reminder'
  | 'clicked-before-reminder'
  | 'acknowledged-before-reminder'
  | 'original-not-sent'
  | 'reminders-off';

/** Null while the recipient still needs a reminder: no read, no click, no acknowledgement. */
export function reactionBeforeReminder(engagement: Engagement): ReminderDropReason | null {
  if (engagement.readAt !== undefined) return 'read-before-reminder';
  if (engagement.clicked) return 'clicked-before-reminder';
  if (engagement.acknowledgementAsked && engagement.acknowledgedAt !== undefined)
    return 'acknowledged-before-reminder';
  return null;
}

/** Deterministic, so that planning the same reminder twice (two processes, a retry) finds one. */
export function reminderId(originalId: string, number: number): string {
  return `${originalId}:reminder-${number}`;
}

/** The id of the message a reminder follows: the original for the first, the first for the second. */
export function previousMessageId(
  reminder: Pick<Delivery, 'reminderOf' | 'reminderNumber'>,
): string {
  const originalId = reminder.reminderOf!;
  const number = reminder.reminderNumber!;
  return number === 1 ? originalId : reminderId(originalId, number - 1);
}

/** When the reminder after a message sent at `sentAt` is due, in working time of `hours`. */
export function reminderDueAt(
  sentAt: DateTime,
  schedule: Exclude<ReminderSchedule, 'off'>,
  hours: WorkingHours,
): DateTime {
  return addWorkingTime(sentAt, schedule.afterHours * HOUR_MS, hours);
}

/**
 * The reminder that follows `delivery` (an original or a first reminder) now being sent at
 * `at`; null when the campaign asks for no further reminder or would have ended by then.
 * `campaign` carries the hours the delivery runs in (its recipient's own, when it has them).
 */
export function nextReminder(
  campaign: Campaign,
  delivery: Delivery,
  at: DateTime,
): Delivery | null {
  const schedule = campaign.options.reminders;
  if (schedule === 'off') return null;
  const number = (delivery.reminderNumber ?? 0) + 1;
  if (number > schedule.count) return null;
  const dueAt = reminderDueAt(at, schedule, campaign.workingHours);
  if (dueAt >= campaignWindow(campaign).end) return null;
  const originalId = delivery.reminderOf ?? delivery.id;
  return {
    id: reminderId(originalId, number),
    campaignId: delivery.campaignId,
    email: delivery.email,
    ...(delivery.userId === undefined ? {} : { userId: delivery.userId }),
    // The recipient's own hours, when the campaign follows them, time the reminder too.
    ...(delivery.recipientHours === undefined ? {} : { recipientHours: delivery.recipientHours }),
    status: 'pending',
    dueAt: dueAt.toMillis(),
    attempts: 0,
    dayCycle: 1,
    step: 0,
    reminderOf: originalId,
    reminderNumber: number,
    updatedAt: at.toMillis(),
  };
}

/** What a due reminder's check found before its attempt. */
export type ReminderCheck =
  | { kind: 'send' }
  /** The message before it is not sent yet, or was sent less than N working hours ago. */
  | { kind: 'wait'; dueAt: DateTime }
  | { kind: 'drop'; reason: ReminderDropReason };

export interface ReminderFacts {
  /** The message the reminder follows, as stored now; null when it is gone. */
  previous: Pick<Delivery, 'status' | 'sentAt'> | null;
  engagement: Engagement;
  schedule: ReminderSchedule;
  hours: WorkingHours;
  now: DateTime;
}

/** Statuses of a message that will never be sent (so never reminded of). */
const NEVER_SENT: DeliveryStatus[] = ['failed', 'unknown', 'unscheduled', 'unreachable'];

export function checkReminder(facts: ReminderFacts): ReminderCheck {
  const { previous, schedule, hours, now } = facts;
  if (schedule === 'off') return { kind: 'drop', reason: 'reminders-off' };
  if (previous === null || NEVER_SENT.includes(previous.status))
    return { kind: 'drop', reason: 'original-not-sent' };
  const reaction = reactionBeforeReminder(facts.engagement);
  if (reaction !== null) return { kind: 'drop', reason: reaction };
  // Still waiting (a retry, a chat being re-opened): its reminder counts from its send, not before.
  if (previous.status !== 'sent' || previous.sentAt === undefined)
    return { kind: 'wait', dueAt: reminderDueAt(now, schedule, hours) };
  const sentAt = DateTime.fromMillis(previous.sentAt, { zone: hours.timeZone });
  const dueAt = reminderDueAt(sentAt, schedule, hours);
  return dueAt > now ? { kind: 'wait', dueAt } : { kind: 'send' };
}
