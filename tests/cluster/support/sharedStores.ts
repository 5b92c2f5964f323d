/**
 * The one store the app processes of a cluster test share: opened by the test, and pointed at
 * by the environment each process starts with — a SQLite data directory, or a MongoDB database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../../src/store/Store.js';
import { openMongoStore } from '../../../src/store/mongo/MongoStore.js';
import { openSqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import { withDatabase } from '../../support/mongo.js';

export interface SharedStore {
  store: Store;
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export interface StoreLeg {
  name: string;
  open(): Promise<SharedStore>;
}

/** A fresh data directory (`prefix` names it) whose SQLite file every process opens. */
export function sqliteLeg(prefix: string): StoreLeg {
  return {
    name: 'one SQLite DATA_DIR',
    open: async () => {
      const dataDir = mkdtempSync(join(tmpdir(), prefix));
      const store = openSqliteStore(join(dataDir, 'pushbot.sqlite'));
      return {
        store,
        env: { DATA_DIR: dataDir },
        dispose: async () => {
          await store.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** A fresh database (`prefix` and the time name it) on the server `serverUrl` gives. */
export function mongoLeg(prefix: string, serverUrl: () => string): StoreLeg {
  return {
    name: 'one MongoDB',
    open: async () => {
      const url = withDatabase(serverUrl(), `${prefix}${Date.now()}`);
      const store = await openMongoStore(url);
      return {
        store,
        env: { MONGODB_URL: url, DATA_DIR: tmpdir() },
        dispose: () => store.close(),
      };
    },
  };
}
