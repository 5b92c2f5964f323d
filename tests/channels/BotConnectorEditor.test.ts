/**
 * Deleting and replacing a sent message at the Bot Connector's HTTP level (nock): the request
 * each makes, with the bot's token, and what each answer means — the same classification as a
 * send: 404 and 403 refused for good with their reason, 429 retried after Retry-After, a
 * request that may have arrived (reset after sending) unknown and never repeated.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import { BotConnectorEditor } from '../../src/channels/BotConnectorEditor.js';
import { createBotAuthentication } from '../../src/channels/botAuthentication.js';
import type { ReachableUser } from '../../src/domain/recipients.js';
import { silentLogger } from '../../src/logger.js';
import { createSendLimits } from '../../src/ratelimit/channelLimits.js';
import { fakeTiming, type FakeTiming } from '../ratelimit/fakeTiming.js';

const LOGIN = 'https://login.microsoftonline.com';
const CONNECTOR = 'https://smba.trafficmanager.net';
const ACTIVITY = '/emea/v3/conversations/a%3A1chat-with-ada/activities/1%3Aactivity-42';

let appCounter = 0;

const ada: ReachableUser = {
  id: 'msteams:29:ada',
  tenantId: 'tenant-1',
  channel: 'teams',
  botChannelId: 'msteams',
  email: 'ada@example.com',
  conversationReference: {
    serviceUrl: `${CONNECTOR}/emea/`,
    channelId: 'msteams',
    conversation: { id: 'a:1chat-with-ada', conversationType: 'personal', tenantId: 'tenant-1' },
    bot: { id: '28:bot', name: 'Campaigns' },
    user: { id: '29:ada', name: 'Ada' },
  },
  firstSeenAt: 0,
  lastSeenAt: 0,
};

function editor(): { editor: BotConnectorEditor; timing: FakeTiming; appId: string } {
  const appId = `editor-app-${++appCounter}`;
  nock(LOGIN)
    .post('/botframework.com/oauth2/v2.0/token')
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3600, access_token: `token-of-${appId}` });
  const timing = fakeTiming();
  return {
    appId,
    timing,
    editor: new BotConnectorEditor({
      auth: createBotAuthentication({ appId, appPassword: 'secret', appType: 'MultiTenant' }),
      botAppId: appId,
      limits: createSendLimits({ perTenantPerSecond: 50, ...timing }),
      logger: silentLogger,
      clock: timing.clock,
      sleep: timing.sleep,
      random: () => 0.5,
    }),
  };
}

async function reserved(e: BotConnectorEditor) {
  const r = await e.reserve(ada, '1:activity-42');
  assert.equal(r.kind, 'reserved');
  return r as Extract<typeof r, { kind: 'reserved' }>;
}

describe('BotConnectorEditor', () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('deletes with DELETE …/activities/{id} and the bot token', async () => {
    const { editor: e, appId } = editor();
    let authorization: string | undefined;
    nock(CONNECTOR)
      .delete(ACTIVITY)
      .reply(function () {
        authorization = this.req.headers.authorization;
        return [200, {}];
      });
    assert.deepEqual(await (await reserved(e)).delete(), { kind: 'done' });
    assert.equal(authorization, `Bearer token-of-${appId}`);
  });

  it('replaces with PUT …/activities/{id}: the new markdown, as the same activity', async () => {
    const { editor: e } = editor();
    let body: Record<string, unknown> = {};
    nock(CONNECTOR)
      .put(ACTIVITY, (b: Record<string, unknown>) => ((body = b), true))
      .reply(200, { id: '1:activity-42' });
    assert.deepEqual(await (await reserved(e)).replace('Hello **Ada**'), { kind: 'done' });
    assert.equal(body.type, 'message');
    assert.equal(body.id, '1:activity-42');
    assert.equal(body.textFormat, 'markdown');
    assert.equal(body.text, 'Hello **Ada**');
  });

  it('404 and 403 are refused for good, with their reason, after one request each', async () => {
    const { editor: e } = editor();
    nock(CONNECTOR)
      .delete(ACTIVITY)
      .reply(404, { error: { code: 'ConversationNotFound' } })
      .delete(ACTIVITY)
      .reply(403, { error: { code: 'BotNotInConversationRoster' } })
      .delete(ACTIVITY)
      .reply(403, { error: { code: 'Forbidden' } });
    assert.deepEqual(await (await reserved(e)).delete(), {
      kind: 'failed',
      reason: 'conversation-not-found',
    });
    assert.deepEqual(await (await reserved(e)).delete(), {
      kind: 'failed',
      reason: 'bot-not-in-conversation',
    });
    assert.deepEqual(await (await reserved(e)).delete(), { kind: 'failed', reason: 'forbidden' });
    assert.ok(nock.isDone());
  });

  it('429 is tried again after Retry-After; still throttled after the last try, it is failed', async () => {
    const { editor: e, timing } = editor();
    nock(CONNECTOR)
      .delete(ACTIVITY)
      .reply(429, {}, { 'Retry-After': '2' })
      .delete(ACTIVITY)
      .reply(200, {});
    assert.deepEqual(await (await reserved(e)).delete(), { kind: 'done' });
    assert.ok(timing.sleeps.includes(2_000), `slept ${JSON.stringify(timing.sleeps)}`);

    nock(CONNECTOR).delete(ACTIVITY).times(3).reply(429, {}, { 'Retry-After': '1' });
    assert.deepEqual(await (await reserved(e)).delete(), { kind: 'failed', reason: 'throttled' });
    assert.ok(nock.isDone());
  });

  it('a connection reset after the request left is unknown, not repeated', async () => {
    const { editor: e } = editor();
    nock(CONNECTOR)
      .delete(ACTIVITY)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const outcome = await (await reserved(e)).delete();
    assert.equal(outcome.kind, 'unknown');
    assert.ok(nock.isDone());
  });
});
