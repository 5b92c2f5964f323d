/**
 * The embedded default store: one SQLite file, nothing to install. better-sqlite3 is
 * synchronous; the repositories' async methods only satisfy the interfaces. Several processes
 * may share the file (WAL + busy_timeout); every conditional write is a single statement or an
 * IMMEDIATE transaction, so the "never twice" rules hold across processes too.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../Store.js';
import { SqliteBotStorage } from './botStorage.js';
import { SqliteCampaigns } from './campaigns.js';
import { SqliteDeliveries } from './deliveries.js';
import { SqliteInstallations } from './installations.js';
import { SqliteLists } from './lists.js';
import { migrate } from './migrations.js';
import { SqliteReport } from './report.js';
import { SqliteRevisions } from './revisions.js';
import { SqliteTracking } from './tracking.js';
import { SqlitePairing } from './pairing.js';
import { SqliteRateSlots } from './rateSlots.js';
import { SqliteUsers } from './users.js';

/** How long a statement waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 5_000;

export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
  readonly filePath: string;
  readonly db: Database.Database;
  /** Migration versions applied by this open (empty when the file was already current). */
  readonly migrationsAppliedAtOpen: readonly number[];
}

/** Opens (creating if needed) the SQLite file and applies pending migrations. `':memory:'` is allowed. */
export function openSqliteStore(filePath: string): SqliteStore {
  if (filePath !== ':memory:') mkdirSync(dirname(filePath), { recursive: true });
  const db = new Database(filePath);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  // synchronous stays FULL (the default): a `sending` mark must survive a power cut, or the
  // message could be sent again after the restart.
  const migrationsAppliedAtOpen = migrate(db);
  const sendRate = new SqliteRateSlots(filePath, db, BUSY_TIMEOUT_MS);
  return {
    kind: 'sqlite',
    filePath,
    db,
    migrationsAppliedAtOpen,
    campaigns: new SqliteCampaigns(db),
    lists: new SqliteLists(db),
    users: new SqliteUsers(db),
    pairing: new SqlitePairing(db),
    deliveries: new SqliteDeliveries(db),
    tracking: new SqliteTracking(db),
    reports: new SqliteReport(db),
    installations: new SqliteInstallations(db),
    sendRate,
    revisions: new SqliteRevisions(db),
    botStorage: new SqliteBotStorage(db),
    async close() {
      sendRate.close();
      if (db.open) db.close();
    },
  };
}
