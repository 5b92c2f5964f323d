/**
 * `npm run bench`, report phase: the funnel per department of a 100,000-recipient campaign
 * on the embedded SQLite store, as a `report` chat turn reads it (one statement over the
 * indexes, src/store/sqlite/funnelByAttribute.ts). 60 departments (a few large, many small), a tenth
 * without one, 80% sent, half of those read, 5% clicked, 10% acknowledged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Delivery } from '../src/domain/delivery.js';
import type { Click } from '../src/domain/tracking.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/SqliteStore.js';

const FUNNEL_RECIPIENTS = Number(process.env.BENCH_FUNNEL_RECIPIENTS ?? 100_000);
const DEPARTMENTS = 60;
const RUNS = 7;
const T0 = Date.UTC(2026, 11, 7, 8);
const CAMPAIGN = 'bench-funnel';

type Report = (label: string, value: string, target: string, ok: boolean) => void;

export async function benchDepartmentFunnel(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-funnel-'));
  const store = openSqliteStore(join(dir, 'funnel.sqlite'));
  try {
    const seeding = performance.now();
    await seed(store);
    const seededMs = performance.now() - seeding;
    const times: number[] = [];
    let groups = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const funnel = await store.reports.funnelBy(CAMPAIGN, 'department');
      times.push(performance.now() - started);
      groups = funnel.largest.length + (funnel.other ? 1 : 0) + (funnel.none ? 1 : 0);
    }
    const median = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
    report(
      `funnel by department, ${FUNNEL_RECIPIENTS.toLocaleString('en-US')} deliveries`,
      `${median.toFixed(0)} ms (median of ${RUNS}, ${groups} rows; inserted in ${(seededMs / 1000).toFixed(1)} s)`,
      '< 250 ms',
      median < 250,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Department i holds a share falling with i, as in a real organisation. */
function departmentOf(n: number): string | undefined {
  if (n % 10 === 0) return undefined;
  return `Department ${String(Math.floor((DEPARTMENTS * ((n * 7919) % 1000) ** 2) / 1e6)).padStart(2, '0')}`;
}

async function seed(store: SqliteStore): Promise<void> {
  const deliveries: Delivery[] = [];
  const clicks: Click[] = [];
  for (let n = 0; n < FUNNEL_RECIPIENTS; n++) {
    const id = `${CAMPAIGN}-${String(n).padStart(8, '0')}`;
    const sent = n % 5 !== 0;
    const department = departmentOf(n);
    deliveries.push({
      id,
      campaignId: CAMPAIGN,
      email: `user${n}@example.com`,
      userId: `msteams:29:user${n}`,
      status: sent ? 'sent' : 'failed',
      dueAt: null,
      attempts: 1,
      dayCycle: 1,
      step: 0,
      updatedAt: T0,
      ...(sent ? { sentAt: T0 } : {}),
      ...(sent && n % 2 === 0 ? { readAt: T0 + 60_000 } : {}),
      ...(sent && n % 10 === 4 ? { acknowledgedAt: T0 + 120_000 } : {}),
      ...(department
        ? { profile: { department, country: 'France', officeLocation: 'Paris' } }
        : {}),
    });
    if (sent && n % 20 === 1) {
      clicks.push({
        token: `t-${n}`,
        campaignId: CAMPAIGN,
        deliveryId: id,
        url: 'https://example.com',
        at: T0,
      });
    }
  }
  for (let i = 0; i < deliveries.length; i += 5000) {
    await store.deliveries.insert(deliveries.slice(i, i + 5000));
  }
  await store.tracking.recordClicks(clicks);
}
