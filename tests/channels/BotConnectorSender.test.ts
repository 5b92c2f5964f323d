import assert from 'node:assert/strict';
import nock from 'nock';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { BotConnectorSender } from '../../src/channels/BotConnectorSender.js';
import { createBotAuthentication } from '../../src/channels/botAuthentication.js';
import type { ReachableUser } from '../../src/domain/recipients.js';
import { silentLogger } from '../../src/logger.js';
import { createSendLimits } from '../../src/ratelimit/channelLimits.js';
import { fakeTiming, type FakeTiming } from '../ratelimit/fakeTiming.js';
import { capturedLogs } from '../support/capturedLogs.js';

const LOGIN = 'https://login.microsoftonline.com';
const TOKEN_PATH = '/botframework.com/oauth2/v2.0/token';
const CONNECTOR = 'https://smba.trafficmanager.net';
const SERVICE_URL = `${CONNECTOR}/emea/`;

/** Bot Framework caches tokens process-wide per app id, so each test uses its own app. */
let appCounter = 0;

interface Received {
  authorization?: string;
  body: Record<string, unknown>;
}

function teamsUser(
  conversationId = 'a:1chat-with-ada',
  overrides: Partial<ReachableUser> = {},
): ReachableUser {
  return {
    id: 'msteams:29:ada',
    tenantId: 'tenant-1',
    channel: 'teams',
    botChannelId: 'msteams',
    email: 'ada@example.com',
    conversationReference: {
      serviceUrl: SERVICE_URL,
      channelId: 'msteams',
      conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
      bot: { id: '28:bot', name: 'Campaigns' },
      user: { id: '29:ada', name: 'Ada' },
    },
    firstSeenAt: 0,
    lastSeenAt: 0,
    ...overrides,
  };
}

function activitiesPath(conversationId: string): string {
  return `/emea/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
}

interface Harness {
  sender: BotConnectorSender;
  timing: FakeTiming;
  appId: string;
  tokenRequests: string[];
}

function harness(
  options: { perTenantPerSecond?: number; requestTimeoutMs?: number } = {},
): Harness {
  const appId = `app-${++appCounter}`;
  const tokenRequests: string[] = [];
  nock(LOGIN)
    .post(TOKEN_PATH)
    .query(true)
    .reply(200, (_uri, body) => {
      tokenRequests.push(String(body));
      return {
        token_type: 'Bearer',
        expires_in: 3600,
        ext_expires_in: 3600,
        access_token: `token-of-${appId}`,
      };
    });
  const timing = fakeTiming();
  const sender = new BotConnectorSender({
    auth: createBotAuthentication({ appId, appPassword: 'secret', appType: 'MultiTenant' }),
    botAppId: appId,
    limits: createSendLimits({ perTenantPerSecond: options.perTenantPerSecond ?? 50, ...timing }),
    logger: silentLogger,
    clock: timing.clock,
    sleep: timing.sleep,
    random: () => 0.5,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  return { sender, timing, appId, tokenRequests };
}

/** Replies in order, recording what the connector received. */
function connector(
  conversationId: string,
  replies: Array<[number, unknown, Record<string, string>?]>,
): Received[] {
  const received: Received[] = [];
  const scope = nock(CONNECTOR);
  for (const [status, body, headers] of replies) {
    scope.post(activitiesPath(conversationId)).reply(function (_uri, requestBody) {
      received.push({
        authorization: this.req.headers.authorization,
        body: requestBody as Record<string, unknown>,
      });
      return [status, body as nock.Body, headers ?? {}];
    });
  }
  return received;
}

describe('BotConnectorSender', () => {
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('posts the markdown as a new message with the bot token and returns the activity id', async () => {
    const h = harness();
    const received = connector('a:1chat-with-ada', [[201, { id: '1:activity-42' }]]);

    const outcome = await h.sender.send(
      teamsUser(),
      '**Hello** Ada, see [this](https://x.example/r/abc)',
    );

    assert.deepEqual(outcome, { kind: 'sent', activityId: '1:activity-42' });
    assert.equal(received.length, 1);
    const [request] = received;
    assert.equal(request!.authorization, `Bearer token-of-${h.appId}`);
    assert.equal(request!.body.type, 'message');
    assert.equal(request!.body.textFormat, 'markdown');
    assert.equal(request!.body.text, '**Hello** Ada, see [this](https://x.example/r/abc)');
    assert.deepEqual(request!.body.recipient, { id: '29:ada', name: 'Ada' });
    assert.equal(request!.body.replyToId, undefined);
    assert.equal(h.tokenRequests.length, 1);
    assert.match(h.tokenRequests[0]!, new RegExp(`client_id=${h.appId}&`));
  });

  it('sends card activities as given (reports, try)', async () => {
    const h = harness();
    const received = connector('a:1chat-with-ada', [[201, { id: 'card-1' }]]);
    const card = {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', version: '1.5', body: [] },
    };

    const outcome = await h.sender.sendActivity(teamsUser(), {
      type: 'message',
      attachments: [card],
    });

    assert.deepEqual(outcome, { kind: 'sent', activityId: 'card-1' });
    assert.deepEqual(received[0]!.body.attachments, [card]);
  });

  it('waits the Retry-After of a 429 (seconds) and then sends', async () => {
    const h = harness();
    const received = connector('a:1chat-with-ada', [
      [429, { error: { code: 'Throttled', message: 'slow down' } }, { 'Retry-After': '2' }],
      [201, { id: 'after-wait' }],
    ]);

    const outcome = await h.sender.send(teamsUser(), 'hi');

    assert.deepEqual(outcome, { kind: 'sent', activityId: 'after-wait' });
    assert.equal(received.length, 2);
    assert.ok(
      h.timing.sleeps.some((ms) => ms >= 2_000),
      `slept ${h.timing.sleeps.join(', ')}`,
    );
    assert.ok(h.timing.elapsed() >= 2_000);
  });

  it('gives up without a request when a Retry-After wait ends at or after `sendBefore`', async () => {
    const h = harness();
    const received = connector('a:1chat-with-ada', [
      [429, { error: { code: 'Throttled', message: 'slow down' } }, { 'Retry-After': '2' }],
      [201, { id: 'too-late' }],
    ]);
    const sendBefore = h.timing.clock.now().toMillis() + 2_000;

    const outcome = await h.sender.send(teamsUser(), 'hi', sendBefore);

    assert.deepEqual(outcome, { kind: 'too-late', reason: 'send-before-passed' });
    assert.equal(received.length, 1);
  });

  it('gives up without a request when the rate limiter makes it wait past `sendBefore`', async () => {
    const h = harness({ perTenantPerSecond: 1 });
    const received = connector('a:1chat-with-ada', [[201, { id: 'first' }]]);
    const sendBefore = h.timing.clock.now().toMillis() + 500;

    const first = await h.sender.send(teamsUser(), 'one', sendBefore);
    const second = await h.sender.send(teamsUser('a:1chat-with-bob'), 'two', sendBefore);

    assert.deepEqual(first, { kind: 'sent', activityId: 'first' });
    assert.deepEqual(second, { kind: 'too-late', reason: 'send-before-passed' });
    assert.equal(received.length, 1);
  });

  describe('reserve, then post (the dispatcher records the attempt in between)', () => {
    /** Reserves, notes when the reservation came, then posts; as the dispatcher does. */
    async function reserveThenPost(
      h: Harness,
      user: ReachableUser,
      text: string,
      sendBefore: number | undefined,
      between: () => void,
    ) {
      const reserved = await h.sender.reserve(user, sendBefore);
      if (reserved.kind !== 'reserved') return reserved;
      between();
      return reserved.post(text);
    }

    it('reserves after the rate-limit wait and before the first request, not before its retries', async () => {
      const h = harness({ perTenantPerSecond: 1 });
      const events: string[] = [];
      const received = connector('a:1chat-with-bob', [
        [429, { error: { code: 'Throttled' } }, { 'Retry-After': '1' }],
        [201, { id: 'second-try' }],
      ]);
      await h.sender.send(teamsUser(), 'takes the first slot');
      const start = h.timing.clock.now().toMillis();

      const outcome = await reserveThenPost(
        h,
        teamsUser('a:1chat-with-bob'),
        'hi',
        undefined,
        () => {
          events.push(
            `began after ${h.timing.clock.now().toMillis() - start} ms, ${received.length} requests`,
          );
        },
      );

      assert.deepEqual(outcome, { kind: 'sent', activityId: 'second-try' });
      assert.deepEqual(events, ['began after 1000 ms, 0 requests']);
      assert.equal(received.length, 2);
    });

    it('sends nothing for a reservation never posted', async () => {
      const h = harness();
      const received = connector('a:1chat-with-ada', [[201, { id: 'never' }]]);

      const reserved = await h.sender.reserve(teamsUser(), undefined);

      assert.equal(reserved.kind, 'reserved');
      assert.equal(received.length, 0);
      nock.cleanAll();
    });

    it('reserves nothing when the wait already ended past `sendBefore`', async () => {
      const h = harness({ perTenantPerSecond: 1 });
      connector('a:1chat-with-ada', [[201, { id: 'first' }]]);
      await h.sender.send(teamsUser(), 'takes the first slot');
      let began = false;

      const outcome = await reserveThenPost(
        h,
        teamsUser('a:1chat-with-bob'),
        'two',
        h.timing.clock.now().toMillis() + 500,
        () => {
          began = true;
        },
      );

      assert.deepEqual(outcome, { kind: 'too-late', reason: 'send-before-passed' });
      assert.equal(began, false);
    });
  });

  it('reads a Retry-After given as an HTTP date against the injected clock', async () => {
    const h = harness();
    const at = h.timing.clock.now().plus({ seconds: 5 }).toHTTP()!;
    connector('a:1chat-with-ada', [
      [503, { error: { code: 'ServiceUnavailable' } }, { 'Retry-After': at }],
      [201, { id: 'later' }],
    ]);

    const outcome = await h.sender.send(teamsUser(), 'hi');

    assert.equal(outcome.kind, 'sent');
    assert.deepEqual(h.timing.sleeps, [5_000]);
  });

  it('hands back a persistent 429 as transient after 3 tries, without touching anything else', async () => {
    const h = harness();
    const throttled: [number, unknown, Record<string, string>] = [
      429,
      { error: { code: 'Throttled' } },
      { 'Retry-After': '3' },
    ];
    const received = connector('a:1chat-with-ada', [throttled, throttled, throttled]);

    const outcome = await h.sender.send(teamsUser(), 'hi');

    assert.deepEqual(outcome, { kind: 'transient', retryAfterMs: 3_000, reason: 'throttled' });
    assert.equal(received.length, 3);
    assert.deepEqual(h.timing.sleeps, [3_000, 3_000]);
  });

  it('does not sleep through a long Retry-After: returns transient at once', async () => {
    const h = harness();
    const received = connector('a:1chat-with-ada', [
      [429, { error: { code: 'Throttled' } }, { 'Retry-After': '120' }],
    ]);

    const outcome = await h.sender.send(teamsUser(), 'hi');

    assert.deepEqual(outcome, { kind: 'transient', retryAfterMs: 120_000, reason: 'throttled' });
    assert.equal(received.length, 1);
    assert.deepEqual(h.timing.sleeps, []);
  });

  it('retries a 500 with backoff and jitter, then sends', async () => {
    const h = harness();
    const received = connector('a:1chat-with-ada', [
      [500, { error: { code: 'InternalServerError' } }],
      [201, { id: 'second-try' }],
    ]);

    const outcome = await h.sender.send(teamsUser(), 'hi');

    assert.deepEqual(outcome, { kind: 'sent', activityId: 'second-try' });
    assert.equal(received.length, 2);
    assert.deepEqual(h.timing.sleeps, [750]);
  });

  it('marks a user who blocked the bot (403 MessageWritesBlocked) failed, without retrying', async () => {
    const h = harness();
    const received = connector('a:1chat-with-ada', [
      [403, { error: { code: 'MessageWritesBlocked', message: 'blocked' } }],
    ]);

    const outcome = await h.sender.send(teamsUser(), 'hi');

    assert.deepEqual(outcome, { kind: 'failed', reason: 'blocked-by-user' });
    assert.equal(received.length, 1);
  });

  it('reports other refusals with stable reasons', async () => {
    const cases: Array<[number, unknown, string]> = [
      [403, { error: { code: 'BotDisabledByAdmin' } }, 'bot-disabled-by-admin'],
      [403, { error: { code: 'SomethingElse' } }, 'forbidden'],
      [404, { error: { code: 'ConversationNotFound' } }, 'conversation-not-found'],
      [400, { error: { code: 'BadArgument' } }, 'bad-request'],
      [401, { error: { code: 'Unauthorized' } }, 'unauthorized'],
    ];
    for (const [status, body, reason] of cases) {
      const h = harness();
      const received = connector('a:1chat-with-ada', [[status, body]]);

      const outcome = await h.sender.send(teamsUser(), 'hi');

      assert.deepEqual(outcome, { kind: 'failed', reason }, `HTTP ${status}`);
      assert.equal(received.length, 1);
    }
  });

  it('never re-sends after the connection was reset mid-request: the outcome is unknown', async () => {
    const h = harness();
    const scope = nock(CONNECTOR)
      .post(activitiesPath('a:1chat-with-ada'))
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const retry = nock(CONNECTOR)
      .post(activitiesPath('a:1chat-with-ada'))
      .reply(201, { id: 'duplicate' });

    const outcome = await h.sender.send(teamsUser(), 'hi');

    assert.deepEqual(outcome, { kind: 'unknown', reason: 'connection-reset' });
    assert.ok(scope.isDone());
    assert.ok(!retry.isDone(), 'the message was posted a second time');
    assert.deepEqual(h.timing.sleeps, []);
  });

  it('abandons a request that gets no answer in time as unknown', async () => {
    // Long enough that a loaded machine has sent the request before the timer fires.
    const h = harness({ requestTimeoutMs: 1_000 });
    const slow = nock(CONNECTOR)
      .post(activitiesPath('a:1chat-with-ada'))
      .delay(5_000)
      .reply(201, { id: 'too-late' });

    const outcome = await h.sender.send(teamsUser(), 'hi');

    assert.deepEqual(outcome, { kind: 'unknown', reason: 'timeout' });
    assert.ok(slow.isDone());
  });

  it('retries when the connection is refused (nothing was sent), then hands back transient', async () => {
    const h = harness();
    const refused = nock(CONNECTOR)
      .post(activitiesPath('a:1chat-with-ada'))
      .times(3)
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

    const outcome = await h.sender.send(teamsUser(), 'hi');

    assert.equal(outcome.kind, 'transient');
    assert.equal(outcome.kind === 'transient' && outcome.reason, 'connection-refused');
    assert.ok(refused.isDone());
    assert.deepEqual(h.timing.sleeps, [750, 1_500]);
  });

  it('treats a bot token that cannot be obtained as transient, never reaching the connector', async () => {
    const appId = `app-${++appCounter}`;
    const timing = fakeTiming();
    const login = nock(LOGIN).post(TOKEN_PATH).query(true).times(3).reply(401, {
      error: 'invalid_client',
      error_description: 'AADSTS7000215: Invalid client secret',
    });
    const post = nock(CONNECTOR).post(activitiesPath('a:1chat-with-ada')).reply(201, { id: 'x' });
    const logs = capturedLogs();
    const sender = new BotConnectorSender({
      auth: createBotAuthentication({ appId, appPassword: 'wrong', appType: 'MultiTenant' }),
      botAppId: appId,
      limits: createSendLimits({ perTenantPerSecond: 50, ...timing }),
      logger: logs.logger,
      ...timing,
      random: () => 0.5,
    });

    const outcome = await sender.send(teamsUser(), 'hi');

    assert.equal(outcome.kind, 'transient');
    assert.equal(outcome.kind === 'transient' && outcome.reason, 'bot-token-unavailable');
    assert.ok(login.isDone());
    assert.ok(!post.isDone());
    const [line] = logs.withMessage('send could not start');
    assert.equal(typeof line!.err!.type, 'string');
    assert.match(String(line!.err!.message), /AADSTS7000215|invalid_client|401/);
    assert.doesNotMatch(logs.raw.join(''), /object Object|wrong/);
  });

  it('keeps to 7 messages per second in one chat and to SEND_RATE_PER_SECOND per tenant, with one token', async () => {
    const h = harness({ perTenantPerSecond: 3 });
    const chat = connector(
      'a:1chat-with-ada',
      Array.from({ length: 8 }, (_, i) => [201, { id: `m${i}` }] as [number, unknown]),
    );
    const others = ['a:1bob', 'a:1cy', 'a:1dee'].map((id) => connector(id, [[201, { id }]]));

    const sentAt: number[] = [];
    for (let i = 0; i < 8; i++) {
      assert.equal((await h.sender.send(teamsUser(), `n${i}`)).kind, 'sent');
      sentAt.push(h.timing.elapsed());
    }
    const start = h.timing.elapsed();
    for (const id of ['a:1bob', 'a:1cy', 'a:1dee']) {
      assert.equal((await h.sender.send(teamsUser(id), 'hi')).kind, 'sent');
    }

    // Per tenant 3/s decides first: 3 per second; the chat's own 7/s is never reached here.
    assert.deepEqual(sentAt, [0, 0, 0, 1_000, 1_000, 1_000, 2_000, 2_000]);
    assert.equal(chat.length, 8);
    assert.equal(h.timing.elapsed() - start, 1_000);
    assert.ok(others.every((r) => r.length === 1));
    assert.equal(h.tokenRequests.length, 1);
  });

  it('posts a new message, not a reply, when the stored reference names an incoming message', async () => {
    const h = harness();
    const received = connector('a:1chat-with-ada', [[201, { id: 'new-1' }]]);
    const ada = teamsUser();
    const user = {
      ...ada,
      conversationReference: { ...ada.conversationReference, activityId: 'incoming-7' },
    };

    const outcome = await h.sender.send(user, 'hi');

    assert.deepEqual(outcome, { kind: 'sent', activityId: 'new-1' });
    assert.equal(received[0]!.body.replyToId, undefined);
    assert.deepEqual(received[0]!.body.from, { id: '28:bot', name: 'Campaigns' });
  });

  it('asks for the bot token once for many sends, across regions', async () => {
    const h = harness();
    const emea = connector(
      'a:1chat-with-ada',
      Array.from({ length: 5 }, (_, i) => [201, { id: `e${i}` }] as [number, unknown]),
    );
    const amer: Received[] = [];
    nock(CONNECTOR)
      .post('/amer/v3/conversations/a%3A1bob/activities')
      .times(5)
      .reply(function (_uri, body) {
        amer.push({ authorization: this.req.headers.authorization, body: body as never });
        return [201, { id: 'a' }];
      });
    const bob = teamsUser('a:1bob');
    const bobInAmer = {
      ...bob,
      conversationReference: { ...bob.conversationReference, serviceUrl: `${CONNECTOR}/amer/` },
    };

    for (let i = 0; i < 5; i++) {
      assert.equal((await h.sender.send(teamsUser(), `n${i}`)).kind, 'sent');
      assert.equal((await h.sender.send(bobInAmer, `n${i}`)).kind, 'sent');
    }

    assert.equal(h.tokenRequests.length, 1);
    assert.ok([...emea, ...amer].every((r) => r.authorization === `Bearer token-of-${h.appId}`));
  });

  it('fetches a new bot token when the cached one has expired', async () => {
    const appId = `app-${++appCounter}`;
    const timing = fakeTiming();
    // Bot Framework renews 5 minutes before expiry, so a 60 s token is stale at once.
    const login = nock(LOGIN)
      .post(TOKEN_PATH)
      .query(true)
      .reply(200, { token_type: 'Bearer', expires_in: 60, access_token: 'short-lived' })
      .post(TOKEN_PATH)
      .query(true)
      .reply(200, { token_type: 'Bearer', expires_in: 3600, access_token: 'renewed' });
    const received = connector('a:1chat-with-ada', [
      [201, { id: '1' }],
      [201, { id: '2' }],
      [201, { id: '3' }],
    ]);
    const sender = new BotConnectorSender({
      auth: createBotAuthentication({ appId, appPassword: 'secret', appType: 'MultiTenant' }),
      botAppId: appId,
      limits: createSendLimits({ perTenantPerSecond: 50, ...timing }),
      logger: silentLogger,
      ...timing,
    });

    for (let i = 0; i < 3; i++) assert.equal((await sender.send(teamsUser(), 'hi')).kind, 'sent');

    assert.ok(login.isDone());
    assert.deepEqual(
      received.map((r) => r.authorization),
      ['Bearer short-lived', 'Bearer renewed', 'Bearer renewed'],
    );
  });

  it('refuses a user whose stored conversation reference is unusable, without any request', async () => {
    const h = harness();
    const broken = teamsUser('a:1x', { conversationReference: { channelId: 'msteams' } });

    const outcome = await h.sender.send(broken, 'hi');

    assert.deepEqual(outcome, { kind: 'failed', reason: 'invalid-conversation-reference' });
    assert.equal(h.tokenRequests.length, 0);
  });

  describe('local mode (Agents Playground / Emulator, no app id)', () => {
    it('posts to the local connector without any token', async () => {
      const timing = fakeTiming();
      const sender = new BotConnectorSender({
        auth: createBotAuthentication({ appType: 'MultiTenant' }),
        botAppId: undefined,
        limits: createSendLimits({ perTenantPerSecond: 50, ...timing }),
        logger: silentLogger,
        ...timing,
      });
      const login = nock(LOGIN)
        .post(TOKEN_PATH)
        .query(true)
        .reply(200, { access_token: 'should-not-be-asked' });
      let authorization: string | undefined = 'not called';
      let body: Record<string, unknown> = {};
      nock('http://localhost:56150')
        .post('/_connector/v3/conversations/playground-conv/activities')
        .reply(201, function (_uri, requestBody) {
          authorization = this.req.headers.authorization;
          body = requestBody as Record<string, unknown>;
          return { id: 'local-1' };
        });
      const user = teamsUser('playground-conv', {
        botChannelId: 'msteams',
        conversationReference: {
          serviceUrl: 'http://localhost:56150/_connector',
          channelId: 'msteams',
          conversation: { id: 'playground-conv' },
          bot: { id: 'bot' },
          user: { id: 'user-1' },
        },
      });

      const outcome = await sender.send(user, 'local *hello*');

      assert.deepEqual(outcome, { kind: 'sent', activityId: 'local-1' });
      assert.equal(authorization, undefined);
      assert.equal(body.text, 'local *hello*');
      assert.ok(!login.isDone(), 'no token may be requested in local mode');
    });
  });

  it('can be built from ConfigurationBotFrameworkAuthentication directly', () => {
    const sender = new BotConnectorSender({
      auth: new ConfigurationBotFrameworkAuthentication({}),
      botAppId: undefined,
      limits: createSendLimits({ perTenantPerSecond: 50 }),
      logger: silentLogger,
    });
    assert.equal(typeof sender.send, 'function');
  });
});
