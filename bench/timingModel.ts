/**
 * `npm run bench`, timing phase: random campaigns in 28 zones (half of them around an offset
 * change) planned by the domain's working-time rules and by an independent model of RFC 5545's
 * reading of wall-clock times (tests/support/timingModelCheck.ts); every disagreement is printed.
 */
import { checkTimingAgainstModel, MODEL_ZONES } from '../tests/support/timingModelCheck.js';

const MODEL_CAMPAIGNS = Number(process.env.BENCH_MODEL_CAMPAIGNS ?? 50_000);
const SHOWN_DISAGREEMENTS = 20;

type Report = (label: string, value: string, target: string, ok: boolean) => void;

export function benchTimingModel(report: Report): void {
  const startedAt = performance.now();
  const result = checkTimingAgainstModel(MODEL_CAMPAIGNS, 'bench-timing-model');
  const seconds = (performance.now() - startedAt) / 1000;
  report(
    `working time vs independent model (${MODEL_ZONES.length} zones)`,
    `${result.disagreements.length} of ${result.comparisons.toLocaleString('en-US')} windows`,
    '0 disagreements',
    result.disagreements.length === 0,
  );
  console.log(
    `${'  campaigns checked'.padEnd(44)} ${result.campaigns.toLocaleString('en-US')} in ${seconds.toFixed(1)} s`,
  );
  for (const line of result.disagreements.slice(0, SHOWN_DISAGREEMENTS)) console.log(`  ${line}`);
}
