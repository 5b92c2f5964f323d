/**
 * Acknowledgement of a campaign's message (a campaign option, SPEC.md: Acknowledgement): who may
 * acknowledge which delivery, the words a recipient without cards replies with, and how the
 * moment is said back to them. Pure.
 */
import { DateTime } from 'luxon';
import type { Campaign } from './campaign.js';
import type { Delivery } from './delivery.js';
import { installedUserId } from './directory.js';
import type { ReachableUser } from './recipients.js';

/** The word a recipient without cards (Skype) is asked to reply. */
export const ACKNOWLEDGE_WORD = 'acknowledge';

/** Every reply that acknowledges, the word first; compared without case or end punctuation. */
export const ACKNOWLEDGE_REPLIES = [
  ACKNOWLEDGE_WORD,
  'acknowledged',
  'ack',
  'got it',
  'ok got it',
] as const;

/** What a message ends with on a channel without cards, while its campaign asks for acknowledgement. */
export const ACKNOWLEDGE_REPLY_REQUEST = `Please reply **${ACKNOWLEDGE_WORD}** once you have read this message.`;

/**
 * How a campaign's message asks for acknowledgement: a card's button on Teams, a reply on Skype
 * (no cards there); null when the campaign does not ask.
 */
export function acknowledgementRequest(
  campaign: Pick<Campaign, 'channel' | 'options'>,
): 'button' | 'reply' | null {
  if (!campaign.options.acknowledgement) return null;
  return campaign.channel === 'teams' ? 'button' : 'reply';
}

/** The message as sent: on a channel without cards, asking for the reply at its end. */
export function withAcknowledgeRequest(
  markdown: string,
  campaign: Pick<Campaign, 'channel' | 'options'>,
): string {
  return acknowledgementRequest(campaign) === 'reply'
    ? `${markdown}\n\n${ACKNOWLEDGE_REPLY_REQUEST}`
    : markdown;
}

/** Whether `text` is one of ACKNOWLEDGE_REPLIES ("Acknowledged!", "OK, got it." included). */
export function isAcknowledgeReply(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/[.,!;:]+/g, ' ')
    .trim()
    .split(/\s+/)
    .join(' ');
  return (ACKNOWLEDGE_REPLIES as readonly string[]).includes(words);
}

/** The data the Acknowledge button submits: which delivery it acknowledges. */
export interface AcknowledgeSubmit {
  acknowledge: string;
}

/** The delivery id of an Acknowledge button's submit; undefined for any other submit. */
export function acknowledgedDeliveryIdOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as Partial<Record<keyof AcknowledgeSubmit, unknown>>).acknowledge;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Whether `user` is the delivery's recipient: a delivery made to someone the bot installed its
 * app for names them by their directory id, until their Teams-id record absorbed it.
 */
export function isRecipientOf(delivery: Delivery, user: ReachableUser): boolean {
  return delivery.userId !== undefined && recipientIdsOf(user).includes(delivery.userId);
}

/** The ids a user's deliveries may name them by. */
export function recipientIdsOf(user: ReachableUser): string[] {
  return user.aadObjectId === undefined ? [user.id] : [user.id, installedUserId(user.aadObjectId)];
}

/** Only a message known to have arrived can be acknowledged. */
export function isAcknowledgeable(delivery: Delivery): boolean {
  return delivery.status === 'sent';
}

/** "Wednesday 9 December 2036 at 10:15 (Europe/Paris)": when, in the reader's zone. */
export function describeAcknowledgedAt(at: number, timeZone: string): string {
  const local = DateTime.fromMillis(at, { zone: timeZone });
  return `${local.toFormat("cccc d LLLL yyyy 'at' HH:mm", { locale: 'en' })} (${timeZone})`;
}
