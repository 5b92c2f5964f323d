/**
 * `npm run bench`, mailbox settings phase: the working hours of 10,000 recipients read for a
 * campaign with "each recipient's working hours" — the real GraphMailboxSettings that
 * createGraphServices builds, with Graph faked by nock (Windows and IANA zone names, as Exchange
 * gives them). Graph's pacing runs on a virtual clock: the figures are the requests made, the
 * wall time of our side, and the time Graph's documented limits impose (which a real run
 * would spend waiting).
 */
import { DateTime } from 'luxon';
import { ManualClock } from '../src/clock.js';
import { GRAPH_BATCH_SIZE } from '../src/graph/GraphClient.js';
import { createGraphServices } from '../src/graph/graphServices.js';
import { GLOBAL_CLOUD } from '../src/graph/nationalClouds.js';
import { silentLogger } from '../src/logger.js';
import { GRAPH_DIRECTORY_WINDOW } from '../src/ratelimit/channelLimits.js';

const MAILBOX_RECIPIENTS = Number(process.env.BENCH_MAILBOX_RECIPIENTS ?? 10_000);
const GRAPH_TENANT = 'tenant-1';
/** Zones as Exchange names them, in turn: Windows names, and an IANA one. */
const ZONES = ['Romance Standard Time', 'Eastern Standard Time', 'Asia/Singapore'];
/** Mailboxes without Exchange Online (404), one in this many. */
const WITHOUT_MAILBOX_EVERY = 50;

type Report = (label: string, value: string, target: string, ok: boolean) => void;

export async function benchMailboxSettings(report: Report): Promise<void> {
  const { default: nock } = await import('nock');
  nock.disableNetConnect();
  let graphRequests = 0;
  try {
    fakeGraph(nock, () => graphRequests++);
    const clock = new ManualClock(DateTime.fromISO('2026-12-07T00:00:00Z'));
    let graphWaitMs = 0;
    const graph = createGraphServices(
      {
        graph: { tenantId: GRAPH_TENANT, clientId: 'bench', clientSecret: 'bench' },
        graphCloud: GLOBAL_CLOUD,
      },
      silentLogger,
      {
        clock,
        sleep: async (ms) => {
          graphWaitMs += ms;
          clock.advance({ milliseconds: ms });
        },
      },
    );
    const users = Array.from({ length: MAILBOX_RECIPIENTS }, (_, n) => `aad-${n}`);
    const started = performance.now();
    const hours = await graph.mailboxSettings.recipientHours(users);
    const seconds = (performance.now() - started) / 1000;
    const own = [...hours.values()].filter((h) => h.source === 'own').length;
    const expectedOwn = MAILBOX_RECIPIENTS - Math.ceil(MAILBOX_RECIPIENTS / WITHOUT_MAILBOX_EVERY);
    if (own !== expectedOwn) throw new Error(`own hours for ${own}, expected ${expectedOwn}`);

    const expected = Math.ceil(MAILBOX_RECIPIENTS / GRAPH_BATCH_SIZE) + 1;
    report(
      `Graph requests, mailbox settings of ${MAILBOX_RECIPIENTS}`,
      String(graphRequests),
      `≤ ${expected} = ⌈n/20⌉ $batches + 1 token`,
      graphRequests <= expected,
    );
    const perSecond = MAILBOX_RECIPIENTS / seconds;
    report(
      `mailbox settings read and parsed (fake Graph, pacing virtual)`,
      `${Math.round(perSecond)} recipients/s (${seconds.toFixed(1)} s of our own work)`,
      '≥ 1,000/s, faster than Graph lets us ask',
      perSecond >= 1_000,
    );
    const paced = graphWaitMs / 1000;
    const { limit, intervalMs } = GRAPH_DIRECTORY_WINDOW;
    const ceiling = limit / (intervalMs / 1000);
    // The first window may take `limit` at once; every further request waits its share.
    const least = (MAILBOX_RECIPIENTS - limit) / ceiling;
    report(
      `Graph pacing at documented limits for ${MAILBOX_RECIPIENTS}`,
      `${Math.round(paced)} s (the directory budget, ${limit} requests per ${intervalMs / 1000} s)`,
      `≥ ${Math.round(least)} s: never above it`,
      paced >= least,
    );
  } finally {
    nock.cleanAll();
    nock.enableNetConnect();
  }
}

interface BatchItem {
  id: string;
  url: string;
}

function fakeGraph(nock: typeof import('nock'), counted: () => void): void {
  nock('https://login.microsoftonline.com')
    .post(`/${GRAPH_TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, () => {
      counted();
      return { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' };
    })
    .persist();
  nock('https://graph.microsoft.com')
    .post('/v1.0/$batch')
    .reply(200, (_uri, body) => {
      counted();
      const { requests } = body as { requests: BatchItem[] };
      return { responses: requests.map(mailboxAnswer) };
    })
    .persist();
}

/** `aad-N`'s mailbox: working hours in one of ZONES, or none at all for every 50th. */
function mailboxAnswer(request: BatchItem) {
  const n = Number(/aad-(\d+)/.exec(request.url)?.[1]);
  if (n % WITHOUT_MAILBOX_EVERY === 0) {
    return {
      id: request.id,
      status: 404,
      body: { error: { code: 'MailboxNotEnabledForRESTAPI' } },
    };
  }
  const zone = ZONES[n % ZONES.length]!;
  return {
    id: request.id,
    status: 200,
    body: {
      timeZone: zone,
      workingHours: {
        daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        startTime: '08:00:00.0000000',
        endTime: '17:00:00.0000000',
        timeZone: { name: zone },
      },
    },
  };
}
