/** The text of a reminder (SPEC.md: Reminders): a short line naming the original, then the original. */
import type { DateTime } from 'luxon';

export interface ReminderText {
  campaignName: string;
  /** When the original was sent, in the zone the recipient's hours are kept in. */
  originalSentAt: DateTime;
  /** 1 or 2. */
  number: number;
  /** How many reminders the campaign sends. */
  count: number;
  /** The original message as the recipient got it (placeholders filled). */
  message: string;
}

export function reminderMessage(text: ReminderText): string {
  const which = text.count > 1 ? ` ${text.number} of ${text.count}` : '';
  const sent = text.originalSentAt.setLocale('en-GB').toFormat("cccc d LLLL 'at' HH:mm");
  return `**Reminder${which}:** “${text.campaignName}”, sent ${sent}.\n\n---\n\n${text.message}`;
}
