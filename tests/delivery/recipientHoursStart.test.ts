/**
 * Campaign start with "each recipient's working hours": the recipients' mailbox settings are
 * asked once per page, each delivery keeps whose hours it follows, its first attempt falls in
 * them, and a refusal by Graph is logged once for the operator, naming the permission.
 */
import assert from 'node:assert/strict';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';
import { DateTime } from 'luxon';
import type { MailboxSettings } from '../../src/application/ports/MailboxSettings.js';
import { ManualClock } from '../../src/clock.js';
import { CampaignStarter } from '../../src/delivery/CampaignStarter.js';
import type { RecipientHours } from '../../src/domain/recipientHours.js';
import { ALL_USERS_LIST_ID } from '../../src/domain/recipients.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { graphDirectory } from '../directory/fakeDirectory.js';
import { capturedLogs } from '../support/capturedLogs.js';
import { campaignFixture, reachableUser, ZONE } from './support/seed.js';

const NEW_YORK: RecipientHours = {
  source: 'own',
  hours: { open: '09:00', close: '17:00', weekdays: [1, 2, 3, 4, 5], timeZone: 'America/New_York' },
};

/** Mailbox settings as Graph would give them: user1 in New York, user2 refused (403). */
class RecordedMailboxSettings implements MailboxSettings {
  readonly asked: string[][] = [];

  async recipientHours(users: string[]): Promise<Map<string, RecipientHours>> {
    this.asked.push(users);
    const answers: Record<string, RecipientHours> = {
      'user1@example.com': NEW_YORK,
      'user2@example.com': { source: 'campaign', reason: 'not-permitted' },
    };
    return new Map(users.flatMap((u) => (answers[u] ? [[u, answers[u]]] : [])));
  }
}

describe("campaign start with each recipient's working hours", () => {
  let store: SqliteStore;

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    for (const n of [1, 2, 3]) await store.users.upsert(reachableUser(n, 'https://smba.example/'));
  });

  afterEach(async () => {
    await store.close();
  });

  async function start(campaignTenant: 'graph' | 'other') {
    // Sunday 6 December 2026, 12:00 UTC: the start date has begun nowhere but in UTC+14.
    const clock = new ManualClock(DateTime.fromISO('2026-12-06T12:00:00Z'));
    const campaign = campaignFixture({
      status: 'scheduled',
      listId: ALL_USERS_LIST_ID,
      startDate: '2026-12-07',
      durationDays: 1,
      options: { ...defaultCampaignOptions(), recipientHours: true },
    });
    await store.campaigns.create(campaign);
    const mailbox = new RecordedMailboxSettings();
    const logs = capturedLogs('info');
    const starter = new CampaignStarter({
      ...store,
      clock,
      logger: logs.logger,
      // The campaign's tenant's own Graph, or none for it.
      graphs: {
        mayUse: () => campaignTenant === 'graph',
        graphFor: async () =>
          campaignTenant === 'graph'
            ? { kind: 'granted', graph: { directory: graphDirectory(), mailboxSettings: mailbox } }
            : { kind: 'not-offered' },
      },
    });
    const summary = await starter.start(campaign.id);
    const deliveries = new Map(
      (await store.deliveries.list(campaign.id, { limit: 10 })).map((d) => [d.email, d]),
    );
    return { summary, deliveries, mailbox, logs };
  }

  it('asks once for the page, plans each one in their own hours or the campaign’s, and names the missing permission', async () => {
    const { summary, deliveries, mailbox, logs } = await start('graph');

    assert.deepEqual(mailbox.asked, [
      ['user1@example.com', 'user2@example.com', 'user3@example.com'],
    ]);
    assert.deepEqual(summary.recipientHours, {
      own: 1,
      campaign: { 'not-permitted': 1, 'no-mailbox': 1 },
    });
    assert.deepEqual(deliveries.get('user1@example.com')?.recipientHours, NEW_YORK);
    assert.deepEqual(deliveries.get('user2@example.com')?.recipientHours, {
      source: 'campaign',
      reason: 'not-permitted',
    });
    const inNewYork = DateTime.fromMillis(deliveries.get('user1@example.com')!.dueAt!, {
      zone: 'America/New_York',
    });
    assert.equal(inNewYork.toISODate(), '2026-12-07');
    assert.ok(inNewYork.hour >= 9 && inNewYork.hour < 17, inNewYork.toISO()!);
    const inParis = DateTime.fromMillis(deliveries.get('user2@example.com')!.dueAt!, {
      zone: ZONE,
    });
    assert.ok(inParis.hour >= 9 && inParis.hour < 18, inParis.toISO()!);

    const warned = logs.withMessage(
      "recipients' mailbox settings not readable: grant MailboxSettings.Read",
    );
    assert.deepEqual(
      warned.map((line) => [line.campaignId, line.notPermitted]),
      [['camp-1', 1]],
    );
  });

  it('reads nothing for a tenant Graph does not serve: everyone gets the campaign’s hours', async () => {
    const { summary, deliveries, mailbox } = await start('other');

    assert.deepEqual(mailbox.asked, []);
    assert.deepEqual(summary.recipientHours, { own: 0, campaign: { 'no-directory': 3 } });
    assert.deepEqual(deliveries.get('user1@example.com')?.recipientHours, {
      source: 'campaign',
      reason: 'no-directory',
    });
  });
});
