/**
 * The recall part of `npm run bench`: 100,000 delivered messages deleted by the revision worker
 * createDeliveryEngine builds for production, through the real BotConnectorEditor to the
 * stand-in Bot Connector process, with the tenant's rate cap lifted (deletions per second, CPU
 * per deletion); then what the documented 50 messages a second per tenant makes of it.
 */
import { cpus } from 'node:os';
import { DateTime } from 'luxon';
import { ManualClock } from '../src/clock.js';
import type { Delivery } from '../src/domain/delivery.js';
import { PACING_SHARE } from '../src/ratelimit/ClusterPacer.js';
import type { SqliteStore } from '../src/store/sqlite/SqliteStore.js';
import { localDeliveryEngine } from '../tests/support/localDeliveryEngine.js';
import { testDeliveryEngine } from '../tests/support/testDeliveryEngine.js';
import { campaignFixture, ZONE } from '../tests/delivery/support/seed.js';

type Report = (label: string, value: string, goal: string, ok: boolean) => void;
type Context = (label: string, value: string) => void;

/** The documented Bot Connector budget per app per tenant (SPEC.md: Delivery rule 8). */
const DOCUMENTED_RATE = 50;
const INSERT_CHUNK = 10_000;
/** Messages recalled at the documented rate, in virtual time (the pace, not the machine, counts). */
const PACED_MESSAGES = 1_000;

/** A finished campaign whose message each of the seeded users got (activity `act-n`). */
async function seedDelivered(
  store: SqliteStore,
  recipients: number,
  sentAt: number,
  id = 'bench-recall',
): Promise<string> {
  const campaign = campaignFixture({
    id,
    name: id,
    status: 'finished',
  });
  await store.campaigns.create(campaign);
  for (let start = 0; start < recipients; start += INSERT_CHUNK) {
    const rows: Delivery[] = [];
    for (let n = start; n < Math.min(recipients, start + INSERT_CHUNK); n++) {
      rows.push({
        id: `${campaign.id}-d${String(n).padStart(6, '0')}`,
        campaignId: campaign.id,
        email: `user${n}@example.com`,
        userId: `msteams:user-${n}`,
        status: 'sent',
        dueAt: null,
        attempts: 1,
        dayCycle: 1,
        step: 0,
        sentAt,
        activityId: `act-${n}`,
        updatedAt: sentAt,
      });
    }
    await store.deliveries.insert(rows);
  }
  return campaign.id;
}

export async function benchRecall(
  store: SqliteStore,
  recipients: number,
  connectorCpuSeconds: () => number | undefined,
  report: Report,
  context: Context,
): Promise<void> {
  // After the dispatch runs before it: each chat's last message (and rate slot) is a day old.
  const clock = new ManualClock(DateTime.fromISO('2026-12-10T10:00:00', { zone: ZONE }));
  const campaignId = await seedDelivered(store, recipients, clock.now().toMillis() - 3_600_000);
  await store.revisions.start(campaignId, {
    kind: 'recall',
    byUserId: 'msteams:admin',
    byName: 'Bench admin',
    at: clock.now().toMillis(),
  });
  const { revisionWorker } = localDeliveryEngine({ store, clock, workerId: 'bench-recall' });

  const connectorBefore = connectorCpuSeconds();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  while ((await revisionWorker.workOnce()) > 0);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const connectorAfter = connectorCpuSeconds();

  const counts = await store.revisions.counts(campaignId);
  if (counts.done !== recipients) throw new Error(`recall deleted ${counts.done}`);
  const completed = (await store.campaigns.get(campaignId))?.revision?.completedAt !== undefined;
  const rate = recipients / seconds;
  report(
    `recall of ${recipients} delivered, cap lifted`,
    `${Math.round(rate)} deletions/s (${seconds.toFixed(1)} s)`,
    'all deleted, completed',
    completed,
  );
  const workerMs = ((cpu.user + cpu.system) / 1000 / recipients).toFixed(3);
  const connectorMs =
    connectorBefore === undefined || connectorAfter === undefined
      ? ''
      : ` + ${((1000 * (connectorAfter - connectorBefore)) / recipients).toFixed(3)} ms in the stand-in connector`;
  context(
    '  CPU per deletion',
    `${workerMs} ms in the revision worker${connectorMs} (1 process, ${cpus().length} CPUs)`,
  );
  const documented = recipients / DOCUMENTED_RATE;
  const pacedSeconds = await pacedRecallSeconds(store);
  const pacedRate = PACED_MESSAGES / pacedSeconds;
  report(
    `recall at the documented ${DOCUMENTED_RATE}/s per tenant`,
    `${PACED_MESSAGES} in ${pacedSeconds.toFixed(1)} s virtual: ${pacedRate.toFixed(1)}/s`,
    `≤ ${DOCUMENTED_RATE}/s`,
    pacedRate <= DOCUMENTED_RATE,
  );
  context(
    `  so ${recipients.toLocaleString('en-US')} at ${DOCUMENTED_RATE}/s`,
    `${Math.round(documented).toLocaleString('en-US')} s (${(documented / 60).toFixed(1)} min) at the limit itself; ${Math.round(recipients / pacedRate).toLocaleString('en-US')} s at the pace kept (${PACING_SHARE * 100}% of it, as sends): the limit, not the code, sets a recall's length, shared with any campaign sending meanwhile`,
  );
}

/**
 * A recall by an engine paced at the documented rate, in virtual time: the clock jumps to each
 * pending timer (the rate slots' waits) while the requests go out for real. Returns its length.
 */
async function pacedRecallSeconds(store: SqliteStore): Promise<number> {
  // A day after the cap-lifted recall: every chat's last request is long past.
  const clock = new ManualClock(DateTime.fromISO('2026-12-11T10:00:00', { zone: ZONE }));
  const start = clock.now().toMillis();
  const campaignId = await seedDelivered(store, PACED_MESSAGES, start - 3_600_000, 'bench-paced');
  await store.revisions.start(campaignId, {
    kind: 'recall',
    byUserId: 'msteams:admin',
    byName: 'Bench admin',
    at: start,
  });
  const { revisionWorker } = testDeliveryEngine({
    store,
    clock,
    workerId: 'bench-paced',
    sendRatePerSecond: DOCUMENTED_RATE,
  });
  let done = false;
  void (async () => {
    while ((await revisionWorker.workOnce()) > 0);
  })().finally(() => (done = true));
  while (!done) {
    await new Promise((resolve) => setImmediate(resolve));
    const next = clock.nextTimerAt();
    if (next !== null) clock.set(DateTime.fromMillis(next, { zone: ZONE }));
  }
  const counts = await store.revisions.counts(campaignId);
  if (counts.done !== PACED_MESSAGES) throw new Error(`paced recall deleted ${counts.done}`);
  return (clock.now().toMillis() - start) / 1000;
}
