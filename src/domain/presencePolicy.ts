/** Whether a recipient's presence lets a campaign message through (SPEC.md: Delivery rules 2, Presence). */
import type { PresencePolicy } from './campaign.js';

/**
 * Graph presence folded into the classes the presence policy speaks of. `out-of-office` is not
 * an absence: the delivery waits for the recipient's next working day (attemptDecision.ts).
 */
export type PresenceClass = 'available' | 'away' | 'busy' | 'absent' | 'out-of-office';

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

/** The fields of a Microsoft Graph `presence` the classes are read from. */
export interface GraphPresence {
  availability?: unknown;
  activity?: unknown;
  outOfOfficeSettings?: { isOutOfOffice?: unknown } | null;
}

/**
 * Folds a Microsoft Graph `presence` into a presence class; null when it says nothing usable.
 * Out of office, whatever the availability, when Teams shows it (`activity: "OutOfOffice"`) or
 * when automatic replies or a calendar event shown as out of office are on now
 * (`outOfOfficeSettings.isOutOfOffice`).
 */
export function classifyGraphPresence(presence: GraphPresence): PresenceClass | null {
  if (presence.activity === 'OutOfOffice' || presence.outOfOfficeSettings?.isOutOfOffice === true) {
    return 'out-of-office';
  }
  return typeof presence.availability === 'string'
    ? classifyGraphAvailability(presence.availability)
    : null;
}
