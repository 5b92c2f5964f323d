/** Builders for store test data: a valid default, overridden where a test cares. */
import type { Campaign } from '../../src/domain/campaign.js';
import type { Delivery } from '../../src/domain/delivery.js';
import type { PairingCode } from '../../src/domain/pairing.js';
import type { RecipientList, ReachableUser } from '../../src/domain/recipients.js';
import { aCampaignDraft, savedCampaign, type SavedAs } from '../support/fixtures.js';

/** Monday 6 January 2025, 09:00 UTC. */
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export function aCampaign(overrides: Partial<Campaign> = {}): Campaign {
  const draft = aCampaignDraft({
    message: 'Hello {{firstName}}, see [our offer](https://example.com/offer)',
    listId: 'list-1',
    startDate: '2025-01-06',
  });
  const saved: SavedAs = {
    id: 'c-1',
    tenantId: 'tenant-a',
    status: 'draft',
    authorUserId: 'msteams:admin',
    at: T0,
  };
  return { ...savedCampaign(draft, saved), ...overrides };
}

export function aList(overrides: Partial<RecipientList> = {}): RecipientList {
  return {
    id: 'list-1',
    tenantId: 'tenant-a',
    name: 'Sales team',
    emails: ['ann@example.com', 'bob@example.com'],
    createdBy: 'msteams:admin',
    createdAt: T0,
    ...overrides,
  };
}

export function aUser(overrides: Partial<ReachableUser> = {}): ReachableUser {
  return {
    id: 'msteams:29:ann',
    tenantId: 'tenant-a',
    channel: 'teams',
    botChannelId: 'msteams',
    aadObjectId: 'aad-ann',
    email: 'ann@example.com',
    name: 'Ann Lee',
    givenName: 'Ann',
    surname: 'Lee',
    conversationReference: {
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversation: { id: 'a:conv-ann', tenantId: 'tenant-a' },
      user: { id: '29:ann' },
    },
    firstSeenAt: T0,
    lastSeenAt: T0,
    ...overrides,
  };
}

export function aDelivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: 'd-1',
    campaignId: 'c-1',
    email: 'ann@example.com',
    userId: 'msteams:29:ann',
    status: 'pending',
    dueAt: T0,
    attempts: 0,
    dayCycle: 1,
    step: 0,
    updatedAt: T0,
    ...overrides,
  };
}

/** `count` pending deliveries d-1 … d-N of campaign c-1, due one minute apart from T0. */
export function pendingDeliveries(count: number, campaignId = 'c-1'): Delivery[] {
  return Array.from({ length: count }, (_, i) =>
    aDelivery({
      id: `${campaignId}-d-${i + 1}`,
      campaignId,
      email: `user${i + 1}@example.com`,
      userId: `msteams:29:user${i + 1}`,
      dueAt: T0 + i * MINUTE,
    }),
  );
}

export function aPairingCode(overrides: Partial<PairingCode> = {}): PairingCode {
  return {
    id: 'p-1',
    email: 'ann@example.com',
    tenantId: 'tenant-a',
    salt: 'c2FsdA',
    hash: 'aGFzaA',
    createdAt: T0,
    expiresAt: T0 + 10 * MINUTE,
    failedAttempts: 0,
    ...overrides,
  };
}
