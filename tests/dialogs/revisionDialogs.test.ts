/**
 * `recall` and `correct` in text, as a Skype admin has them (no cards): the confirmation says
 * what will happen to whom and takes only Confirm; the correction's new message goes through
 * the form's message rule. The deletions and replacements themselves are tests/e2e/recall.test.ts.
 */
import { strict as assert } from 'node:assert';
import type { CampaignStatus } from '../../src/domain/campaign.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { aCampaign, aDelivery } from '../store/fixtures.js';
import { Chat } from './harness.js';

describe('recall and correct <name> on Skype (text)', () => {
  let store: SqliteStore;

  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });

  afterEach(async () => {
    await store.close();
  });

  /** "Spring Sale", with one message delivered and one delivery still pending. */
  async function campaignIn(status: CampaignStatus): Promise<void> {
    await store.campaigns.create(aCampaign({ id: 'c-1', name: 'Spring Sale', status }));
    await store.deliveries.insert([
      aDelivery({ id: 'd-1', status: 'sent', dueAt: null, activityId: 'a-1' }),
      aDelivery({ id: 'd-2', email: 'bob@example.com', status: 'pending' }),
    ]);
  }

  it('recall: what happens to whom, Confirm required, then the pending delivery is cancelled', async () => {
    await campaignIn('running');
    const chat = new Chat(store, { botChannelId: 'skype' });
    const question = await chat.sayText('recall spring sale');
    assert.match(question, /Recall “Spring Sale”\?/);
    assert.match(
      question,
      /1 delivered message will be deleted from recipients’ chats and 1 pending delivery cancelled\. The campaign stops now\./,
    );
    assert.match(await chat.sayText('maybe'), /I did not understand “maybe”/);
    assert.equal((await store.campaigns.get('c-1'))!.revision, undefined);
    assert.match(await chat.sayText('confirm'), /^Recalling “Spring Sale”/);
    const campaign = (await store.campaigns.get('c-1'))!;
    assert.equal(campaign.status, 'finished');
    assert.equal(campaign.revision?.kind, 'recall');
    assert.equal(campaign.revision?.byName, 'Ada Admin');
    assert.equal((await store.deliveries.get('d-2'))!.reason, 'recalled');
    assert.match(
      await chat.sayText('recall spring sale'),
      /cannot be recalled: it was already recalled/,
    );
  });

  it('correct: the form’s message question and rule, a preview, then Confirm', async () => {
    await campaignIn('finished');
    const chat = new Chat(store, { botChannelId: 'skype' });
    assert.match(await chat.sayText('correct Spring Sale'), /What message should recipients get\?/);
    const refused = await chat.sayText('   ');
    assert.match(refused, /That message cannot be used: it is empty\. Accepted: 1 to/);
    const confirm = await chat.sayText('Hello {{firstName}}, the right link');
    assert.match(confirm, /1 delivered message will be replaced in recipients’ chats/);
    // As the form's preview: the admin's name as Skype gives it; no first name known here.
    assert.match(confirm, /The new message as Ada Admin would get it:\n\n> Hello , the right link/);
    assert.match(await chat.sayText('no'), /Nothing was corrected/);
    assert.equal((await store.campaigns.get('c-1'))!.message, aCampaign().message);

    await chat.sayText('correct Spring Sale');
    await chat.sayText('Hello {{firstName}}, the right link');
    assert.match(await chat.sayText('confirm'), /^Correcting “Spring Sale”/);
    const campaign = (await store.campaigns.get('c-1'))!;
    assert.equal(campaign.message, 'Hello {{firstName}}, the right link');
    assert.equal(campaign.revision?.message, 'Hello {{firstName}}, the right link');
  });

  it('a campaign that has not started is neither recalled nor corrected: delete or edit it', async () => {
    await store.campaigns.create(
      aCampaign({ id: 'c-1', name: 'Spring Sale', status: 'scheduled' }),
    );
    const chat = new Chat(store, { botChannelId: 'skype' });
    assert.match(
      await chat.sayText('recall Spring Sale'),
      /cannot be recalled: it has not started.*`delete`/,
    );
    assert.match(
      await chat.sayText('correct Spring Sale'),
      /cannot be corrected: it has not started.*`edit`/,
    );
  });
});
