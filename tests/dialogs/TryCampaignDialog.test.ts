import { strict as assert } from 'node:assert';
import type { SendOutcome } from '../../src/application/ports/MessageSender.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { aCampaign, aUser } from '../store/fixtures.js';
import { Chat } from './harness.js';

describe('try <name>', () => {
  let store: SqliteStore;

  beforeEach(async () => {
    store = openSqliteStore(':memory:');
    await store.campaigns.create(
      aCampaign({
        id: 'c-1',
        name: 'Spring Sale',
        status: 'running',
        message:
          'Hello {{firstName}} {{lastName}} ({{email}}), see [our offer](https://example.com/offer)',
      }),
    );
  });

  afterEach(async () => {
    await store.close();
  });

  async function startTry(chat: Chat): Promise<void> {
    const question = await chat.sayText('try Spring Sale');
    assert.match(
      question,
      /^Which e-mail address should get a test of “Spring Sale”\? It is sent at once on Teams/,
    );
  }

  it('re-asks, saying why, until the answer is one valid address', async () => {
    const chat = new Chat(store);
    await startTry(chat);
    assert.equal(
      await chat.sayText('ann.example.com'),
      '“ann.example.com” is not an e-mail address — it should look like name@company.com. Which address should get the test?',
    );
    assert.equal(
      await chat.sayText('ann@example.com, bob@example.com'),
      'That is 2 addresses: please give just one e-mail address.',
    );
    // Several words are not several addresses: it is simply not an address.
    assert.equal(
      await chat.sayText('my colleague Ann'),
      '“my colleague Ann” is not an e-mail address — it should look like name@company.com. Which address should get the test?',
    );
    assert.match(await chat.sayText('ann@example.com'), /^Not sent: no user/);
    assert.deepEqual(chat.doubles.sender.sent, []);
  });

  it('explains that nobody with that address has installed or talked to the bot', async () => {
    const chat = new Chat(store);
    await startTry(chat);
    assert.equal(
      await chat.sayText('nobody@example.com'),
      'Not sent: no user with the address nobody@example.com has installed or talked to the bot on Teams, so the bot cannot reach them. Once they do, try again.',
    );
    assert.deepEqual(chat.doubles.sender.sent, []);
  });

  it('explains when the address is reachable on the other channel only', async () => {
    await store.users.upsert(aUser({ id: 'skype:ann', channel: 'skype', botChannelId: 'skype' }));
    const chat = new Chat(store);
    await startTry(chat);
    assert.equal(
      await chat.sayText('Ann@Example.com'),
      'Not sent: ann@example.com can only be reached on Skype, and “Spring Sale” goes out on Teams. They need to install or talk to the bot on Teams first.',
    );
    assert.deepEqual(chat.doubles.sender.sent, []);
  });

  it('does not send to a user of another organization with that address', async () => {
    await store.users.upsert(aUser({ tenantId: 'tenant-b' }));
    const chat = new Chat(store);
    await startTry(chat);
    assert.match(
      await chat.sayText('ann@example.com'),
      /^Not sent: no user with the address ann@example.com/,
    );
    assert.deepEqual(chat.doubles.sender.sent, []);
  });

  it('sends the message rendered for that user and says so', async () => {
    await store.users.upsert(aUser());
    const chat = new Chat(store);
    await startTry(chat);
    assert.equal(
      await chat.sayText('Ann Lee <ann@example.com>'),
      'Sent: ann@example.com received the test message on Teams.',
    );
    assert.equal(chat.doubles.sender.sent.length, 1);
    const [sent] = chat.doubles.sender.sent;
    assert.equal(sent!.user.id, 'msteams:29:ann');
    assert.equal(
      sent!.markdown,
      'Hello Ann Lee (ann@example.com), see [our offer](https://example.com/offer)',
    );
  });

  const outcomes: [string, SendOutcome, string][] = [
    [
      'failed',
      { kind: 'failed', reason: 'blocked-by-user' },
      'Not delivered to ann@example.com: blocked-by-user.',
    ],
    [
      'transient',
      { kind: 'transient', retryAfterMs: 2500, reason: 'throttled' },
      'Not sent yet: the channel is busy, try again in 3 s.',
    ],
    [
      'unknown',
      { kind: 'unknown', reason: 'timeout' },
      'The outcome is unknown (timeout): the message may or may not have reached ann@example.com. Check with them before trying again.',
    ],
  ];
  for (const [kind, outcome, expected] of outcomes) {
    it(`tells the admin a ${kind} outcome`, async () => {
      await store.users.upsert(aUser());
      const chat = new Chat(store);
      chat.doubles.sender.outcome = outcome;
      await startTry(chat);
      assert.equal(await chat.sayText('ann@example.com'), expected);
      assert.equal(chat.doubles.sender.sent.length, 1);
    });
  }

  it('cancel while asked for the address sends nothing', async () => {
    await store.users.upsert(aUser());
    const chat = new Chat(store);
    await startTry(chat);
    assert.equal(await chat.sayText('cancel'), 'Cancelled — nothing was saved.');
    assert.deepEqual(chat.doubles.sender.sent, []);
  });

  it('on a Skype campaign looks the address up among Skype users', async () => {
    await store.campaigns.create(aCampaign({ id: 'c-2', name: 'Skype Push', channel: 'skype' }));
    await store.users.upsert(aUser());
    const chat = new Chat(store, { botChannelId: 'skype' });
    assert.match(await chat.sayText('try skype push'), /sent at once on Skype/);
    assert.match(
      await chat.sayText('ann@example.com'),
      /can only be reached on Teams, and “Skype Push” goes out on Skype/,
    );
  });
});
