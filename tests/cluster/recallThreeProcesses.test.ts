/**
 * A recall worked by three processes of the built app on one store — one SQLite DATA_DIR, then
 * one MongoDB — against a stand-in Bot Connector process, with one process killed by SIGKILL
 * mid-recall, its DELETEs in flight (the stand-in answers each 400 ms after it arrived): the
 * others take over its claimed messages once its claims lapse, no activity gets two DELETEs,
 * every message is deleted once but those it was deleting when it died, which become `unknown`
 * and are never tried again, and the recall completes.
 */
import { strict as assert } from 'node:assert';
import type { Delivery } from '../../src/domain/delivery.js';
import type { Store } from '../../src/store/Store.js';
import { campaignFixture, reachableUser } from '../delivery/support/seed.js';
import { mongoForTests, skipWithoutMongo } from '../support/mongo.js';
import { mongoLeg, sqliteLeg, type StoreLeg } from './support/sharedStores.js';
import {
  buildApp,
  startAppProcess,
  startStandInConnector,
  type AppProcess,
  type StandInConnector,
} from './support/cluster.js';

const RECIPIENTS = 400;
/** The process is killed once this many deletions arrived: mid-recall, with most left. */
const KILL_AFTER = 100;

/** A finished campaign whose message every recipient got (activity `act-n` in `conv-n`). */
async function seedDelivered(store: Store, serviceUrl: string): Promise<string> {
  const campaign = campaignFixture({ id: `recall-${Date.now()}`, status: 'finished' });
  await store.campaigns.create(campaign);
  const users = Array.from({ length: RECIPIENTS }, (_, n) => reachableUser(n, serviceUrl));
  for (let i = 0; i < users.length; i += 100) {
    await Promise.all(users.slice(i, i + 100).map((u) => store.users.upsert(u)));
  }
  const sentAt = Date.now() - 60_000;
  await store.deliveries.insert(
    users.map((u, n): Delivery => ({
      id: `${campaign.id}-d${String(n).padStart(6, '0')}`,
      campaignId: campaign.id,
      email: u.email!,
      userId: u.id,
      status: 'sent',
      dueAt: null,
      attempts: 1,
      dayCycle: 1,
      step: 0,
      sentAt,
      activityId: `act-${n}`,
      updatedAt: sentAt,
    })),
  );
  return campaign.id;
}

async function until(what: string, limitMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a recall worked by three processes of the built app, one killed mid-recall', function () {
  this.timeout(240_000);
  let connector: StandInConnector;
  let mongoUrl: string | undefined;
  let mongoSkip: string | undefined;

  before(async function () {
    buildApp();
    // Each DELETE answered after 400 ms: the killed process dies with deletions in flight.
    connector = await startStandInConnector({ DELETE_ANSWER_DELAY_MS: '400' });
    const mongo = await mongoForTests();
    if ('url' in mongo) mongoUrl = mongo.url;
    else mongoSkip = mongo.skipReason;
  });

  after(() => connector?.stop());

  const legs: StoreLeg[] = [sqliteLeg('pushbot-recall-'), mongoLeg('recall', () => mongoUrl!)];

  for (const leg of legs) {
    it(`${leg.name}: no message deleted twice, each deleted once but those the killed process was deleting, which are unknown and never tried again`, async function () {
      if (leg.name.includes('MongoDB') && mongoSkip) skipWithoutMongo(this, mongoSkip);
      const { store, env, dispose } = await leg.open();
      const apps: AppProcess[] = [];
      const before = (await connector.edits()).length;
      try {
        const campaignId = await seedDelivered(store, connector.serviceUrl);
        const appEnv = {
          ...env,
          PUBLIC_URL: 'https://bot.example.com',
          URL_SIGNING_SECRET: 'cluster-test-signing-secret-of-32-characters',
          LOG_LEVEL: 'warn',
        };
        const starts = await Promise.allSettled([0, 1, 2].map(() => startAppProcess(appEnv)));
        for (const start of starts) if (start.status === 'fulfilled') apps.push(start.value);
        const failedStart = starts.find((start) => start.status === 'rejected');
        if (failedStart) throw failedStart.reason;
        // What the admin's Confirm records (src/application/reviseCampaign.ts).
        assert.ok(
          await store.revisions.start(campaignId, {
            kind: 'recall',
            byUserId: 'msteams:author',
            byName: 'Ada',
            at: Date.now(),
          }),
        );
        const edited = async () => (await connector.edits()).slice(before);

        await until('the recall is under way', 60_000, async () => {
          return (await edited()).length >= KILL_AFTER;
        });
        // The process with the most deletions in flight right now is the one killed.
        const workerIds = await Promise.all(
          apps.map(
            async (app) =>
              ((await app.health()) as unknown as { revisionWorker: { workerId: string } })
                .revisionWorker.workerId,
          ),
        );
        const inFlight = (await store.deliveries.list(campaignId, { limit: RECIPIENTS })).filter(
          (d) => d.revision === 'applying',
        );
        const held = workerIds.map((id) => inFlight.filter((d) => d.revisionClaimedBy === id));
        const victimIndex = held.reduce(
          (best, h, i) => (h.length > held[best]!.length ? i : best),
          0,
        );
        const victim = apps[victimIndex]!;
        const victimId = workerIds[victimIndex]!;
        victim.child.kill('SIGKILL');
        await new Promise((resolve) => victim.child.once('exit', resolve));
        const stranded = (await store.deliveries.list(campaignId, { limit: RECIPIENTS })).filter(
          (d) => d.revisionClaimedBy === victimId,
        );

        await until('the recall is complete', 120_000, async () => {
          return (await store.campaigns.get(campaignId))?.revision?.completedAt !== undefined;
        });
        const deletions = await edited();
        const deliveries = await store.deliveries.list(campaignId, { limit: RECIPIENTS });

        const perActivity = new Map<string, number>();
        for (const e of deletions) {
          assert.equal(e.method, 'DELETE');
          perActivity.set(e.activityId, (perActivity.get(e.activityId) ?? 0) + 1);
        }
        assert.deepEqual(
          [...perActivity].filter(([, n]) => n > 1),
          [],
          'no activity deleted twice',
        );
        const byRevision = (status: string) => deliveries.filter((d) => d.revision === status);
        assert.equal(byRevision('done').length + byRevision('unknown').length, RECIPIENTS);
        for (const d of byRevision('done')) assert.equal(perActivity.get(d.activityId!), 1, d.id);
        // Only deletions under way in the killed process can be unknown; those it had claimed
        // but not begun were deleted by the others.
        const applyingAtKill = stranded.filter((d) => d.revision === 'applying');
        assert.ok(applyingAtKill.length > 0, 'the killed process died with deletions in flight');
        assert.deepEqual(
          byRevision('unknown')
            .map((d) => d.id)
            .sort(),
          applyingAtKill.map((d) => d.id).sort(),
          'exactly the deletions in flight in the killed process are unknown',
        );
        for (const d of byRevision('unknown')) {
          assert.ok((perActivity.get(d.activityId!) ?? 0) <= 1, `${d.id} not deleted again`);
        }
        console.log(
          `      ${leg.name}: ${deletions.length} DELETEs for ${RECIPIENTS} messages, ${stranded.length} claimed by the killed process (${applyingAtKill.length} in a request), ${byRevision('unknown').length} unknown`,
        );
      } finally {
        for (const app of apps) app.child.kill('SIGKILL');
        await dispose();
      }
    });
  }
});
