/** How many addresses of a mailing list the bot can reach today. */
import type { UserStore } from './ports/repositories.js';

/**
 * Counted among Teams users only: Skype does not tell bots its users' e-mail addresses, so only a
 * Teams user can ever match an address. Users of another tenant do not count.
 */
export async function countReachable(
  users: UserStore,
  tenantId: string,
  emails: string[],
): Promise<number> {
  if (emails.length === 0) {
    return 0;
  }
  const found = await users.findByEmails(emails, 'teams');
  return [...found.values()].filter((user) => user.tenantId === tenantId).length;
}
