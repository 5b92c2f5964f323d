/**
 * Recipients' own working hours, read from their mailbox settings (option "each recipient's
 * working hours"). Implemented by src/directory/GraphMailboxSettings.ts when Graph is configured.
 */
import type { RecipientHours } from '../../domain/recipientHours.js';

export interface MailboxSettings {
  /**
   * Each user's own working hours, or why the campaign's apply to them; keyed as asked, by
   * directory object id or user principal name (an e-mail address that is one).
   */
  recipientHours(users: string[]): Promise<Map<string, RecipientHours>>;
}
