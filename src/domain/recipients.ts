/** Users the bot can reach and the lists admins send to (SPEC.md: Recipient lists). */
import type { Channel } from './campaign.js';

/** The id of the built-in list of every reachable user. It is computed, never stored. */
export const ALL_USERS_LIST_ID = 'all-users';

export interface RecipientList {
  id: string;
  tenantId: string;
  name: string;
  /** Lower-cased, de-duplicated e-mail addresses. */
  emails: string[];
  createdBy: string;
  createdAt: number;
  /** Set for a directory audience (no addresses: its members are read when a campaign starts). */
  directoryAudience?: DirectoryAudienceInfo;
}

/** What the admin was told when choosing a directory audience. */
export interface DirectoryAudienceInfo {
  /** "Microsoft 365 group", "security group", "distribution list", "everyone in the organisation". */
  kind: string;
  /** Graph's count of its members when it was chosen; absent when Graph would not say. */
  estimatedSize?: number;
}

/**
 * Anyone who installed or talked to the bot. `conversationReference` is what a proactive
 * message needs; it is stored as the JSON botbuilder gives us.
 */
export interface ReachableUser {
  /** `${botChannelId}:${channelAccountId}` — stable per channel account. */
  id: string;
  tenantId: string;
  channel: Channel;
  /** Bot Framework channel id as received: "msteams", "skype", "emulator", … */
  botChannelId: string;
  aadObjectId?: string;
  /** Lower-cased. */
  email?: string;
  name?: string;
  givenName?: string;
  surname?: string;
  conversationReference: Record<string, unknown>;
  firstSeenAt: number;
  lastSeenAt: number;
}

/** Who a reachable user is to a campaign's plan: their id, and their address when known. */
export type UserAddress = Pick<ReachableUser, 'id' | 'email'>;
