import assert from 'node:assert/strict';
import nock from 'nock';
import { GraphClient, graphErrorCode } from '../../src/graph/GraphClient.js';
import { CREDENTIALS_REFUSED_LOG } from '../../src/graph/tokenFailure.js';
import type { Logger } from '../../src/logger.js';
import { capturedLogs } from '../support/capturedLogs.js';
import { GraphTokenSource } from '../../src/graph/GraphTokenSource.js';
import { cloudOf, GLOBAL_CLOUD, type GraphCloud } from '../../src/graph/nationalClouds.js';
import { silentLogger } from '../../src/logger.js';
import { createGraphLimiters } from '../../src/ratelimit/channelLimits.js';
import { fakeTiming, type FakeTiming } from '../ratelimit/fakeTiming.js';

const TENANT = '11111111-2222-3333-4444-555555555555';

function nockToken(loginHost: string): void {
  nock(loginHost)
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' })
    .persist();
}

function client(
  timing: FakeTiming,
  cloud: GraphCloud = GLOBAL_CLOUD,
  logger: Logger = silentLogger,
): GraphClient {
  return new GraphClient({
    cloud,
    tokens: new GraphTokenSource(
      { tenantId: TENANT, clientId: 'graph-client', clientSecret: 'secret' },
      cloud,
    ),
    limiters: createGraphLimiters(timing),
    logger,
    ...timing,
  });
}

interface BatchBody {
  requests: Array<{ id: string; method: string; url: string; headers?: Record<string, string> }>;
}

describe('GraphClient', () => {
  let timing: FakeTiming;

  beforeEach(() => {
    nock.disableNetConnect();
    timing = fakeTiming();
  });

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('sends 45 requests as $batches of 20, 20 and 5, and retries only the throttled ones after their Retry-After', async () => {
    nockToken('https://login.microsoftonline.com');
    const batches: string[][] = [];
    const throttledOnce = new Set(['7', '33']);
    nock('https://graph.microsoft.com')
      .post('/v1.0/$batch')
      .times(4)
      .reply(200, (_uri, body) => {
        const { requests } = body as BatchBody;
        batches.push(requests.map((r) => r.id));
        return {
          responses: requests.map((r) => {
            if (throttledOnce.delete(r.id)) {
              return {
                id: r.id,
                status: 429,
                headers: { 'Retry-After': r.id === '7' ? '3' : '5' },
              };
            }
            return { id: r.id, status: 200, body: { echo: r.url } };
          }),
        };
      });
    const requests = Array.from({ length: 45 }, (_, i) => ({
      id: String(i),
      method: 'GET' as const,
      service: 'directory' as const,
      url: `/users/u${i}`,
    }));

    const answers = await client(timing).batch(requests);

    assert.deepEqual(
      batches.map((b) => b.length),
      [20, 20, 5, 2],
    );
    assert.deepEqual(batches[3], ['7', '33']);
    assert.deepEqual(timing.sleeps, [5_000], 'the longest Retry-After of the round');
    assert.equal(answers.size, 45);
    for (let i = 0; i < 45; i++) {
      assert.deepEqual(answers.get(String(i)), {
        status: 200,
        body: { echo: `/users/u${i}` },
        retryAfterMs: undefined,
      });
    }
  });

  it('gives back the last answer when Graph keeps throttling, after a bounded number of tries', async () => {
    nockToken('https://login.microsoftonline.com');
    const scope = nock('https://graph.microsoft.com')
      .get('/v1.0/users/u1')
      .times(3)
      .reply(429, { error: { code: 'TooManyRequests' } }, { 'Retry-After': '2' });

    const answer = await client(timing).send({
      method: 'GET',
      service: 'directory',
      url: '/users/u1',
    });

    assert.equal(answer.status, 429);
    assert.deepEqual(timing.sleeps, [2_000, 2_000]);
    assert.ok(scope.isDone());
  });

  it('asks a refused client secret once and logs one line without a stack: a 401, not an outage', async () => {
    let tokenRequests = 0;
    nock('https://login.microsoftonline.com')
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .query(true)
      .reply(() => {
        tokenRequests++;
        return [
          401,
          {
            error: 'invalid_client',
            error_description: 'AADSTS7000215: Invalid client secret provided.',
            error_codes: [7000215],
          },
        ];
      })
      .persist();
    const logs = capturedLogs();

    const answer = await client(timing, GLOBAL_CLOUD, logs.logger).send({
      method: 'GET',
      service: 'directory',
      url: '/groups?$search=%22displayName:Sales%22',
    });

    assert.equal(answer.status, 401);
    assert.equal(graphErrorCode(answer.body), 'AADSTS7000215');
    assert.equal(tokenRequests, 1);
    assert.deepEqual(timing.sleeps, [], 'no retry');
    assert.equal(logs.lines.length, 1);
    assert.equal(logs.lines[0]!.msg, CREDENTIALS_REFUSED_LOG);
    assert.equal(logs.lines[0]!.err, undefined, 'no stack trace');
    assert.doesNotMatch(logs.raw.join(''), /secret"|graph-token/);
  });

  it('takes a login host that does not answer for an outage: no answer, tried again', async () => {
    nock('https://login.microsoftonline.com')
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .query(true)
      .times(3)
      .replyWithError('connect ECONNREFUSED');

    const answer = await client(timing).send({
      method: 'GET',
      service: 'directory',
      url: '/users/u1',
    });

    assert.equal(answer.status, 0);
    assert.equal(timing.sleeps.length, 2, 'retried');
  });

  it('follows @odata.nextLink through every page', async () => {
    nockToken('https://login.microsoftonline.com');
    nock('https://graph.microsoft.com')
      .get('/v1.0/groups/g/members')
      .query({ $top: '2' })
      .reply(200, {
        value: [1, 2],
        '@odata.nextLink': 'https://graph.microsoft.com/v1.0/groups/g/members?$top=2&$skiptoken=X',
      })
      .get('/v1.0/groups/g/members')
      .query({ $top: '2', $skiptoken: 'X' })
      .reply(200, { value: [3] });
    const pages: number[][] = [];
    for await (const page of client(timing).pages<number>({
      service: 'directory',
      url: '/groups/g/members?$top=2',
    })) {
      pages.push(page);
    }
    assert.deepEqual(pages, [[1, 2], [3]]);
  });

  it('talks to the Graph and login hosts of a national cloud', async () => {
    const usGov = cloudOf('https://graph.microsoft.us', undefined)!;
    nockToken('https://login.microsoftonline.us');
    nock('https://graph.microsoft.us')
      .get('/v1.0/organization')
      .matchHeader('authorization', 'Bearer graph-token')
      .reply(200, { value: [{ id: TENANT }] });

    const answer = await client(timing, usGov).send({
      method: 'GET',
      service: 'directory',
      url: '/organization',
    });

    assert.deepEqual(answer.body, { value: [{ id: TENANT }] });
  });
});
