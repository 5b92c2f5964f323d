import assert from 'node:assert/strict';
import nock from 'nock';
import { NON_ADMIN_REPLY } from '../../src/bot/welcome.js';
import type { Delivery } from '../../src/domain/delivery.js';
import {
  BOT,
  CONNECTOR,
  SERVICE_URL,
  TENANT_ID,
  startBotServer,
  teamsMessage,
  type BotServer,
} from './botServerHarness.js';
import { standInConnectorAt, type Member } from '../support/standInConnector.js';

const ADA: Member = {
  id: '29:ada',
  name: 'Ada Lovelace',
  aadObjectId: 'aad-ada',
  email: 'Ada@Example.com',
  userPrincipalName: 'ada@example.com',
  givenName: 'Ada',
  surname: 'Lovelace',
};
const GRACE: Member = {
  id: '29:grace',
  name: 'Grace Hopper',
  aadObjectId: 'aad-grace',
  email: 'grace@example.com',
  givenName: 'Grace',
  surname: 'Hopper',
};
const sender = (m: Member) => ({ id: m.id, name: m.name, aadObjectId: m.aadObjectId });

describe('PushBot over HTTP (local mode, SQLite store)', () => {
  let bot: BotServer | undefined;

  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });

  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('records a Teams sender as reachable with the roster profile and answers a non-admin politely', async () => {
    const connector = standInConnectorAt(CONNECTOR, [ADA]);
    bot = await startBotServer({ adminEmails: ['grace@example.com'] });

    const res = await bot.post(teamsMessage(sender(ADA)));

    assert.equal(res.status, 200);
    const user = await bot.store.users.get('msteams:29:ada');
    assert.ok(user, 'the sender is stored as reachable');
    assert.equal(user.tenantId, TENANT_ID);
    assert.equal(user.channel, 'teams');
    assert.equal(user.botChannelId, 'msteams');
    assert.equal(user.email, 'ada@example.com');
    assert.equal(user.givenName, 'Ada');
    assert.equal(user.surname, 'Lovelace');
    assert.equal(user.aadObjectId, 'aad-ada');
    assert.equal(user.name, 'Ada Lovelace');
    const reference = user.conversationReference as {
      serviceUrl: string;
      conversation: { id: string };
      bot: { id: string };
      user: { id: string };
    };
    assert.equal(reference.serviceUrl, SERVICE_URL);
    assert.equal(reference.conversation.id, 'a:chat-29:ada');
    assert.equal(reference.bot.id, BOT.id);
    assert.equal(reference.user.id, '29:ada');

    assert.deepEqual(
      connector.replies.map((r) => [r.conversationId, r.text]),
      [['a:chat-29:ada', NON_ADMIN_REPLY]],
    );
    assert.equal(bot.adminTurns.length, 0, 'a non-admin never reaches the admin dialog');
  });

  it('is idempotent: a second message keeps one user, its first-seen time, and asks the roster once', async () => {
    const connector = standInConnectorAt(CONNECTOR, [ADA]);
    bot = await startBotServer();
    await bot.post(teamsMessage(sender(ADA)));
    const firstSeen = bot.clock.now().toMillis();
    bot.clock.advance({ hours: 2 });

    await bot.post(teamsMessage(sender(ADA), { text: 'again' }));

    assert.equal(await bot.store.users.count(TENANT_ID), 1);
    const user = await bot.store.users.get('msteams:29:ada');
    assert.equal(user?.firstSeenAt, firstSeen);
    assert.equal(user?.lastSeenAt, bot.clock.now().toMillis());
    assert.equal(user?.email, 'ada@example.com');
    assert.deepEqual(connector.rosterLookups, ['29:ada']);
    assert.equal(connector.replies.length, 2);
  });

  it("hands an admin's message to the admin turn, not the polite reply", async () => {
    const connector = standInConnectorAt(CONNECTOR, [ADA, GRACE]);
    bot = await startBotServer({
      adminEmails: ['grace@example.com'],
      adminTurn: async (context) => {
        await context.sendActivity('admin dialog here');
      },
    });

    const res = await bot.post(teamsMessage(sender(GRACE), { text: 'campaigns' }));

    assert.equal(res.status, 200);
    assert.equal(bot.adminTurns.length, 1);
    assert.equal(bot.adminTurns[0]!.text, 'campaigns');
    assert.deepEqual(
      connector.replies.map((r) => r.text),
      ['admin dialog here'],
    );
    assert.ok(await bot.store.users.get('msteams:29:grace'), 'admins are reachable users too');
  });

  it('saves conversation state after an admin turn, so the next turn sees it', async () => {
    standInConnectorAt(CONNECTOR, [GRACE]);
    const seen: number[] = [];
    bot = await startBotServer({
      adminEmails: ['grace@example.com'],
      adminTurn: async (context) => {
        const turns = bot!.conversationState.createProperty<number>('turns');
        const count = (await turns.get(context, 0)) + 1;
        await turns.set(context, count);
        seen.push(count);
      },
    });

    await bot.post(teamsMessage(sender(GRACE), { text: 'one' }));
    await bot.post(teamsMessage(sender(GRACE), { text: 'two' }));

    // State lives per turn in memory; the second turn can only see 1 if it was saved to the store.
    assert.deepEqual(seen, [1, 2]);
  });

  it('still records the user, without e-mail, when the roster lookup fails', async () => {
    const connector = standInConnectorAt(CONNECTOR, [], { rosterStatus: 403 });
    bot = await startBotServer({ adminEmails: ['ada@example.com'] });

    const res = await bot.post(teamsMessage(sender(ADA)));

    assert.equal(res.status, 200);
    const user = await bot.store.users.get('msteams:29:ada');
    assert.equal(user?.name, 'Ada Lovelace');
    assert.equal(user?.aadObjectId, 'aad-ada');
    assert.equal(user?.email, undefined);
    assert.ok(connector.rosterLookups.length >= 1);
    assert.deepEqual(
      connector.replies.map((r) => r.text),
      [NON_ADMIN_REPLY],
      'without a known e-mail nobody is treated as an admin',
    );
  });

  it('records the installer when the bot is added to a personal chat, and greets them once', async () => {
    const connector = standInConnectorAt(CONNECTOR, [ADA]);
    bot = await startBotServer();

    const res = await bot.post(
      teamsMessage(sender(ADA), {
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [BOT, sender(ADA)],
      }),
    );
    await bot.post(
      teamsMessage(sender(ADA), { type: 'installationUpdate', action: 'add', text: undefined }),
    );

    assert.equal(res.status, 200);
    const user = await bot.store.users.get('msteams:29:ada');
    assert.equal(user?.email, 'ada@example.com');
    assert.deepEqual(
      connector.replies.map((r) => r.text),
      [NON_ADMIN_REPLY],
      'a non-admin gets the one polite line, once for the two events of one install',
    );
  });

  it('greets once when the two events of an install arrive at the same time, as the Playground sends them', async () => {
    const connector = standInConnectorAt(CONNECTOR, [ADA]);
    bot = await startBotServer({ adminEmails: ['ada@example.com'] });

    const answers = await Promise.all([
      bot.post(
        teamsMessage(sender(ADA), { type: 'installationUpdate', action: 'add', text: undefined }),
      ),
      bot.post(
        teamsMessage(sender(ADA), {
          type: 'conversationUpdate',
          text: undefined,
          membersAdded: [BOT, sender(ADA)],
        }),
      ),
    ]);

    assert.deepEqual(
      answers.map((res) => res.status),
      [200, 200],
    );
    const welcomes = connector.replies.map((r) => r.text ?? '');
    assert.equal(welcomes.length, 1, welcomes.join('\n---\n'));
    assert.match(welcomes[0]!, /^Hi Ada! I run your push campaigns/);
  });

  it('says nothing when the bot is added to a team or group chat', async () => {
    const connector = standInConnectorAt(CONNECTOR, [ADA]);
    bot = await startBotServer({ adminEmails: ['ada@example.com'] });

    await bot.post(
      teamsMessage(sender(ADA), {
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [BOT],
        conversation: {
          id: '19:team-channel',
          conversationType: 'channel',
          isGroup: true,
          tenantId: TENANT_ID,
          name: 'General',
        },
      }),
    );

    assert.deepEqual(connector.replies, [], 'no welcome in front of the whole team');
  });

  it('records the user on installationUpdate add', async () => {
    standInConnectorAt(CONNECTOR, [ADA]);
    bot = await startBotServer();

    const res = await bot.post(
      teamsMessage(sender(ADA), { type: 'installationUpdate', action: 'add', text: undefined }),
    );

    assert.equal(res.status, 200);
    assert.equal((await bot.store.users.get('msteams:29:ada'))?.givenName, 'Ada');
  });

  it('does not record senders of group conversations (a proactive message would reach the group)', async () => {
    const connector = standInConnectorAt(CONNECTOR, [ADA]);
    bot = await startBotServer({ adminEmails: ['ada@example.com'] });

    await bot.post(
      teamsMessage(sender(ADA), {
        conversation: {
          id: '19:group',
          conversationType: 'groupChat',
          isGroup: true,
          tenantId: TENANT_ID,
          name: 'Group',
        },
      }),
    );

    assert.equal(await bot.store.users.get('msteams:29:ada'), null);
    assert.equal(bot.adminTurns.length, 0);
    assert.deepEqual(
      connector.replies.map((r) => r.text),
      [NON_ADMIN_REPLY],
    );
  });

  it('marks the sent deliveries of the reader as read on a Teams read receipt', async () => {
    standInConnectorAt(CONNECTOR, [ADA]);
    bot = await startBotServer();
    const sentAt = bot.clock.now().toMillis();
    await bot.store.deliveries.insert([
      delivery('d-ada', 'msteams:29:ada', sentAt),
      delivery('d-other', 'msteams:29:someone-else', sentAt),
    ]);
    bot.clock.advance({ minutes: 5 });

    const res = await bot.post(
      teamsMessage(sender(ADA), {
        type: 'event',
        name: 'application/vnd.microsoft.readReceipt',
        value: { lastReadMessageId: String(sentAt + 250) },
        text: undefined,
      }),
    );

    assert.equal(res.status, 200);
    assert.equal((await bot.store.deliveries.get('d-ada'))?.readAt, bot.clock.now().toMillis());
    assert.equal((await bot.store.deliveries.get('d-other'))?.readAt, undefined);
  });

  it('also marks what was sent to the reader after installing the app for them (their directory id)', async () => {
    standInConnectorAt(CONNECTOR, [ADA]);
    bot = await startBotServer();
    const sentAt = bot.clock.now().toMillis();
    await bot.store.deliveries.insert([
      delivery('d-installed', 'msteams:aad:aad-ada', sentAt),
      delivery('d-other', 'msteams:aad:aad-someone-else', sentAt),
    ]);
    bot.clock.advance({ minutes: 5 });

    await bot.post(
      teamsMessage(sender(ADA), {
        type: 'event',
        name: 'application/vnd.microsoft.readReceipt',
        value: { lastReadMessageId: String(sentAt + 250) },
        text: undefined,
      }),
    );

    assert.equal(
      (await bot.store.deliveries.get('d-installed'))?.readAt,
      bot.clock.now().toMillis(),
    );
    assert.equal((await bot.store.deliveries.get('d-other'))?.readAt, undefined);
  });
});

function delivery(id: string, userId: string, sentAt: number): Delivery {
  return {
    id,
    campaignId: 'c-1',
    email: `${id}@example.com`,
    userId,
    status: 'sent',
    dueAt: null,
    attempts: 1,
    sentAt,
    dayCycle: 1,
    step: 0,
    updatedAt: sentAt,
  };
}
