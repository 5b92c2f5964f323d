/**
 * Local mode (no MicrosoftAppId) checks no token, so the real bot behind the real server must
 * serve only programs on this machine that send JSON: not a web page in a local browser
 * (form posts, foreign Origin, DNS rebinding), not a reverse proxy forwarding the world, and
 * it never calls out to a serviceUrl off this machine.
 */
import assert from 'node:assert/strict';
import nock from 'nock';
import {
  CONNECTOR,
  SERVICE_URL,
  startBotServer,
  teamsMessage,
  type BotServer,
} from '../bot/botServerHarness.js';
import {
  standInConnectorAt,
  type Member,
  type StandInConnector,
} from '../support/standInConnector.js';
import { rawRequest } from './httpRequest.js';

const ADA: Member = { id: '29:ada', name: 'Ada Lovelace', email: 'ada@example.com' };
const ATTACKER = 'https://attacker.example';

describe('local mode over HTTP: only direct JSON callers on this machine', () => {
  let bot: BotServer | undefined;
  let connector: StandInConnector;
  /** Every request the bot made to a serviceUrl off this machine. */
  let attackerCalls: string[];

  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    attackerCalls = [];
    nock(ATTACKER)
      .persist()
      .get(/.*/)
      .reply((uri) => {
        attackerCalls.push(`GET ${uri}`);
        return [200, ADA];
      })
      .post(/.*/)
      .reply((uri) => {
        attackerCalls.push(`POST ${uri}`);
        return [200, { id: 'x' }];
      });
    connector = standInConnectorAt(CONNECTOR, [ADA]);
    bot = await startBotServer({ adminEmails: ['ada@example.com'] });
  });

  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const messageFromAda = (overrides = {}) =>
    teamsMessage({ id: ADA.id, name: ADA.name }, { text: 'campaigns', ...overrides });

  async function nothingHappened(): Promise<void> {
    assert.deepEqual(connector.rosterLookups, [], 'no roster lookup');
    assert.deepEqual(connector.replies, [], 'no reply');
    assert.deepEqual(attackerCalls, [], 'no call to a foreign serviceUrl');
    assert.equal(bot!.adminTurns.length, 0, 'no admin turn');
    assert.equal(await bot!.store.users.get(`msteams:${ADA.id}`), null, 'nobody recorded');
  }

  it('serves a JSON activity from this machine (the Agents Playground’s way)', async () => {
    const res = await bot!.post(messageFromAda());

    assert.equal(res.status, 200);
    assert.equal(bot!.adminTurns.length, 1);
    assert.deepEqual(connector.rosterLookups, [ADA.id]);
  });

  const attackForm = new URLSearchParams({
    type: 'message',
    text: 'campaigns',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    'from[id]': ADA.id,
    'from[name]': ADA.name,
    'recipient[id]': '28:push-bot',
    'conversation[id]': 'a:chat-ada',
    'conversation[tenantId]': 'tenant-1',
  }).toString();

  it('refuses the form a web page posts across sites (form-encoded, foreign Origin): nothing read, nobody looked up', async () => {
    const res = await rawRequest(`${bot!.baseUrl}/api/messages`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'http://evil.example',
        Host: new URL(bot!.baseUrl).host,
      },
      body: attackForm,
    });

    assert.equal(res.status, 403);
    await nothingHappened();
  });

  it('refuses a form-encoded post even without an Origin with 415, before the body is read', async () => {
    const res = await rawRequest(`${bot!.baseUrl}/api/messages`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Host: new URL(bot!.baseUrl).host,
      },
      body: attackForm,
    });

    assert.equal(res.status, 415);
    assert.match(JSON.parse(res.body).message, /application\/json/);
    await nothingHappened();
  });

  it('refuses a text/plain post (the other "simple" request a page can send) with 415', async () => {
    const res = await rawRequest(`${bot!.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Host: new URL(bot!.baseUrl).host },
      body: JSON.stringify(messageFromAda()),
    });

    assert.equal(res.status, 415);
    await nothingHappened();
  });

  it('refuses a JSON activity sent from a web page of another site (foreign Origin) with 403', async () => {
    const res = await bot!.post(messageFromAda(), { Origin: 'http://evil.example' });

    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { message: string }).message, /another site/);
    await nothingHappened();
  });

  it('refuses a page whose name was rebound to 127.0.0.1 (Host of another machine) with 403', async () => {
    const res = await rawRequest(`${bot!.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Host: 'evil.example:3978' },
      body: JSON.stringify(messageFromAda()),
    });

    assert.equal(res.status, 403);
    await nothingHappened();
  });

  for (const [header, value] of [
    ['X-Forwarded-For', '203.0.113.7'],
    ['Forwarded', 'for=203.0.113.7;proto=https'],
    ['X-Real-IP', '203.0.113.7'],
  ] as const) {
    it(`refuses a request a local reverse proxy forwarded (${header}) with 403`, async () => {
      const res = await bot!.post(messageFromAda(), { [header]: value });

      assert.equal(res.status, 403);
      assert.match(((await res.json()) as { message: string }).message, /proxy/);
      await nothingHappened();
    });
  }

  it('never calls a serviceUrl off this machine: 403, no roster lookup, no reply there', async () => {
    const res = await bot!.post(messageFromAda({ serviceUrl: `${ATTACKER}/amer/` }));

    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { message: string }).message, /serviceUrl/);
    await nothingHappened();
  });

  it('accepts a loopback Origin (a local tool served from localhost)', async () => {
    const res = await bot!.post(messageFromAda(), { Origin: 'http://localhost:3000' });

    assert.equal(res.status, 200);
    assert.equal(bot!.adminTurns.length, 1);
  });
});
