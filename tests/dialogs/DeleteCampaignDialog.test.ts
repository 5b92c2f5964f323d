import { strict as assert } from 'node:assert';
import type { CampaignStatus } from '../../src/domain/campaign.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { aCampaign, aDelivery } from '../store/fixtures.js';
import { cardOf, Chat, textOf } from './harness.js';

describe('delete <name>', () => {
  let store: SqliteStore;

  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });

  afterEach(async () => {
    await store.close();
  });

  async function campaignIn(status: CampaignStatus): Promise<void> {
    await store.campaigns.create(aCampaign({ id: 'c-1', name: 'Spring Sale', status }));
  }

  it('is refused while the campaign is running, with the reason', async () => {
    await campaignIn('running');
    const chat = new Chat(store);
    const reply = await chat.sayText('delete spring sale');
    assert.match(reply, /^“Spring Sale” cannot be deleted: it is running/);
    assert.notEqual(await store.campaigns.get('c-1'), null);
    assert.deepEqual(chat.doubles.jobs.cancelled, []);
    // No confirmation is pending: "yes" is just an unknown command.
    assert.match(await chat.sayText('yes'), /^I didn't understand “yes”/);
  });

  it('of a scheduled campaign: summary, confirm, then its jobs are cancelled and it is gone', async () => {
    await campaignIn('scheduled');
    const chat = new Chat(store);
    const question = await chat.say('delete Spring Sale');
    assert.equal(question.length, 1, 'the summary and the question come as one card');
    assert.deepEqual(cardOf(question).texts, [
      'Delete “Spring Sale”?',
      '**Spring Sale** — scheduled\n\nIts scheduled jobs will be removed, so nothing will be sent.',
    ]);
    const actions = (question[0]!.attachments![0]!.content as { actions: unknown[] }).actions;
    assert.deepEqual(
      actions.map((a) => {
        const { title, style } = a as { title: string; style: string };
        return { title, style };
      }),
      [
        { title: 'Yes, delete it', style: 'destructive' },
        { title: 'No, keep it', style: 'default' },
      ],
    );
    assert.equal(await chat.sayText('yes'), 'Deleted “Spring Sale”.');
    assert.deepEqual(chat.doubles.jobs.cancelled, ['c-1']);
    assert.equal(await store.campaigns.get('c-1'), null);
  });

  it('of a finished campaign is allowed and says its recipients’ data goes too', async () => {
    await campaignIn('finished');
    await store.deliveries.insert([
      aDelivery({ id: 'd-1', status: 'sent', dueAt: null }),
      aDelivery({ id: 'd-2', email: 'bob@example.com', status: 'failed', dueAt: null }),
    ]);
    const chat = new Chat(store, { botChannelId: 'skype' });
    const question = await chat.say('delete Spring Sale');
    assert.equal(question.length, 1, 'the summary and the question come as one message');
    assert.match(
      textOf(question),
      /^Delete “Spring Sale”\?\n\n\*\*Spring Sale\*\* — finished\n\n2 recipients; their delivery and click data will be deleted too\.\n\n1\. Yes, delete it\n2\. No, keep it$/,
    );
    assert.equal(await chat.sayText('yes'), 'Deleted “Spring Sale”.');
    assert.equal(await store.campaigns.get('c-1'), null);
    assert.deepEqual(await store.deliveries.countByStatus('c-1').then((c) => c.sent + c.failed), 0);
  });

  it('answering No keeps the campaign and its jobs', async () => {
    await campaignIn('draft');
    const chat = new Chat(store);
    await chat.say('delete Spring Sale');
    assert.equal(await chat.sayText('no'), 'Kept. Nothing was deleted.');
    assert.notEqual(await store.campaigns.get('c-1'), null);
    assert.deepEqual(chat.doubles.jobs.cancelled, []);
  });

  for (const doubtful of ['maybe', 'not sure', "don't delete", 'yes no', 'delete it later?']) {
    it(`re-asks, deleting nothing, on “${doubtful}”`, async () => {
      await campaignIn('draft');
      const chat = new Chat(store);
      await chat.say('delete Spring Sale');
      const card = cardOf(await chat.say(doubtful));
      assert.match(
        card.texts[0]!,
        /^I did not understand “.*”: .*Delete “Spring Sale”\? Please answer Yes, delete it or No, keep it/,
      );
      assert.deepEqual(
        card.actions.map((action) => action.title),
        ['Yes, delete it', 'No, keep it'],
      );
      assert.notEqual(await store.campaigns.get('c-1'), null);
      assert.equal(await chat.sayText('No'), 'Kept. Nothing was deleted.');
    });
  }

  it('is confirmed by the Action.Submit button of its card (what the Agents Playground sends)', async () => {
    await campaignIn('scheduled');
    const chat = new Chat(store);
    const [question] = await chat.say('delete Spring Sale');
    const yes = cardOf([question!]).actions.find((action) => action.title === 'Yes, delete it');
    assert.ok(yes);
    assert.equal(await chat.sayText({ value: yes.data }), 'Deleted “Spring Sale”.');
    assert.equal(await store.campaigns.get('c-1'), null);
  });

  it('on Skype, asks in text with suggested actions and takes only an explicit answer', async () => {
    await campaignIn('draft');
    const chat = new Chat(store, { botChannelId: 'skype' });
    const [question] = await chat.say('delete Spring Sale');
    assert.deepEqual(
      question!.suggestedActions?.actions.map((action) => action.title),
      ['Yes, delete it', 'No, keep it'],
    );
    assert.match(await chat.sayText('not sure'), /^I did not understand “not sure”/);
    assert.equal(await chat.sayText('y'), 'Deleted “Spring Sale”.');
  });

  it('refuses at the confirmation when the campaign started meanwhile', async () => {
    await campaignIn('scheduled');
    const chat = new Chat(store);
    await chat.say('delete Spring Sale');
    await store.campaigns.setStatus('c-1', 'scheduled', 'running', Date.now());
    assert.match(await chat.sayText('yes'), /cannot be deleted: it is running/);
    assert.notEqual(await store.campaigns.get('c-1'), null);
    assert.deepEqual(chat.doubles.jobs.cancelled, []);
  });

  it('cancel at the confirmation deletes nothing', async () => {
    await campaignIn('scheduled');
    const chat = new Chat(store);
    await chat.say('delete Spring Sale');
    assert.equal(await chat.sayText('cancel'), 'Cancelled — nothing was saved.');
    assert.notEqual(await store.campaigns.get('c-1'), null);
    assert.deepEqual(chat.doubles.jobs.cancelled, []);
  });

  it('the Delete button of the campaigns card starts the same dialog', async () => {
    await campaignIn('draft');
    const chat = new Chat(store);
    await chat.say({ value: { command: 'delete', campaignId: 'c-1' } });
    assert.equal(await chat.sayText('yes'), 'Deleted “Spring Sale”.');
  });
});
