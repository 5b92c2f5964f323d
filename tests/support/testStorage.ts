/**
 * Fresh, empty storage for one test, on either store: tests that must hold on both run the
 * same body `for (const kind of STORE_KINDS)`. SQLite lives in a temporary DATA_DIR; MongoDB
 * in a database of its own on the server of `mongo.ts`, dropped by `remove`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { openStore, type OpenStore } from '../../src/store/openStore.js';
import type { StoreKind } from '../../src/store/Store.js';
import { mongoForTests, skipWithoutMongo, withDatabase } from './mongo.js';

export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'mongodb'];

export interface TestStorage {
  readonly kind: StoreKind;
  /** Always set: createApp needs one, even when MongoDB holds the data. */
  readonly dataDir: string;
  /** Set on MongoDB: the server's URL naming this test's own database. */
  readonly mongodbUrl?: string;
  /** The environment an operator would set for this storage. */
  readonly env: Record<string, string>;
  /** Opens the store as src/main.ts does (openStore). */
  open(): Promise<OpenStore>;
  /** Deletes the folder and, on MongoDB, the database. */
  remove(): Promise<void>;
}

/**
 * Without a MongoDB server the current test is skipped — a failure under CI=true
 * (see `skipWithoutMongo`). Call it from a hook or test with mocha's `this`.
 */
export async function freshStorage(kind: StoreKind, context: Mocha.Context): Promise<TestStorage> {
  const dataDir = mkdtempSync(join(tmpdir(), `pushbot-${kind}-`));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'sqlite') {
    return {
      kind,
      dataDir,
      env: { DATA_DIR: dataDir },
      open: () => openStore({ dataDir }),
      remove: async () => removeDir(),
    };
  }
  const server = await mongoForTests();
  if ('skipReason' in server) {
    removeDir();
    skipWithoutMongo(context, server.skipReason);
  }
  const database = `pushbot_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const mongodbUrl = withDatabase(server.url, database);
  return {
    kind,
    dataDir,
    mongodbUrl,
    env: { DATA_DIR: dataDir, MONGODB_URL: mongodbUrl },
    open: () => openStore({ dataDir, mongodbUrl }),
    async remove() {
      removeDir();
      const client = await MongoClient.connect(server.url);
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
