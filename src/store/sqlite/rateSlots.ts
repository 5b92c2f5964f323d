import Database from 'better-sqlite3';
import type { SendRateStore } from '../../application/ports/repositories.js';
import { GroupCommit } from '../../shared/GroupCommit.js';
import { writeWithoutBlocking } from './writeWithoutBlocking.js';

interface Reservation {
  key: string;
  /** Milliseconds the reservation takes: the interval times the number of slots. */
  span: number;
  now: number;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS rate_slots (
  key     TEXT PRIMARY KEY,
  next_at REAL NOT NULL -- epoch ms of the next free slot; fractional for rates above 1,000/s
) STRICT`;

/**
 * Cluster-wide request slots: one row per key holding its next free slot. They live in a file
 * of their own next to the store's, written without waiting for the disk: a slot is worth
 * nothing after a power cut, and a per-send reservation must neither pay a disk sync nor wait
 * behind the deliveries' write lock. Processes sharing the store's file share this one too.
 */
export class SqliteRateSlots implements SendRateStore {
  private readonly db: Database.Database;
  private readonly reserveStatement: Database.Statement;
  private readonly reservations = new GroupCommit<Reservation, number>((r) => this.reserveAll(r));

  constructor(storeFilePath: string, storeDb: Database.Database, busyTimeoutMs: number) {
    if (storeFilePath === ':memory:') {
      this.db = storeDb;
    } else {
      this.db = new Database(`${storeFilePath}.rate-slots`);
      this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = OFF');
    }
    this.db.exec(SCHEMA);
    this.reserveStatement = this.db
      .prepare(
        `INSERT INTO rate_slots (key, next_at) VALUES (@key, @now + @span)
         ON CONFLICT (key) DO UPDATE SET next_at = max(next_at, @now) + @span
         RETURNING next_at`,
      )
      .pluck();
  }

  /**
   * One upsert … RETURNING per reservation: atomic across processes sharing the file. Every
   * send reserves (one conversation key each), so the reservations asked for together share
   * one transaction (GroupCommit), whose lock is waited for without blocking.
   */
  reserve(key: string, intervalMs: number, count: number, now: number): Promise<number> {
    return this.reservations.submit({ key, span: intervalMs * count, now });
  }

  private reserveAll(reservations: Reservation[]): Promise<number[]> {
    return writeWithoutBlocking(this.db, () =>
      reservations.map((r) => (this.reserveStatement.get(r) as number) - r.span),
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
