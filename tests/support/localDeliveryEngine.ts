/**
 * The delivery engine of a dispatcher process started by the tests and the benchmark:
 * production's composition (createDeliveryEngine) in local mode (no bot token), the tenant's
 * send-rate cap lifted, nothing logged.
 */
import type { Clock } from '../../src/application/ports/Clock.js';
import type { Store } from '../../src/store/Store.js';
import { testDeliveryEngine } from './testDeliveryEngine.js';

export function localDeliveryEngine(options: {
  store: Store;
  clock: Clock;
  workerId: string;
  batchSize?: number;
}) {
  return testDeliveryEngine({ ...options, sendRatePerSecond: 1_000_000 });
}
