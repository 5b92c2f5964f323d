/**
 * Recipients read from the directory at campaign start (a snapshot): the members of a group,
 * everyone in the organisation or the people of an attribute rule, and the addresses of a mailing list matched to directory
 * users. Each comes with the reachable user the bot already has for them, if any — found by
 * address (mail or sign-in name) or as installed by the bot earlier.
 */
import type { Campaign } from '../domain/campaign.js';
import {
  addressOf,
  installedUserId,
  type DirectoryAudience,
  type DirectoryUser,
} from '../domain/directory.js';
import type { ReachableUser, UserAddress } from '../domain/recipients.js';
import type { UserStore } from '../application/ports/repositories.js';
import type { GraphDirectory } from './GraphDirectory.js';

export interface DirectoryRecipient {
  address: string;
  user?: UserAddress;
  directoryUser?: DirectoryUser;
  /** false: the address names nobody in the tenant; undefined: not looked up (or Graph failed). */
  inDirectory?: boolean;
}

export async function* audienceRecipients(
  users: UserStore,
  directory: GraphDirectory,
  campaign: Campaign,
  audience: DirectoryAudience,
): AsyncGenerator<DirectoryRecipient[]> {
  const pages = audienceMembers(directory, audience);
  const seen = new Set<string>();
  for await (const members of pages) {
    // Nested groups can hold someone twice; the snapshot holds each person once.
    const fresh = members.filter((m) => !seen.has(m.id) && seen.add(m.id));
    const reachable = await reachableUsersOf(users, campaign, fresh);
    yield fresh.map((m) => ({
      address: addressOf(m),
      user: reachable.get(m.id),
      directoryUser: m,
      inDirectory: true,
    }));
  }
}

function audienceMembers(
  directory: GraphDirectory,
  audience: DirectoryAudience,
): AsyncGenerator<DirectoryUser[]> {
  switch (audience.kind) {
    case 'everyone':
      return directory.everyone();
    case 'group':
      return directory.groupMembers(audience.groupId);
    case 'attributes':
      return directory.attributeMembers(audience.rule);
  }
}

/** One page of a mailing list's addresses, matched to directory users. */
export async function matchAddresses(
  users: UserStore,
  directory: GraphDirectory,
  campaign: Campaign,
  addresses: string[],
): Promise<DirectoryRecipient[]> {
  const resolved = await directory.resolveAddresses(addresses);
  const matched = [...resolved.values()].filter((u): u is DirectoryUser => u !== null);
  const byDirectoryId = await reachableUsersOf(users, campaign, matched);
  const byAddress = await users.findByEmails(addresses, campaign.channel);
  return addresses.map((address) => {
    const directoryUser = resolved.get(address) ?? undefined;
    const user = byAddress.get(address) ?? (directoryUser && byDirectoryId.get(directoryUser.id));
    return {
      address,
      user,
      directoryUser,
      inDirectory: resolved.has(address) ? directoryUser !== undefined : undefined,
    };
  });
}

/** Reachable users of directory users, keyed by their AAD object id. */
async function reachableUsersOf(
  users: UserStore,
  campaign: Campaign,
  members: DirectoryUser[],
): Promise<Map<string, ReachableUser>> {
  const found = new Map<string, ReachableUser>();
  const installed = await users.getMany(members.map((m) => installedUserId(m.id)));
  const addresses = members.flatMap((m) => [m.mail, m.userPrincipalName]);
  const byAddress = await users.findByEmails(
    addresses.filter((a): a is string => a !== undefined),
    campaign.channel,
  );
  for (const m of members) {
    const user =
      (m.mail && byAddress.get(m.mail)) ||
      (m.userPrincipalName && byAddress.get(m.userPrincipalName)) ||
      installed.get(installedUserId(m.id));
    if (user && user.channel === campaign.channel) found.set(m.id, user);
  }
  return found;
}
