import { join } from 'node:path';
import { openMongoStore } from './mongo/MongoStore.js';
import { openSqliteStore } from './sqlite/SqliteStore.js';
import type { Store } from './Store.js';

export interface OpenStoreOptions {
  /** Folder of the embedded SQLite file; created when missing. */
  dataDir: string;
  /** When set, MongoDB is used instead of the embedded file. */
  mongodbUrl?: string;
}

export const SQLITE_FILE_NAME = 'pushbot.sqlite';

/**
 * MongoDB when a URL is configured, else the embedded SQLite file `<dataDir>/pushbot.sqlite`:
 * the repositories, and Agenda's backend keeping the jobs in that same database.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.mongodbUrl) return openMongoStore(options.mongodbUrl);
  return openSqliteStore(join(options.dataDir, SQLITE_FILE_NAME));
}
