/**
 * Fresh storage of either kind holding one running campaign whose recipients are all due at
 * MONDAY_10H and talk to a fake Bot Connector: what the multi-process dispatcher tests run on.
 */
import type { Campaign } from '../../../src/domain/campaign.js';
import type { Store } from '../../../src/store/Store.js';
import type { TestStorage } from '../../support/testStorage.js';
import { StandInConnector, type StandInConnectorOptions } from '../../support/standInConnector.js';
import { MONDAY_10H, seedDueCampaign } from './seed.js';

export interface DueCampaign {
  storage: TestStorage;
  store: Store;
  connector: StandInConnector;
  campaign: Campaign;
  /** Stops the connector, closes the store and removes the storage. */
  dispose(): Promise<void>;
}

export async function dueCampaignIn(
  storage: TestStorage,
  options: { recipients: number; onActivity: StandInConnectorOptions['onActivity'] },
): Promise<DueCampaign> {
  const connector = new StandInConnector([], { onActivity: options.onActivity });
  const port = await connector.listen();
  const store = await storage.open();
  const dispose = async () => {
    await connector.close();
    await store.close();
    await storage.remove();
  };
  try {
    const campaign = await seedDueCampaign(
      store,
      options.recipients,
      connector.serviceUrl(port),
      MONDAY_10H.toMillis(),
    );
    return { storage, store, connector, campaign, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
