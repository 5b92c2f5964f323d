/**
 * A temporary SQLite file holding one running campaign whose recipients are all due at
 * MONDAY_10H and talk to a fake Bot Connector: what the multi-process dispatcher tests run on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Campaign } from '../../../src/domain/campaign.js';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import { FakeBotConnector, type FakeBotConnectorOptions } from './fakeBotConnector.js';
import { MONDAY_10H, seedDueCampaign } from './seed.js';

export interface CampaignOnFile {
  dbFile: string;
  store: SqliteStore;
  connector: FakeBotConnector;
  campaign: Campaign;
  /** Stops the connector, closes the store and removes the folder. */
  dispose(): Promise<void>;
}

export async function dueCampaignOnFile(options: {
  recipients: number;
  /** Prefix of the temporary folder's name. */
  folderPrefix: string;
  onActivity: FakeBotConnectorOptions['onActivity'];
}): Promise<CampaignOnFile> {
  const dir = mkdtempSync(join(tmpdir(), options.folderPrefix));
  const dbFile = join(dir, 'bot.sqlite');
  const connector = new FakeBotConnector({ onActivity: options.onActivity });
  const port = await connector.listen();
  const store = openSqliteStore(dbFile);
  const dispose = async () => {
    await connector.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const campaign = await seedDueCampaign(
      store,
      options.recipients,
      connector.serviceUrl(port),
      MONDAY_10H.toMillis(),
    );
    return { dbFile, store, connector, campaign, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
