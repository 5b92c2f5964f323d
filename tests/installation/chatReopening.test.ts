/**
 * Re-opening a chat Teams lost (404 ConversationNotFound), on each real store: allowed only for
 * the Graph tenant's campaigns and once per recipient of a campaign; a re-opening that cannot
 * be done leaves the send `failed` as Teams answered it (not `unreachable`), and the person's
 * stored chat untouched. The full path through createApp is tests/e2e/lostChat.test.ts.
 */
import { strict as assert } from 'node:assert';
import { directoryAccessFor } from '../../src/application/directoryAccess.js';
import { ManualClock } from '../../src/clock.js';
import type { Delivery } from '../../src/domain/delivery.js';
import { REOPENING_CHAT } from '../../src/domain/deliveryOutcome.js';
import { ChatReopening } from '../../src/installation/ChatReopening.js';
import { InstallationWorker } from '../../src/installation/InstallationWorker.js';
import { silentLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/Store.js';
import { campaignFixture, MONDAY_10H, reachableUser, TENANT } from '../delivery/support/seed.js';
import { freshStoreEachTest } from '../support/freshStoreEachTest.js';
import { STORE_KINDS } from '../support/testStorage.js';

const SERVICE_URL = 'https://smba.example.test/emea/';
const GRACE = reachableUser(1, SERVICE_URL);
const AUTHOR = reachableUser(0, SERVICE_URL, { id: 'msteams:author' });

/** Grace's delivery, waiting for her new chat as the dispatcher leaves it after the 404. */
function waitingForNewChat(campaignId: string, now: number): Delivery {
  return {
    id: 'delivery-grace',
    campaignId,
    email: GRACE.email!,
    userId: GRACE.id,
    status: 'pending',
    dueAt: now + 3_600_000,
    reason: REOPENING_CHAT,
    attempts: 1,
    dayCycle: 1,
    step: 0,
    updatedAt: now,
  };
}

for (const kind of STORE_KINDS) {
  describe(`re-opening a chat Teams lost (${kind})`, function () {
    this.timeout(20_000);
    const fresh = freshStoreEachTest(kind);
    let store: Store;
    const clock = new ManualClock(MONDAY_10H);
    const reopening = () =>
      new ChatReopening({
        installations: store.installations,
        directoryAccess: directoryAccessFor(TENANT),
        clock,
      });

    beforeEach(async () => {
      store = fresh.store;
      await store.users.upsert(AUTHOR);
      await store.users.upsert(GRACE);
    });

    it('is offered once per recipient of a campaign, and only for the Graph tenant', async () => {
      const campaign = campaignFixture();
      const delivery = waitingForNewChat(campaign.id, clock.now().toMillis());
      const otherTenant = campaignFixture({ id: 'camp-2', tenantId: 'fabrikam-tenant' });

      assert.equal(await reopening().mayReopen(otherTenant, delivery), false);
      assert.equal(await reopening().mayReopen(campaign, delivery), true);
      await reopening().reopen(campaign, delivery, GRACE);
      assert.equal(await reopening().mayReopen(campaign, delivery), false, 'already re-opened');
      const planned = (await store.installations.byEmail(campaign.id, [GRACE.email!])).get(
        GRACE.email!,
      );
      assert.deepEqual(
        [planned?.status, planned?.aadObjectId, planned?.reopensChatOf, planned?.dueAt],
        ['waiting', GRACE.aadObjectId, GRACE.id, clock.now().toMillis()],
      );
    });

    it('that cannot be done (the app blocked by policy) leaves the send failed and the stored chat as it was', async () => {
      const campaign = campaignFixture();
      await store.campaigns.create(campaign);
      const delivery = waitingForNewChat(campaign.id, clock.now().toMillis());
      await store.deliveries.insert([delivery]);
      await reopening().reopen(campaign, delivery, GRACE);
      const opened: string[] = [];
      const worker = new InstallationWorker({
        ...store,
        clock,
        logger: silentLogger,
        installerOf: async (tenantId) =>
          directoryAccessFor(TENANT).mayUse(tenantId)
            ? {
                install: async (ids: string[]) =>
                  new Map(ids.map((id) => [id, { kind: 'failed', reason: 'blocked-by-policy' }])),
              }
            : undefined,
        conversations: {
          open: async (_endpoint, aadObjectId) => {
            opened.push(aadObjectId);
            return { kind: 'failed', reason: 'not expected' };
          },
        },
        workerId: 'worker-1',
      });

      const summary = await worker.installDue();

      assert.deepEqual([summary.claimed, summary.failed], [1, 1]);
      assert.deepEqual(opened, []);
      const after = await store.deliveries.get(delivery.id);
      assert.deepEqual(
        [after?.status, after?.reason, after?.dueAt],
        ['failed', 'conversation-not-found', null],
      );
      const grace = await store.users.get(GRACE.id);
      assert.deepEqual(grace?.conversationReference, GRACE.conversationReference);
      assert.equal((await store.installations.funnel(campaign.id)).chatsReopened, 0);
    });

    it('that is done stores the new chat as the person’s conversation and releases the delivery at once', async () => {
      const campaign = campaignFixture();
      await store.campaigns.create(campaign);
      const delivery = waitingForNewChat(campaign.id, clock.now().toMillis());
      await store.deliveries.insert([delivery]);
      await reopening().reopen(campaign, delivery, GRACE);
      const worker = new InstallationWorker({
        ...store,
        clock,
        logger: silentLogger,
        installerOf: async (tenantId) =>
          directoryAccessFor(TENANT).mayUse(tenantId)
            ? {
                install: async (ids: string[]) =>
                  new Map(ids.map((id) => [id, { kind: 'installed', alreadyInstalled: true }])),
              }
            : undefined,
        conversations: {
          open: async (endpoint, aadObjectId) => ({
            kind: 'opened',
            reference: {
              serviceUrl: endpoint.serviceUrl,
              channelId: 'msteams',
              conversation: { id: `new-chat-${aadObjectId}` } as never,
              user: { id: aadObjectId, name: '' },
            },
          }),
        },
        workerId: 'worker-1',
      });

      await worker.installDue();

      const after = await store.deliveries.get(delivery.id);
      assert.deepEqual(
        [after?.status, after?.userId, after?.dueAt, after?.reason],
        ['pending', GRACE.id, clock.now().toMillis(), undefined],
      );
      const grace = await store.users.get(GRACE.id);
      const reference = grace?.conversationReference as {
        conversation: { id: string };
        user: { id: string };
      };
      assert.equal(reference.conversation.id, `new-chat-${GRACE.aadObjectId}`);
      assert.deepEqual(reference.user, { id: 'user-1' }, 'who she is in Teams is kept');
      assert.equal(await store.users.count(TENANT), 2, 'no second record for her');
      assert.equal((await store.installations.funnel(campaign.id)).chatsReopened, 1);
    });
  });
}
