/** Campaigns, reachable users and due deliveries written straight into a real store. */
import { DateTime } from 'luxon';
import type { Campaign } from '../../../src/domain/campaign.js';
import type { Delivery } from '../../../src/domain/delivery.js';
import type { ReachableUser } from '../../../src/domain/recipients.js';
import type { SqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import type { Store } from '../../../src/store/Store.js';
import { aCampaignDraft, savedCampaign, type SavedAs } from '../../support/fixtures.js';

export const TENANT = 'tenant-1';
export const ZONE = 'Europe/Paris';

/** Monday 7 December 2026, 10:00 in Paris: inside working hours of a working day. */
export const MONDAY_10H = DateTime.fromISO('2026-12-07T10:00:00', { zone: ZONE });

export function campaignFixture(overrides: Partial<Campaign> = {}): Campaign {
  const draft = aCampaignDraft({
    name: 'Winter news',
    listId: 'list-1',
    durationDays: 3,
    presencePolicy: 'ignore',
  });
  const saved: SavedAs = {
    id: 'camp-1',
    tenantId: TENANT,
    status: 'running',
    authorUserId: 'msteams:author',
    at: MONDAY_10H.minus({ days: 7 }).toMillis(),
  };
  const campaign = { ...savedCampaign(draft, saved), ...overrides };
  // A running campaign's start has planned it, unless a test says otherwise.
  if (campaign.status === 'running' && !('plannedAt' in overrides)) campaign.plannedAt = saved.at;
  return campaign;
}

/** A GUID-shaped AAD object id for user `n`, as Graph expects. */
export function aadObjectIdOf(n: number): string {
  return `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
}

/** User `n` talks to the bot in conversation `conv-n` on the connector at `serviceUrl`. */
export function reachableUser(n: number, serviceUrl: string, extra: Partial<ReachableUser> = {}) {
  const user: ReachableUser = {
    id: `msteams:user-${n}`,
    tenantId: TENANT,
    channel: 'teams',
    botChannelId: 'msteams',
    email: `user${n}@example.com`,
    aadObjectId: aadObjectIdOf(n),
    givenName: `First${n}`,
    surname: `Last${n}`,
    name: `First${n} Last${n}`,
    conversationReference: {
      serviceUrl,
      channelId: 'msteams',
      conversation: { id: `conv-${n}`, conversationType: 'personal', tenantId: TENANT },
      bot: { id: 'bot-id' },
      user: { id: `user-${n}` },
    },
    firstSeenAt: 0,
    lastSeenAt: 0,
    ...extra,
  };
  return user;
}

export function pendingDelivery(campaignId: string, n: number, dueAt: number): Delivery {
  return {
    id: `${campaignId}-d${String(n).padStart(6, '0')}`,
    campaignId,
    email: `user${n}@example.com`,
    userId: `msteams:user-${n}`,
    status: 'pending',
    dueAt,
    attempts: 0,
    dayCycle: 1,
    step: 0,
    updatedAt: dueAt,
  };
}

/** Users 0…count-1; on SQLite in one transaction: one fsync instead of one per user. */
export async function seedUsers(store: Store, count: number, serviceUrl: string): Promise<void> {
  if (!isSqlite(store)) {
    const users = Array.from({ length: count }, (_, n) => reachableUser(n, serviceUrl));
    await Promise.all(users.map((user) => store.users.upsert(user)));
    return;
  }
  store.db.exec('BEGIN IMMEDIATE');
  try {
    for (let n = 0; n < count; n++) await store.users.upsert(reachableUser(n, serviceUrl));
    store.db.exec('COMMIT');
  } catch (error) {
    store.db.exec('ROLLBACK');
    throw error;
  }
}

function isSqlite(store: Store): store is SqliteStore {
  return store.kind === 'sqlite';
}

/** A running campaign whose `count` recipients are all due at `dueAt`. */
export async function seedDueCampaign(
  store: Store,
  count: number,
  serviceUrl: string,
  dueAt: number,
  campaign: Campaign = campaignFixture(),
): Promise<Campaign> {
  await store.campaigns.create(campaign);
  await seedUsers(store, count, serviceUrl);
  const deliveries = Array.from({ length: count }, (_, n) =>
    pendingDelivery(campaign.id, n, dueAt),
  );
  await store.deliveries.insert(deliveries);
  return campaign;
}
