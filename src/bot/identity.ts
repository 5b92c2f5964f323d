/** How an incoming activity maps to the product's notions of user, tenant and channel. */
import type { Activity } from 'botbuilder';
import type { Channel } from '../domain/campaign.js';
import { DEFAULT_TENANT_ID } from '../domain/tenant.js';

export { DEFAULT_TENANT_ID } from '../domain/tenant.js';

/** ReachableUser.id of the sender of `activity`. */
export function userIdOf(activity: Pick<Activity, 'channelId' | 'from'>): string {
  return `${activity.channelId}:${activity.from.id}`;
}

export function tenantIdOf(activity: Pick<Activity, 'conversation' | 'channelData'>): string {
  return channelTenantIdOf(activity) ?? DEFAULT_TENANT_ID;
}

/** The tenant the channel itself names (Teams does; Skype does not). */
export function channelTenantIdOf(
  activity: Pick<Activity, 'conversation' | 'channelData'>,
): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant
    ?.id;
  return activity.conversation?.tenantId ?? fromChannelData;
}

/** Skype keeps its name; every other Bot Framework channel (msteams, emulator, playground) is Teams-like. */
export function channelOf(botChannelId: string): Channel {
  return botChannelId === 'skype' ? 'skype' : 'teams';
}

/** Skype cannot render Adaptive Card inputs: dialogs fall back to text prompts there. */
export function supportsCardInputs(botChannelId: string): boolean {
  return botChannelId !== 'skype';
}
