/**
 * What campaign start plans for a recipient the directory knows but the bot cannot reach yet:
 * their delivery is parked (pending, no due time) and an installation of the app is planned
 * ahead of their first attempt; the installation worker releases the delivery.
 */
import type { Campaign } from '../domain/campaign.js';
import type { Delivery } from '../domain/delivery.js';
import { installationDueAt, installationId, type AppInstallation } from '../domain/installation.js';
import type { DirectoryRecipient } from '../directory/directoryRecipients.js';

/** The delivery's reason while it waits for the app to be installed. */
export const AWAITING_INSTALLATION = 'awaiting-app-installation';

/** True when the app should be installed for this recipient before they can be sent to. */
export function needsInstallation(
  campaign: Campaign,
  recipient: DirectoryRecipient,
): recipient is DirectoryRecipient & {
  directoryUser: NonNullable<DirectoryRecipient['directoryUser']>;
} {
  return (
    campaign.channel === 'teams' &&
    recipient.user === undefined &&
    recipient.directoryUser !== undefined
  );
}

/** The parked delivery's status fields. */
export function parkedForInstallation(): Pick<Delivery, 'status' | 'dueAt' | 'reason'> {
  return { status: 'pending', dueAt: null, reason: AWAITING_INSTALLATION };
}

export function plannedInstallation(
  campaign: Campaign,
  recipient: DirectoryRecipient & {
    directoryUser: NonNullable<DirectoryRecipient['directoryUser']>;
  },
  firstAttemptAt: number,
  now: number,
): AppInstallation {
  const { directoryUser } = recipient;
  const installation: AppInstallation = {
    id: installationId(campaign.id, recipient.address),
    campaignId: campaign.id,
    tenantId: campaign.tenantId,
    email: recipient.address,
    aadObjectId: directoryUser.id,
    status: 'waiting',
    dueAt: installationDueAt(firstAttemptAt, now),
    firstAttemptAt,
    attempts: 0,
    updatedAt: now,
  };
  if (directoryUser.givenName) installation.givenName = directoryUser.givenName;
  if (directoryUser.surname) installation.surname = directoryUser.surname;
  if (directoryUser.displayName) installation.displayName = directoryUser.displayName;
  return installation;
}
