import { join } from 'node:path';
import { openMongoStore, type MongoStore } from './mongo/MongoStore.js';
import { openSqliteStore, type SqliteStore } from './sqlite/SqliteStore.js';
import { maskUrlCredentials, withoutUrlCredentials } from '../shared/urlCredentials.js';

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
  if (options.mongodbUrl) return openMongoWithoutLeaking(options.mongodbUrl);
  return openSqliteStore(join(options.dataDir, SQLITE_FILE_NAME));
}

/**
 * The driver's errors may quote the connection string or a piece of its password (as a host
 * name it could not resolve): the error that reaches the operator's terminal has neither.
 * The driver's error is not kept as the cause, since loggers print causes too.
 */
async function openMongoWithoutLeaking(url: string): Promise<MongoStore> {
  try {
    return await openMongoStore(url);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `MongoDB at ${maskUrlCredentials(url)} could not be opened: ${withoutUrlCredentials(message, url)}`,
    );
  }
}
