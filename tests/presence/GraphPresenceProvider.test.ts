import { CREDENTIALS_REFUSED_LOG } from '../../src/graph/tokenFailure.js';
import assert from 'node:assert/strict';
import nock from 'nock';
import { silentLogger, type Logger } from '../../src/logger.js';
import { GraphPresenceProvider } from '../../src/presence/GraphPresenceProvider.js';
import { NoPresenceProvider } from '../../src/presence/NoPresenceProvider.js';
import { createGraphPresenceLimiter } from '../../src/ratelimit/channelLimits.js';
import { RateLimiter } from '../../src/ratelimit/RateLimiter.js';
import { fakeTiming, type FakeTiming } from '../ratelimit/fakeTiming.js';
import { capturedLogs } from '../support/capturedLogs.js';

const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';
const PRESENCE_PATH = '/v1.0/communications/getPresencesByUserId';
const TENANT = '11111111-2222-3333-4444-555555555555';

/** AAD-object-id-like strings: 00000000-0000-0000-0000-000000000001, … */
function userIds(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `00000000-0000-0000-0000-${String(i + 1).padStart(12, '0')}`,
  );
}

interface GraphRecord {
  tokenRequests: number;
  presenceBodies: string[][];
  authorizations: Array<string | undefined>;
}

function nockToken(record: GraphRecord): void {
  nock(LOGIN)
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, () => {
      record.tokenRequests++;
      return {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: 'graph-token',
      };
    });
}

/** Graph answering each POST with `availability(id)` for every id it was asked about. */
function nockPresence(
  record: GraphRecord,
  availability: (id: string) => string | undefined,
  times = 1,
): nock.Scope {
  return nock(GRAPH)
    .post(PRESENCE_PATH)
    .times(times)
    .reply(200, function (_uri, body) {
      const ids = (body as { ids: string[] }).ids;
      record.presenceBodies.push(ids);
      record.authorizations.push(this.req.headers.authorization);
      return {
        value: ids
          .filter((id) => availability(id) !== undefined)
          .map((id) => ({ id, availability: availability(id), activity: 'Whatever' })),
      };
    });
}

function provider(
  timing: FakeTiming,
  limiter = createGraphPresenceLimiter(timing),
  logger: Logger = silentLogger,
): GraphPresenceProvider {
  return new GraphPresenceProvider({
    credentials: { tenantId: TENANT, clientId: 'graph-client', clientSecret: 'graph-secret' },
    limiter,
    logger,
    ...timing,
    random: () => 0.5,
  });
}

describe('GraphPresenceProvider', () => {
  let record: GraphRecord;

  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    record = { tokenRequests: 0, presenceBodies: [], authorizations: [] };
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('reads 1,400 users in exactly three requests of 650, 650 and 100 ids', async () => {
    const timing = fakeTiming();
    nockToken(record);
    const graph = nockPresence(record, () => 'Available', 3);
    const ids = userIds(1_400);

    const presences = await provider(timing).getPresences(ids);

    assert.ok(graph.isDone());
    assert.deepEqual(
      record.presenceBodies.map((b) => b.length),
      [650, 650, 100],
    );
    assert.deepEqual(record.presenceBodies.flat(), ids);
    assert.equal(presences.size, 1_400);
    assert.ok([...presences.values()].every((p) => p === 'available'));
    assert.deepEqual(record.authorizations, [
      'Bearer graph-token',
      'Bearer graph-token',
      'Bearer graph-token',
    ]);
    assert.equal(record.tokenRequests, 1);
  });

  it('maps every Graph availability value and reports unknown ids as absent', async () => {
    const timing = fakeTiming();
    nockToken(record);
    const availabilities = [
      'Available',
      'AvailableIdle',
      'Away',
      'BeRightBack',
      'Busy',
      'BusyIdle',
      'DoNotDisturb',
      'Offline',
      'PresenceUnknown',
    ];
    const ids = userIds(availabilities.length + 1);
    nockPresence(record, (id) => availabilities[ids.indexOf(id)]);

    const presences = await provider(timing).getPresences(ids);

    assert.deepEqual(
      Object.fromEntries(availabilities.map((a, i) => [a, presences.get(ids[i]!)])),
      {
        Available: 'available',
        AvailableIdle: 'available',
        Away: 'away',
        BeRightBack: 'away',
        Busy: 'busy',
        BusyIdle: 'busy',
        DoNotDisturb: 'absent',
        Offline: 'absent',
        PresenceUnknown: 'absent',
      },
    );
    assert.equal(
      presences.get(ids[availabilities.length]!),
      'absent',
      'id missing from the answer',
    );
  });

  it('matches the ids Graph sends back whatever their letter case', async () => {
    const timing = fakeTiming();
    nockToken(record);
    const id = 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE';
    nock(GRAPH)
      .post(PRESENCE_PATH)
      .reply(200, { value: [{ id: id.toLowerCase(), availability: 'Busy', activity: 'InACall' }] });

    const presences = await provider(timing).getPresences([id]);

    assert.deepEqual([...presences], [[id, 'busy']]);
  });

  it("reads out of office from Teams' status or from automatic replies, whatever the availability", async () => {
    const timing = fakeTiming();
    nockToken(record);
    const [statusOut, repliesOn, inOffice] = userIds(3);
    nock(GRAPH)
      .post(PRESENCE_PATH)
      .reply(200, {
        value: [
          { id: statusOut, availability: 'Offline', activity: 'OutOfOffice' },
          {
            id: repliesOn,
            availability: 'Available',
            activity: 'Available',
            outOfOfficeSettings: { message: 'On leave', isOutOfOffice: true },
          },
          {
            id: inOffice,
            availability: 'Available',
            activity: 'Available',
            outOfOfficeSettings: { message: null, isOutOfOffice: false },
          },
        ],
      });

    const presences = await provider(timing).getPresences([statusOut!, repliesOn!, inOffice!]);

    assert.deepEqual(
      [...presences],
      [
        [statusOut, 'out-of-office'],
        [repliesOn, 'out-of-office'],
        [inOffice, 'available'],
      ],
    );
  });

  it('waits the Retry-After of a 429, then reads', async () => {
    const timing = fakeTiming();
    nockToken(record);
    nock(GRAPH)
      .post(PRESENCE_PATH)
      .reply(429, { error: { code: 'TooManyRequests' } }, { 'Retry-After': '4' });
    nockPresence(record, () => 'Away');

    const presences = await provider(timing).getPresences(userIds(2));

    assert.deepEqual([...presences.values()], ['away', 'away']);
    assert.deepEqual(timing.sleeps, [4_000]);
  });

  it('after bounded retries of a 503, leaves that batch out (unread) and still reads the others', async () => {
    const timing = fakeTiming();
    nockToken(record);
    const ids = userIds(700);
    nockPresence(record, () => 'Available');
    const failing = nock(GRAPH)
      .post(PRESENCE_PATH)
      .times(3)
      .reply(503, { error: { code: 'ServiceUnavailable' } }, { 'Retry-After': '1' });

    const presences = await provider(timing).getPresences(ids);

    assert.ok(failing.isDone());
    assert.equal(record.presenceBodies.length, 1, 'first batch read');
    assert.ok(ids.slice(0, 650).every((id) => presences.get(id) === 'available'));
    assert.ok(ids.slice(650).every((id) => !presences.has(id)));
    assert.deepEqual(timing.sleeps, [1_000, 1_000]);
  });

  it('does not retry a refusal (403): those users are left unread', async () => {
    const timing = fakeTiming();
    nockToken(record);
    const refused = nock(GRAPH)
      .post(PRESENCE_PATH)
      .reply(403, { error: { code: 'Forbidden' } });

    const presences = await provider(timing).getPresences(userIds(3));

    assert.ok(refused.isDone());
    assert.equal(presences.size, 0);
    assert.deepEqual(timing.sleeps, []);
  });

  it('asks for one token and reuses it across calls', async () => {
    const timing = fakeTiming();
    nockToken(record);
    nockPresence(record, () => 'Available', 3);
    const presence = provider(timing);

    for (let i = 0; i < 3; i++) {
      await presence.getPresences(userIds(5));
    }

    assert.equal(record.presenceBodies.length, 3);
    assert.equal(record.tokenRequests, 1);
  });

  it('goes through the shared limiter for every request', async () => {
    const timing = fakeTiming();
    nockToken(record);
    nockPresence(record, () => 'Available', 3);
    const twoPer30s = new RateLimiter({ windows: [{ limit: 2, intervalMs: 30_000 }], ...timing });

    await provider(timing, twoPer30s).getPresences(userIds(1_301));

    assert.equal(record.presenceBodies.length, 3);
    assert.deepEqual(timing.sleeps, [30_000]);
  });

  it('makes no request for an empty list', async () => {
    const timing = fakeTiming();
    nockToken(record);
    nockPresence(record, () => 'Available');

    const presences = await provider(timing).getPresences([]);

    assert.equal(presences.size, 0);
    assert.equal(record.tokenRequests, 0);
    assert.equal(record.presenceBodies.length, 0);
  });

  it('leaves everyone unread when Graph refuses the credentials: one token request, one log line without a stack', async () => {
    const timing = fakeTiming();
    let tokenRequests = 0;
    nock(LOGIN)
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .query(true)
      .reply(() => {
        tokenRequests++;
        return [
          401,
          { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret' },
        ];
      })
      .persist();
    nockPresence(record, () => 'Available');
    const logs = capturedLogs();

    const presences = await provider(timing, undefined, logs.logger).getPresences(userIds(2));

    assert.equal(presences.size, 0);
    assert.equal(record.presenceBodies.length, 0);
    assert.equal(tokenRequests, 1, 'a refusal is not asked again');
    const lines = logs.withMessage(CREDENTIALS_REFUSED_LOG);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.code, 'AADSTS7000215');
    assert.equal(lines[0]!.err, undefined, 'no stack trace');
    assert.doesNotMatch(logs.raw.join(''), /object Object|graph-secret/);
  });
});

describe('NoPresenceProvider', () => {
  it('is not configured and lets everyone through', async () => {
    const none = new NoPresenceProvider();

    const presences = await none.getPresences(TENANT, ['a', 'b']);

    assert.equal(none.configuredFor(TENANT), false);
    assert.deepEqual(
      [...presences],
      [
        ['a', 'available'],
        ['b', 'available'],
      ],
    );
  });
});
