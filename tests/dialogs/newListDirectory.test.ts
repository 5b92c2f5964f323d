/** `new list` with Graph configured: the admin is told which addresses match nobody in the tenant. */
import { strict as assert } from 'node:assert';
import nock from 'nock';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { graphDirectory, nockAddressLookups } from '../directory/fakeDirectory.js';
import { Chat, textOf } from './harness.js';

describe('new list, matched against the directory', () => {
  let store: SqliteStore;

  beforeEach(() => {
    nock.disableNetConnect();
    store = openSqliteStore(':memory:');
    nockAddressLookups({
      'ann@example.com': { id: 'aad-ann', mail: 'ann@example.com', givenName: 'Ann' },
    });
  });

  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await store.close();
  });

  it('names the addresses that match nobody in the tenant, and keeps them on the list', async () => {
    const chat = new Chat(store, { directory: graphDirectory() });
    await chat.say('new list');
    await chat.say('Partners');
    const replies = await chat.say('ann@example.com, bob@example.com; carl@example.com');
    const text = textOf(replies);
    assert.match(
      text,
      /These 2 addresses match nobody in your organisation's directory:\n- bob@example\.com\n- carl@example\.com\n\nThey stay on the list and are reported as not in the directory when a campaign runs\./,
    );
    assert.doesNotMatch(text, /- ann@example\.com/);
    assert.match(text, /Saved the list “Partners” with 3 valid addresses\./);
    assert.deepEqual((await store.lists.list('tenant-a'))[0]!.emails, [
      'ann@example.com',
      'bob@example.com',
      'carl@example.com',
    ]);
  });

  it('says nothing more when every address is in the directory', async () => {
    const chat = new Chat(store, { directory: graphDirectory() });
    await chat.say('new list');
    await chat.say('Solo');
    const text = await chat.sayText('ann@example.com');
    assert.doesNotMatch(text, /directory/);
  });
});
