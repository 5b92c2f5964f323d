/**
 * The delivery engine of a dispatcher process started by the tests and the benchmark:
 * production's composition (createDeliveryEngine) in local mode (no bot token), the tenant's
 * send-rate cap lifted, nothing logged.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Clock } from '../../src/clock.js';
import { createDeliveryEngine } from '../../src/delivery/createDeliveryEngine.js';
import { silentLogger } from '../../src/logger.js';
import { ReportService } from '../../src/reports/ReportService.js';
import type { Store } from '../../src/store/Store.js';

export function localDeliveryEngine(options: {
  store: Store;
  clock: Clock;
  workerId: string;
  batchSize?: number;
}) {
  const { store, clock } = options;
  const publicUrl = 'https://bot.example.com';
  return createDeliveryEngine({
    store,
    clock,
    logger: silentLogger,
    publicUrl,
    sendRatePerSecond: 1_000_000,
    botAuth: new ConfigurationBotFrameworkAuthentication({}),
    botAppId: undefined,
    reports: new ReportService({
      reports: store.reports,
      users: store.users,
      lists: store.lists,
      clock,
      publicUrl,
      secret: 'local-engine-secret-of-32-characters-or-more',
    }),
    workerId: options.workerId,
    batchSize: options.batchSize,
  });
}
