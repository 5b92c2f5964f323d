/**
 * Three processes of the built app on one store — one SQLite DATA_DIR, then one MongoDB — and a
 * stand-in Bot Connector process that timestamps arrivals (issue 9). Every process dispatches;
 * together they keep one per-tenant rate (≤ 50 in any sliding second, ≥ 45/s sustained); one is
 * killed with SIGKILL mid-run and the others finish its work: nothing lost, nothing twice, its
 * interrupted sends `unknown`.
 *
 * Real processes run on the wall clock, so the campaign is planned around the real "now": its
 * working hours are the whole day in a zone where it is about noon.
 */
import { strict as assert } from 'node:assert';
import { cpus, loadavg } from 'node:os';
import { DateTime } from 'luxon';
import type { Campaign } from '../../src/domain/campaign.js';
import type { Store } from '../../src/store/Store.js';
import { campaignFixture, pendingDelivery, reachableUser } from '../delivery/support/seed.js';
import { mongoForTests, skipWithoutMongo } from '../support/mongo.js';
import { mongoLeg, sqliteLeg, type StoreLeg } from './support/sharedStores.js';
import {
  buildApp,
  maxPerSlidingSecond,
  startAppProcess,
  startStandInConnector,
  type AppProcess,
  type StandInConnector,
} from './support/cluster.js';

const RECIPIENTS = 700;
/** The process is killed once this many messages arrived: mid-run, with a backlog left. */
const KILL_AFTER = 300;
const RATE_LIMIT = 50;

/** A fixed-offset zone where it is now about noon, so the whole-day window holds for the run. */
function zoneAtNoon(): string {
  const offset = 12 - DateTime.utc().hour;
  if (offset === 0) return 'Etc/GMT';
  return `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

function runningCampaignNow(): Campaign {
  const zone = zoneAtNoon();
  return campaignFixture({
    id: `cluster-${Date.now()}`,
    // Planned once the running cluster is there (makeAllDue), as a start job would plan it.
    plannedAt: undefined,
    presencePolicy: 'ignore',
    startDate: DateTime.now().setZone(zone).minus({ days: 1 }).toISODate()!,
    durationDays: 3,
    workingHours: {
      open: '00:00',
      close: '23:59',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      timeZone: zone,
    },
  });
}

async function seedCampaign(store: Store, serviceUrl: string): Promise<Campaign> {
  const campaign = runningCampaignNow();
  await store.campaigns.create(campaign);
  const users = Array.from({ length: RECIPIENTS }, (_, n) => reachableUser(n, serviceUrl));
  for (let i = 0; i < users.length; i += 100) {
    await Promise.all(users.slice(i, i + 100).map((u) => store.users.upsert(u)));
  }
  return campaign;
}

/** Every recipient due now: a backlog the running cluster finds on its own. */
async function makeAllDue(store: Store, campaign: Campaign): Promise<void> {
  const now = Date.now();
  await store.deliveries.insert(
    Array.from({ length: RECIPIENTS }, (_, n) => pendingDelivery(campaign.id, n, now)),
  );
  await store.campaigns.markPlanned(campaign.id, now);
}

async function until(what: string, limitMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface Leg extends StoreLeg {
  /** Why this leg's server, not the app, sets the pace: the sustained rate is then only printed. */
  paceBoundByServer?: string;
}

describe('three processes of the built app on one store', function () {
  this.timeout(240_000);
  let connector: StandInConnector;
  let mongoUrl: string | undefined;
  let mongoSkip: string | undefined;

  before(async function () {
    buildApp();
    connector = await startStandInConnector();
    const mongo = await mongoForTests();
    if ('url' in mongo) mongoUrl = mongo.url;
    else mongoSkip = mongo.skipReason;
  });

  after(() => connector?.stop());

  const legs: Leg[] = [
    sqliteLeg('pushbot-cluster-'),
    {
      ...mongoLeg('cluster', () => mongoUrl!),
      // A send costs three single-document writes; the Java wire-protocol test server applies
      // about 300 a second on a shared 2-core machine (3–5 ms each, measured), too few for 45
      // sends a second beside the claims' scans. A real MongoDB (MONGODB_URL) is held to it.
      paceBoundByServer: process.env.MONGODB_URL
        ? undefined
        : 'the MongoDB test server, not a real MongoDB (set MONGODB_URL to assert it)',
    },
  ];

  for (const leg of legs) {
    it(`${leg.name}: every recipient gets one message at one cluster-wide rate, and a SIGKILL loses nothing`, async function () {
      // Arrival times of four real processes on two cores: a machine stall between a paced slot
      // and its network write can bunch a few sends into one second. One more full run decides;
      // the exactly-once and nothing-lost assertions hold in every run.
      this.retries(1);
      if (leg.name.includes('MongoDB') && mongoSkip) skipWithoutMongo(this, mongoSkip);
      const { store, env, dispose } = await leg.open();
      const apps: AppProcess[] = [];
      const before = (await connector.arrivals()).length;
      try {
        const campaign = await seedCampaign(store, connector.serviceUrl);
        const appEnv = {
          ...env,
          PUBLIC_URL: 'https://bot.example.com',
          URL_SIGNING_SECRET: 'cluster-test-signing-secret-of-32-characters',
          LOG_LEVEL: 'warn',
        };
        // All at once, as a deployment starts its replicas.
        const starts = await Promise.allSettled([0, 1, 2].map(() => startAppProcess(appEnv)));
        for (const start of starts) if (start.status === 'fulfilled') apps.push(start.value);
        const failedStart = starts.find((start) => start.status === 'rejected');
        if (failedStart) throw failedStart.reason;
        await makeAllDue(store, campaign);
        const victim = apps[0]!;
        const arrived = async () => (await connector.arrivals()).slice(before);

        await until(
          'the cluster is mid-run',
          60_000,
          async () => (await arrived()).length >= KILL_AFTER,
        );
        const victimHealth = await victim.health();
        const victimId = victimHealth.dispatchWorker.workerId;
        victim.child.kill('SIGKILL');
        const killedAt = Date.now();
        await new Promise((resolve) => victim.child.once('exit', resolve));
        const stranded = (await store.deliveries.list(campaign.id, { limit: RECIPIENTS })).filter(
          (d) => d.claimedBy === victimId && (d.status === 'pending' || d.status === 'sending'),
        );

        await until('every delivery is resolved', 90_000, async () => {
          const counts = await store.deliveries.countByStatus(campaign.id);
          return counts.pending === 0 && counts.sending === 0;
        });
        const finishedAt = Date.now();
        const arrivals = await arrived();
        const deliveries = await store.deliveries.list(campaign.id, { limit: RECIPIENTS });

        // Nothing twice, nothing lost: a message per recipient, at most one per conversation.
        const perConversation = new Map<string, number>();
        for (const a of arrivals)
          perConversation.set(a.conversationId, (perConversation.get(a.conversationId) ?? 0) + 1);
        assert.deepEqual(
          [...perConversation.values()].filter((n) => n > 1),
          [],
          'no conversation got two',
        );
        const counts = await store.deliveries.countByStatus(campaign.id);
        assert.equal(counts.sent + counts.unknown, RECIPIENTS, JSON.stringify(counts));
        for (const d of deliveries.filter((x) => x.status === 'sent')) {
          assert.equal(perConversation.get(`conv-${Number(d.email.replace(/\D/g, ''))}`), 1, d.id);
        }
        // Only requests under way in the killed process can be unknown — a delivery becomes
        // `sending` once its rate slots are held, right before its request — and none is sent
        // again; those still waiting for their slots are sent by the others.
        const inRequest = stranded.filter((d) => d.status === 'sending').length;
        assert.ok(
          counts.unknown <= inRequest,
          `${counts.unknown} unknown, ${inRequest} of ${stranded.length} stranded in a request`,
        );
        assert.ok(
          stranded.length > 0,
          `the killed process held work when it died: ${JSON.stringify(victimHealth)}`,
        );
        for (const d of stranded) {
          const now = deliveries.find((x) => x.id === d.id)!;
          assert.equal(now.status, d.status === 'sending' ? 'unknown' : 'sent', d.id);
        }
        assert.equal(
          arrivals.length,
          counts.sent +
            deliveries.filter(
              (d) =>
                d.status === 'unknown' &&
                perConversation.has(`conv-${Number(d.email.replace(/\D/g, ''))}`),
            ).length,
        );

        // One rate for the whole cluster.
        const maxWindow = maxPerSlidingSecond(arrivals);
        const beforeKill = arrivals.filter((a) => a.at < killedAt);
        const sustained =
          (beforeKill.length - 1) / ((beforeKill.at(-1)!.at - beforeKill[0]!.at) / 1_000);
        const firstAfterKill = arrivals.find((a) => a.at >= killedAt);
        const resumedMs = firstAfterKill ? firstAfterKill.at - killedAt : Infinity;
        const strandedDoneMs = finishedAt - killedAt;
        console.log(
          `      ${leg.name}: max ${maxWindow} in a sliding second, ${sustained.toFixed(1)}/s sustained before the kill, ` +
            `next message ${resumedMs} ms after SIGKILL, ${stranded.length} stranded (${inRequest} in a request, ${counts.unknown} unknown) resolved within ${strandedDoneMs} ms`,
        );
        assert.ok(maxWindow <= RATE_LIMIT, `max ${maxWindow} in one second`);
        // The sustained rate is a speed figure: asserted only where the processes had the
        // CPU and the server to reach it; always printed.
        const overloaded =
          loadavg()[0]! > cpus().length
            ? `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`
            : undefined;
        const notAsserted = leg.paceBoundByServer ?? overloaded;
        if (notAsserted) {
          console.log(`      (sustained rate not asserted: ${notAsserted})`);
        } else {
          assert.ok(sustained >= 45, `sustained ${sustained.toFixed(1)}/s`);
        }
        assert.ok(resumedMs < 30_000, `resumed after ${resumedMs} ms`);
        assert.ok(
          strandedDoneMs < 30_000 + 5_000,
          `stranded work done ${strandedDoneMs} ms after the kill`,
        );
      } finally {
        for (const app of apps) app.child.kill('SIGKILL');
        await dispose();
      }
    });
  }
});
