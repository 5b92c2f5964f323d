/**
 * Production's composition of the delivery engine (createDeliveryEngine) with the defaults a
 * test does not care about: local mode (no bot token), nothing logged, a report service on the
 * same store. A test names only what its story needs.
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  createDeliveryEngine,
  type DeliveryEngineInputs,
} from '../../src/delivery/createDeliveryEngine.js';
import { silentLogger } from '../../src/logger.js';
import { ReportService } from '../../src/reports/ReportService.js';
import type { Store } from '../../src/store/Store.js';

export type TestEngineInputs = Partial<DeliveryEngineInputs> &
  Pick<DeliveryEngineInputs, 'clock'> & { store: Store };

export function testDeliveryEngine(inputs: TestEngineInputs) {
  const { store, clock } = inputs;
  const publicUrl = inputs.publicUrl ?? 'https://bot.example.com';
  return createDeliveryEngine({
    logger: silentLogger,
    sendRatePerSecond: 50,
    botAuth: new ConfigurationBotFrameworkAuthentication({}),
    botAppId: undefined,
    workerId: 'worker-1',
    reports: new ReportService({
      ...store,
      clock,
      publicUrl,
      secret: 'test-engine-secret-of-32-characters-or-more',
    }),
    ...inputs,
    publicUrl,
  });
}
