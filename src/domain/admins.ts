/**
 * Who is an admin (SPEC.md: Who uses it): anyone whose e-mail is in ADMIN_EMAILS, and the
 * operator accounts of ADMIN_IDS (`channel:userId`, the ReachableUser id form). Pure rules.
 */
import type { ReachableUser } from './recipients.js';

export interface AdminDirectory {
  /** Lower-cased. */
  emails: readonly string[];
  /** `channel:userId`, e.g. `skype:live:ada` or `msteams:29:1a2b…`. */
  ids: readonly string[];
}

export function isAdmin(
  user: Pick<ReachableUser, 'id' | 'email'> | null,
  admins: AdminDirectory,
): boolean {
  if (user === null) return false;
  if (admins.ids.includes(user.id)) return true;
  return user.email !== undefined && admins.emails.includes(user.email.toLowerCase());
}

const SIP_ADDRESS = /^sip:([^@\s:;]+@[^@\s:;]+\.[^@\s:;]+)$/i;

/**
 * Skype for Business identifies users by SIP URI (`sip:ada@contoso.com`), which is their sign-in
 * address: the e-mail it carries, lower-cased, or undefined for any other form of id.
 */
export function emailOfSipId(channelUserId: string): string | undefined {
  return SIP_ADDRESS.exec(channelUserId.trim())?.[1]?.toLowerCase();
}
