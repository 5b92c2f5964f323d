import { join } from 'node:path';
import { openMongoStore, type MongoStore } from './mongo/MongoStore.js';
import { openSqliteStore, type SqliteStore } from './sqlite/SqliteStore.js';

/** Either adapter, as opened: the composition reaches its database to put Agenda's jobs there. */
export type OpenStore = SqliteStore | MongoStore;

export interface OpenStoreOptions {
  /** Folder of the embedded SQLite file; created when missing. */
  dataDir: string;
  /** When set, MongoDB is used instead of the embedded file. */
  mongodbUrl?: string;
}

export const SQLITE_FILE_NAME = 'pushbot.sqlite';

/**
 * MongoDB when a URL is configured, else the embedded SQLite file `<dataDir>/pushbot.sqlite`.
 */
export async function openStore(options: OpenStoreOptions): Promise<OpenStore> {
  if (options.mongodbUrl) return openMongoStore(options.mongodbUrl);
  return openSqliteStore(join(options.dataDir, SQLITE_FILE_NAME));
}
