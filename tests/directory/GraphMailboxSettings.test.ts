import assert from 'node:assert/strict';
import nock from 'nock';
import { GraphMailboxSettings } from '../../src/directory/GraphMailboxSettings.js';
import { GraphClient } from '../../src/graph/GraphClient.js';
import { GraphTokenSource } from '../../src/graph/GraphTokenSource.js';
import { GLOBAL_CLOUD } from '../../src/graph/nationalClouds.js';
import { silentLogger } from '../../src/logger.js';
import { createGraphLimiters } from '../../src/ratelimit/channelLimits.js';
import { fakeTiming, type FakeTiming } from '../ratelimit/fakeTiming.js';

const TENANT = '11111111-2222-3333-4444-555555555555';

interface BatchBody {
  requests: Array<{ id: string; method: string; url: string }>;
}

function mailboxSettings(timing: FakeTiming): {
  settings: GraphMailboxSettings;
  graph: GraphClient;
} {
  const graph = new GraphClient({
    cloud: GLOBAL_CLOUD,
    tokens: new GraphTokenSource(
      { tenantId: TENANT, clientId: 'graph-client', clientSecret: 'secret' },
      GLOBAL_CLOUD,
    ),
    limiters: createGraphLimiters(timing),
    logger: silentLogger,
    ...timing,
  });
  return { settings: new GraphMailboxSettings(graph), graph };
}

const workingHours = (zone: string) => ({
  daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
  startTime: '08:00:00.0000000',
  endTime: '17:00:00.0000000',
  timeZone: { name: zone },
});

/** What Graph answers for each user of the test, by the user's key. */
function answerFor(user: string): {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
} {
  switch (user) {
    case 'no-mailbox':
      return { status: 404, body: { error: { code: 'MailboxNotEnabledForRESTAPI' } } };
    case 'forbidden':
      return { status: 403, body: { error: { code: 'ErrorAccessDenied' } } };
    case 'gone':
      return { status: 404, body: { error: { code: 'Request_ResourceNotFound' } } };
    case 'custom-zone':
      return { status: 200, body: { workingHours: workingHours('Customized Time Zone') } };
    case 'broken':
      return { status: 503, body: { error: { code: 'ServiceUnavailable' } } };
    case 'ann@contoso.com':
      return {
        status: 200,
        body: { timeZone: 'Asia/Singapore', workingHours: workingHours('Singapore Standard Time') },
      };
    default:
      return {
        status: 200,
        body: {
          timeZone: 'Romance Standard Time',
          workingHours: workingHours('Romance Standard Time'),
        },
      };
  }
}

describe('GraphMailboxSettings: recipients’ working hours through Graph $batch', () => {
  let timing: FakeTiming;

  beforeEach(() => {
    nock.disableNetConnect();
    timing = fakeTiming();
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('reads 45 mailboxes in batches of 20 with one token, retries a throttled item after its Retry-After, and says why others get the campaign’s hours', async () => {
    let tokens = 0;
    nock('https://login.microsoftonline.com')
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .query(true)
      .reply(200, () => {
        tokens++;
        return { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' };
      })
      .persist();
    const users = [
      ...Array.from({ length: 39 }, (_, i) => `user-${i}`),
      'no-mailbox',
      'forbidden',
      'gone',
      'custom-zone',
      'broken',
      'ann@contoso.com',
    ];
    const batches: BatchBody['requests'][] = [];
    let throttled = false;
    nock('https://graph.microsoft.com')
      .post('/v1.0/$batch')
      .times(10)
      .reply(200, (_uri, body) => {
        const { requests } = body as BatchBody;
        batches.push(requests);
        return {
          responses: requests.map((r) => {
            const user = decodeURIComponent(/^\/users\/([^/]+)\/mailboxSettings/.exec(r.url)![1]!);
            if (user === 'user-7' && !throttled) {
              throttled = true;
              return { id: r.id, status: 429, headers: { 'Retry-After': '4' } };
            }
            return { id: r.id, ...answerFor(user) };
          }),
        };
      });

    const { settings, graph } = mailboxSettings(timing);
    const hours = await settings.recipientHours([...users, 'user-1']);

    assert.deepEqual(
      batches.slice(0, 3).map((b) => b.length),
      [20, 20, 5],
    );
    assert.equal(batches[0]![0]!.method, 'GET');
    assert.equal(
      batches[0]![0]!.url,
      '/users/user-0/mailboxSettings?$select=timeZone,workingHours',
    );
    assert.ok(
      batches.flat().some((r) => r.url.startsWith('/users/ann%40contoso.com/mailboxSettings')),
    );
    assert.ok(timing.sleeps.includes(4_000), 'the throttled item waits its Retry-After');
    assert.ok(
      batches
        .slice(3)
        .every((b) => b.every((r) => ['user-7', 'broken'].some((u) => r.url.includes(`/${u}/`)))),
      'only the throttled and failing items are sent again',
    );
    assert.equal(tokens, 1);
    assert.ok(graph.requestsSent <= Math.ceil(users.length / 20) + 3);

    assert.equal(hours.size, users.length);
    const paris = {
      open: '08:00',
      close: '17:00',
      weekdays: [1, 2, 3, 4, 5],
      timeZone: 'Europe/Paris',
    };
    assert.deepEqual(hours.get('user-0'), { source: 'own', hours: paris });
    assert.deepEqual(hours.get('user-7'), { source: 'own', hours: paris });
    assert.deepEqual(hours.get('ann@contoso.com'), {
      source: 'own',
      hours: { ...paris, timeZone: 'Asia/Singapore' },
    });
    assert.deepEqual(hours.get('no-mailbox'), { source: 'campaign', reason: 'no-mailbox' });
    assert.deepEqual(hours.get('forbidden'), { source: 'campaign', reason: 'not-permitted' });
    assert.deepEqual(hours.get('gone'), { source: 'campaign', reason: 'not-found' });
    assert.deepEqual(hours.get('custom-zone'), { source: 'campaign', reason: 'unknown-time-zone' });
    assert.deepEqual(hours.get('broken'), { source: 'campaign', reason: 'graph-unavailable' });
  });
});
