/**
 * Whose working hours each recipient of a page follows, for a campaign with "each recipient's
 * working hours": their own from their mailbox settings, read in one go per page (Graph
 * batches them by 20), or the campaign's and why.
 */
import type { RecipientHours } from '../domain/recipientHours.js';
import type { MailboxSettings } from '../application/ports/MailboxSettings.js';
import type { Recipient } from './recipientResolver.js';

/**
 * One entry per recipient, in page order; undefined for those `isPlanned` leaves out (nobody
 * will send them anything, so their hours are neither read nor counted). Without `mailbox`
 * (no Graph for the campaign's tenant) everyone gets the campaign's hours.
 */
export async function pageRecipientHours(
  page: readonly Recipient[],
  mailbox: MailboxSettings | undefined,
  isPlanned: (recipient: Recipient) => boolean,
): Promise<(RecipientHours | undefined)[]> {
  const keys = page.map((recipient) => (isPlanned(recipient) ? mailboxKey(recipient) : undefined));
  const wanted = keys.filter((key): key is string => key !== undefined && key !== '');
  const read =
    mailbox === undefined || wanted.length === 0 ? new Map() : await mailbox.recipientHours(wanted);
  return keys.map((key): RecipientHours | undefined => {
    if (key === undefined) return undefined;
    if (mailbox === undefined) return { source: 'campaign', reason: 'no-directory' };
    return read.get(key) ?? { source: 'campaign', reason: 'no-mailbox' };
  });
}

/**
 * How Graph is asked for the recipient's mailbox: their directory object id, else their
 * address as a user principal name; '' when they have neither (a Skype account without one).
 */
function mailboxKey(recipient: Recipient): string {
  if (recipient.directoryUser !== undefined) return recipient.directoryUser.id;
  return recipient.address.includes('@') ? recipient.address : '';
}
