/**
 * Bot Framework authentication of POST /api/messages, proved end to end: the channel's OpenID
 * metadata and signing keys are served by nock with a key pair made here, tokens are signed
 * locally, and the real bot runs behind the real server.
 */
import { rawRequest } from './httpRequest.js';
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import jwt from 'jsonwebtoken';
import nock from 'nock';
import { NON_ADMIN_REPLY } from '../../src/bot/welcome.js';
import {
  CONNECTOR,
  SERVICE_URL,
  startBotServer,
  teamsMessage,
  type BotServer,
} from '../bot/botServerHarness.js';
import { standInConnectorAt } from '../support/standInConnector.js';

const OPENID_HOST = 'https://login.botframework.com';
const OPENID_PATH = '/v1/.well-known/openidconfiguration';
const JWKS_PATH = '/v1/.well-known/keys';
const ISSUER = 'https://api.botframework.com';
const LOGIN = 'https://login.microsoftonline.com';
const TOKEN_PATH = '/botframework.com/oauth2/v2.0/token';
const KID = 'test-signing-key';

const channelKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const strangerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });

const ADA = { id: '29:ada', name: 'Ada Lovelace', aadObjectId: 'aad-ada' };

/** Bot Framework caches outbound tokens process-wide per app id: each test has its own app. */
let appCounter = 0;

/** What the Bot Framework channel publishes: its key, endorsed for Teams only. */
function serveChannelMetadata(): void {
  const jwk = channelKeys.publicKey.export({ format: 'jwk' });
  nock(OPENID_HOST)
    .persist()
    .get(OPENID_PATH)
    .reply(200, {
      issuer: ISSUER,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${OPENID_HOST}${JWKS_PATH}`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    })
    .get(JWKS_PATH)
    .reply(200, { keys: [{ ...jwk, kid: KID, use: 'sig', endorsements: ['msteams'] }] });
}

/** The bot's own outbound token (client credentials), used for its replies. */
function serveBotToken(appId: string): void {
  nock(LOGIN)
    .persist()
    .post(TOKEN_PATH)
    .query(true)
    .reply(200, {
      token_type: 'Bearer',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: `outbound-token-of-${appId}`,
    });
}

function channelToken(
  claims: { aud: string; serviceUrl?: string },
  options: { key?: KeyObject; issuer?: string; expiresIn?: number } = {},
): string {
  // The channel's claim is spelled `serviceurl`, all lower case.
  return jwt.sign(
    { serviceurl: claims.serviceUrl ?? SERVICE_URL },
    options.key ?? channelKeys.privateKey,
    {
      algorithm: 'RS256',
      keyid: KID,
      issuer: options.issuer ?? ISSUER,
      audience: claims.aud,
      expiresIn: options.expiresIn ?? 300,
    },
  );
}

/**
 * botframework-connector keeps fetched signing keys in a process-wide cache for 24 h; start from
 * an empty one so this file sees its own keys whatever ran before it.
 */
function forgetCachedSigningKeys(): void {
  const require = createRequire(import.meta.url);
  const { JwtTokenExtractor } = require('botframework-connector/lib/auth/jwtTokenExtractor') as {
    JwtTokenExtractor: { openIdMetadataCache: Map<string, unknown> };
  };
  JwtTokenExtractor.openIdMetadataCache.clear();
}

describe('POST /api/messages with a bot app id (Bot Framework JWT)', () => {
  let bot: BotServer | undefined;
  let appId: string;
  const consoleError = console.error;

  beforeEach(() => {
    forgetCachedSigningKeys();
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    appId = `00000000-0000-0000-0000-${String(++appCounter).padStart(12, '0')}`;
    serveChannelMetadata();
    serveBotToken(appId);
    // botbuilder console.error()s every rejected token; keep the test output readable.
    console.error = () => {};
  });

  afterEach(async () => {
    console.error = consoleError;
    await bot?.close();
    bot = undefined;
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('accepts a channel token (issuer, key, audience, serviceUrl, endorsement): the bot runs and replies', async () => {
    const connector = standInConnectorAt(CONNECTOR, [{ ...ADA, email: 'ada@example.com' }]);
    bot = await startBotServer({ appId });

    const res = await bot.post(teamsMessage(ADA), {
      authorization: `Bearer ${channelToken({ aud: appId })}`,
    });

    assert.equal(res.status, 200);
    assert.equal((await bot.store.users.get('msteams:29:ada'))?.email, 'ada@example.com');
    assert.deepEqual(
      connector.replies.map((r) => [r.text, r.authorization]),
      [[NON_ADMIN_REPLY, `Bearer outbound-token-of-${appId}`]],
    );
  });

  /** Each case names the check that must refuse it, as botbuilder words it in the 401 body. */
  const rejected: Array<{
    what: string;
    headers: (appId: string) => Record<string, string>;
    activity?: object;
    because: RegExp;
  }> = [
    { what: 'no token at all', headers: () => ({}), because: /not authorized/ },
    {
      what: 'a token signed with another key (same key id)',
      headers: (aud) => bearer(channelToken({ aud }, { key: strangerKeys.privateKey })),
      because: /could not be verified/,
    },
    {
      what: 'a token for another bot (wrong audience)',
      headers: () => bearer(channelToken({ aud: 'someone-elses-bot' })),
      because: /Invalid AppId/,
    },
    {
      what: 'a token for another serviceUrl',
      headers: (aud) => bearer(channelToken({ aud, serviceUrl: 'https://evil.example.test/' })),
      because: /ServiceUrl claim/,
    },
    {
      what: 'a token from another issuer',
      headers: (aud) => bearer(channelToken({ aud }, { issuer: 'https://sts.windows.net/x/' })),
      because: /No valid identity/,
    },
    {
      what: 'an expired token',
      headers: (aud) => bearer(channelToken({ aud }, { expiresIn: -3600 })),
      because: /expired/,
    },
    {
      what: 'a garbage bearer value',
      headers: () => bearer('not-a-jwt'),
      because: /No valid identity/,
    },
    {
      what: "a valid token on a channel its key is not endorsed for ('skype')",
      headers: (aud) => bearer(channelToken({ aud })),
      activity: { channelId: 'skype', conversation: { id: 'skype-conv', isGroup: false } },
      because: /endorsement/,
    },
  ];

  for (const { what, headers, activity, because } of rejected) {
    it(`answers 401 to ${what}, and no handler runs`, async () => {
      const connector = standInConnectorAt(CONNECTOR, [{ ...ADA, email: 'ada@example.com' }]);
      bot = await startBotServer({ appId, adminEmails: ['ada@example.com'] });

      const res = await bot.post(teamsMessage(ADA, activity), headers(appId));

      assert.equal(res.status, 401);
      assert.match(await res.text(), because);
      assert.equal(await bot.store.users.count('tenant-1'), 0, 'nothing recorded');
      assert.equal(bot.adminTurns.length, 0);
      assert.equal(
        connector.replies.length + connector.rosterLookups.length,
        0,
        'no outbound call',
      );
    });
  }
});

describe('POST /api/messages with a bot app id, before its body is read', () => {
  let bot: BotServer | undefined;

  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });

  const unread: Array<{ what: string; body: string }> = [
    { what: 'a body that is not even JSON', body: '{"type":' },
    { what: 'a body over the 1 MiB limit', body: `{"text":"${'x'.repeat(1_100_000)}"}` },
  ];
  for (const { what, body } of unread) {
    it(`answers 401 without a bearer token to ${what}: the body is never parsed`, async () => {
      bot = await startBotServer({ appId: '00000000-0000-0000-0000-0000000000ff' });

      const res = await rawRequest(`${bot.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });

      assert.equal(res.status, 401);
      assert.match(res.body, /not authorized/);
      assert.equal(await bot.store.users.count('tenant-1'), 0, 'nothing recorded');
    });
  }
});

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
