/** The acknowledgement use cases on a real store: who may acknowledge what, and when it says. */
import assert from 'node:assert/strict';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';
import { DateTime } from 'luxon';
import { Acknowledgements } from '../../src/application/Acknowledgements.js';
import { ManualClock } from '../../src/clock.js';
import { describeAcknowledgedAt } from '../../src/domain/acknowledgement.js';
import { installedUserId } from '../../src/domain/directory.js';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { LinkTracker } from '../../src/tracking/LinkTracker.js';
import { aCampaign, aDelivery, aUser, HOUR, MINUTE, T0 } from '../store/fixtures.js';

const ASKS = { ...defaultCampaignOptions(), acknowledgement: true };
const ANN = aUser();
const SKYPE_ANN = aUser({
  id: 'skype:live:ann',
  channel: 'skype',
  botChannelId: 'skype',
  aadObjectId: undefined,
});

describe('acknowledgements (application)', () => {
  let store: SqliteStore;
  let clock: ManualClock;
  let acknowledgements: Acknowledgements;

  beforeEach(() => {
    store = openSqliteStore(':memory:');
    clock = new ManualClock(DateTime.fromMillis(T0 + HOUR, { zone: 'UTC' }));
    acknowledgements = new Acknowledgements({
      ...store,
      links: new LinkTracker({ tracking: store.tracking, publicUrl: 'https://bot.example' }),
      clock,
      logger: silentLogger,
    });
  });

  afterEach(async () => {
    await store.close();
  });

  async function sentTo(
    userId: string,
    campaign: Parameters<typeof aCampaign>[0] = {},
    delivery: Parameters<typeof aDelivery>[0] = {},
  ): Promise<string> {
    const saved = aCampaign({ status: 'running', options: ASKS, ...campaign });
    if (!(await store.campaigns.get(saved.id))) await store.campaigns.create(saved);
    const id = `${saved.id}-${userId}`;
    await store.deliveries.insert([
      aDelivery({
        id,
        campaignId: saved.id,
        email: `${id}@example.com`,
        userId,
        status: 'sent',
        dueAt: null,
        sentAt: T0,
        activityId: 'activity-1',
        ...delivery,
      }),
    ]);
    return id;
  }

  it('a press by the recipient records it and gives back the message, its links tracked again, and when in their zone', async () => {
    const id = await sentTo(ANN.id);
    const result = await acknowledgements.acknowledgeButton(ANN, id, 'Asia/Tokyo');
    assert.equal(result.kind, 'acknowledged');
    assert.ok(result.kind === 'acknowledged');
    assert.equal(result.when, describeAcknowledgedAt(T0 + HOUR, 'Asia/Tokyo'));
    assert.equal(result.activityId, 'activity-1');
    assert.match(
      result.message,
      /^Hello Ann, see \[our offer\]\(https:\/\/bot\.example\/r\/\S+\)$/,
    );
    const token = /\/r\/([^)]+)\)/.exec(result.message)![1]!;
    assert.equal((await store.tracking.findToken(token))?.deliveryId, id);
    assert.equal((await store.deliveries.get(id))?.acknowledgedAt, T0 + HOUR);
  });

  it('a zone the client did not report, or not a real one, gives the campaign’s', async () => {
    const first = await sentTo(ANN.id);
    const second = await sentTo(ANN.id, { id: 'c-2', name: 'Other' });
    for (const [id, zone] of [
      [first, undefined],
      [second, 'Mars/Olympus'],
    ] as const) {
      const result = await acknowledgements.acknowledgeButton(ANN, id, zone);
      assert.ok(result.kind === 'acknowledged');
      assert.equal(result.when, describeAcknowledgedAt(T0 + HOUR, 'Europe/Paris'));
    }
  });

  it('a press on a delivery made under the directory id the app was installed for counts as the recipient’s', async () => {
    const id = await sentTo(installedUserId(ANN.aadObjectId!));
    assert.equal((await acknowledgements.acknowledgeButton(ANN, id)).kind, 'acknowledged');
  });

  it('refuses someone else, or the same id in another organisation, recording nothing', async () => {
    const id = await sentTo(ANN.id);
    const bob = aUser({ id: 'msteams:29:bob', aadObjectId: 'aad-bob' });
    assert.deepEqual(await acknowledgements.acknowledgeButton(bob, id), { kind: 'not-yours' });
    const elsewhere = { ...ANN, tenantId: 'tenant-b' };
    assert.deepEqual(await acknowledgements.acknowledgeButton(elsewhere, id), {
      kind: 'not-yours',
    });
    assert.equal((await store.deliveries.get(id))?.acknowledgedAt, undefined);
  });

  it('a second press says when the first was, recording nothing new', async () => {
    const id = await sentTo(ANN.id);
    await acknowledgements.acknowledgeButton(ANN, id);
    clock.set(clock.now().plus({ hours: 2 }));
    assert.deepEqual(await acknowledgements.acknowledgeButton(ANN, id, 'Europe/London'), {
      kind: 'already',
      when: describeAcknowledgedAt(T0 + HOUR, 'Europe/London'),
    });
    assert.equal((await store.deliveries.get(id))?.acknowledgedAt, T0 + HOUR);
  });

  it('nothing to acknowledge: a campaign that does not ask, a send of unknown outcome, a deleted delivery', async () => {
    const notAsked = await sentTo(ANN.id, {
      options: { ...defaultCampaignOptions(), acknowledgement: false },
    });
    const unknown = await sentTo(ANN.id, { id: 'c-2', name: 'Two' }, { status: 'unknown' });
    for (const id of [notAsked, unknown, 'gone']) {
      assert.deepEqual(await acknowledgements.acknowledgeButton(ANN, id), {
        kind: 'not-acknowledgeable',
      });
    }
  });

  it('a Skype reply acknowledges the newest outstanding message of a campaign of theirs that asks for a reply', async () => {
    const skype = { channel: 'skype' as const };
    const older = await sentTo(SKYPE_ANN.id, { id: 'c-1', name: 'Older', ...skype });
    const newer = await sentTo(
      SKYPE_ANN.id,
      { id: 'c-2', name: 'Newer', ...skype },
      { sentAt: T0 + 10 * MINUTE },
    );
    await sentTo(
      SKYPE_ANN.id,
      {
        id: 'c-3',
        name: 'Not asking',
        ...skype,
        options: { ...defaultCampaignOptions(), acknowledgement: false },
      },
      { sentAt: T0 + 20 * MINUTE },
    );
    await sentTo(
      SKYPE_ANN.id,
      { id: 'c-4', name: 'Elsewhere', ...skype, tenantId: 'tenant-b' },
      { sentAt: T0 + 30 * MINUTE },
    );

    const when = describeAcknowledgedAt(T0 + HOUR, 'Europe/Paris');
    assert.deepEqual(await acknowledgements.acknowledgeReply(SKYPE_ANN), {
      kind: 'acknowledged',
      campaignName: 'Newer',
      when,
    });
    assert.deepEqual(await acknowledgements.acknowledgeReply(SKYPE_ANN), {
      kind: 'acknowledged',
      campaignName: 'Older',
      when,
    });
    assert.deepEqual(await acknowledgements.acknowledgeReply(SKYPE_ANN), {
      kind: 'nothing-outstanding',
    });
    assert.equal((await store.deliveries.get(newer))?.acknowledgedAt, T0 + HOUR);
    assert.equal((await store.deliveries.get(older))?.acknowledgedAt, T0 + HOUR);
    assert.equal((await store.deliveries.get('c-4-skype:live:ann'))?.acknowledgedAt, undefined);
  });

  it('a reply on Teams acknowledges nothing: the card’s button does', async () => {
    await sentTo(ANN.id);
    assert.deepEqual(await acknowledgements.acknowledgeReply(ANN), {
      kind: 'nothing-outstanding',
    });
  });
});
