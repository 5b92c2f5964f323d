/**
 * The store for several processes on a shared MongoDB. Same behaviour as the SQLite store
 * (one contract suite proves it); conditional writes are single-document atomic updates, so
 * the "never twice" rules hold across processes without multi-document transactions.
 */
import { MongoClient, type Db } from 'mongodb';
import type { Store } from '../Store.js';
import { MongoBotStorage } from './botStorage.js';
import { MongoCampaigns } from './campaigns.js';
import { collectionsOf, ensureIndexes } from './collections.js';
import { MongoDeliveries } from './deliveries.js';
import { MongoInstallations } from './installations.js';
import { MongoRateSlots } from './rateSlots.js';
import { MongoLists } from './lists.js';
import { MongoReport } from './report.js';
import { MongoRevisions } from './revisions.js';
import { MongoTracking } from './tracking.js';
import { MongoPairing } from './pairing.js';
import { MongoUsers } from './users.js';

const DEFAULT_DB_NAME = 'pushbot';

export interface MongoStore extends Store {
  readonly kind: 'mongodb';
  readonly db: Db;
}

/** The database named in the connection string's path, if any. */
export function dbNameFromUrl(url: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]+)/.exec(url)?.[1];
  return path ? decodeURIComponent(path) : undefined;
}

/** Connects, creates the indexes, and returns the store. `dbName` overrides the URL's database. */
export async function openMongoStore(url: string, dbName?: string): Promise<MongoStore> {
  // ignoreUndefined: an optional field left undefined is not stored (rather than stored as null).
  const client = new MongoClient(url, { ignoreUndefined: true });
  await client.connect();
  try {
    const db = client.db(dbName ?? dbNameFromUrl(url) ?? DEFAULT_DB_NAME);
    const collections = collectionsOf(db);
    await ensureIndexes(collections);
    const installations = new MongoInstallations(db);
    await installations.ensureIndexes();
    const campaigns = new MongoCampaigns(collections);
    await campaigns.markEarlierStartsPlanned();
    return {
      kind: 'mongodb',
      db,
      campaigns,
      lists: new MongoLists(collections),
      users: new MongoUsers(collections),
      pairing: new MongoPairing(collections),
      deliveries: new MongoDeliveries(collections),
      tracking: new MongoTracking(collections),
      reports: new MongoReport(collections),
      installations,
      sendRate: new MongoRateSlots(collections),
      revisions: new MongoRevisions(collections),
      botStorage: new MongoBotStorage(collections),
      close: () => client.close(),
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}
