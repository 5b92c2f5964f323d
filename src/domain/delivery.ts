/** One recipient of one campaign, and where its message stands (SPEC.md: Delivery rules). */
import type { RevisionStatus } from './revision.js';
import type { RecipientHours } from './recipientHours.js';
import type { RecipientProfile } from './recipientProfile.js';

/**
 * pending     → waiting for its due time (first attempt or a ladder step)
 * sending     → persisted just before the channel call; found here after a crash it becomes `unknown`
 * sent        → the channel accepted the message
 * failed      → the channel refused for good (user blocked / removed the bot, …); `reason` says why
 * unknown     → a send was interrupted with an unknown outcome; never re-sent
 * unscheduled → the ladder ran out (3 day cycles), the campaign's duration ended, it was found due
 *               after the last working day closed (never attempted), or the recipient was out of
 *               office with no working day left; `reason` says which
 * unreachable → the address has no reachable user on the campaign's channel
 */
export type DeliveryStatus =
  'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'unscheduled' | 'unreachable';

/** Position on the retry ladder: day cycle 1–3, step 0 (T), 1 (T+10 min), 2 (next full hour). */
export interface LadderPosition {
  dayCycle: number;
  step: number;
}

export interface Delivery extends LadderPosition {
  id: string;
  campaignId: string;
  /** Lower-cased e-mail address of the recipient, when known. */
  email: string;
  /** ReachableUser.id; absent when unreachable. */
  userId?: string;
  /** Department, country, office as the directory gave them at start; absent when it gave none. */
  profile?: RecipientProfile;
  status: DeliveryStatus;
  /** Epoch ms of the next attempt; null once terminal. */
  dueAt: number | null;
  /** Number of attempts made (presence checks or sends). */
  attempts: number;
  reason?: string;
  sentAt?: number;
  readAt?: number;
  /** When the recipient acknowledged the message (campaign option `acknowledgement`); set once. */
  acknowledgedAt?: number;
  /** Activity id returned by the Bot Connector for the sent message. */
  activityId?: string;
  /**
   * Whose working hours its timing follows (option "each recipient's working hours"), set when
   * the campaign starts; absent when the option is off: the campaign's.
   */
  recipientHours?: RecipientHours;
  /** Dispatcher that holds the claim and until when (epoch ms). */
  claimedBy?: string;
  claimedUntil?: number;
  /** What a recall or correction did to the sent message; absent: nothing yet (see revision.ts). */
  revision?: RevisionStatus;
  /** Why a recall or correction failed on this message (conversation-not-found, forbidden, …). */
  revisionReason?: string;
  /** The revision worker that holds this message's claim and until when (epoch ms). */
  revisionClaimedBy?: string;
  revisionClaimedUntil?: number;
  updatedAt: number;
  /**
   * On a reminder (a delivery of its own kind, sent N working hours after the message before
   * it to a recipient who did not react): the id of the original delivery it reminds of.
   * Absent on the original deliveries, the campaign's audience.
   */
  reminderOf?: string;
  /** On a reminder: 1 for the first, 2 for the second. */
  reminderNumber?: number;
}
