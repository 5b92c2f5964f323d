/** Whether a recipient's presence lets a campaign message through (SPEC.md: Delivery rules 2, Presence). */
import type { PresencePolicy } from './campaign.js';

/** Graph availability folded into the classes the presence policy speaks of. */
export type PresenceClass = 'available' | 'away' | 'busy' | 'absent';

const ALLOWED_PRESENCES: Record<Exclude<PresencePolicy, 'ignore'>, readonly PresenceClass[]> = {
  available: ['available'],
  'available-away-busy': ['available', 'away', 'busy'],
};

/**
 * The policy that applies to one recipient. Presence is only read from Microsoft Graph, by AAD
 * object id: without a Graph source, or for a user with no AAD id (Skype), it can never be
 * known, so the campaign's policy cannot apply and the message goes out like under `ignore`.
 */
export function effectivePolicy(
  campaignPolicy: PresencePolicy,
  presenceConfigured: boolean,
  aadObjectId: string | undefined,
): PresencePolicy {
  return presenceConfigured && aadObjectId ? campaignPolicy : 'ignore';
}

/** `presence` is undefined when it could not be read; only the `ignore` policy sends then. */
export function allowsSend(policy: PresencePolicy, presence: PresenceClass | undefined): boolean {
  if (policy === 'ignore') {
    return true;
  }
  return presence !== undefined && ALLOWED_PRESENCES[policy].includes(presence);
}

const GRAPH_AVAILABILITY_CLASSES: ReadonlyMap<string, PresenceClass> = new Map([
  ['Available', 'available'],
  ['AvailableIdle', 'available'],
  ['Away', 'away'],
  ['BeRightBack', 'away'],
  ['Busy', 'busy'],
  ['BusyIdle', 'busy'],
]);

/**
 * Folds a Microsoft Graph `availability` value into a presence class. DoNotDisturb, Offline,
 * PresenceUnknown and any value Graph may add later count as absent: not sending is the safe side.
 */
export function classifyGraphAvailability(availability: string): PresenceClass {
  return GRAPH_AVAILABILITY_CLASSES.get(availability) ?? 'absent';
}
