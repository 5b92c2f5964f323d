/**
 * One benchmark dispatcher process: the delivery engine exactly as createDeliveryEngine builds
 * it for production, on the benchmark's SQLite file, with the send-rate cap lifted.
 *   node --import tsx bench/dispatchProcess.ts <dbFile> <nowIso> <workerId>
 * Prints "ready", waits for "go" on stdin, dispatches everything due at <nowIso> (the batches a
 * dispatch worker runs), and prints one JSON line: what it did, how long it took, its peak RSS.
 */
import { createInterface } from 'node:readline';
import { DateTime } from 'luxon';
import { ManualClock } from '../src/clock.js';
import { openSqliteStore } from '../src/store/sqlite/SqliteStore.js';
import { localDeliveryEngine } from '../tests/support/localDeliveryEngine.js';

const [dbFile, nowIso, workerId] = process.argv.slice(2);
if (!dbFile || !nowIso || !workerId) {
  console.error('usage: dispatchProcess.ts <dbFile> <nowIso> <workerId>');
  process.exit(2);
}
const store = openSqliteStore(dbFile);
const clock = new ManualClock(DateTime.fromISO(nowIso, { setZone: true }));
const engine = localDeliveryEngine({ store, clock, workerId });

console.log('ready');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;
lines.close();
const started = performance.now();
const cpuBefore = process.cpuUsage();
const summary = await engine.dispatcher.dispatchDue();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
await store.close();
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  JSON.stringify({
    summary,
    seconds,
    cpuSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
