import { setTimeout as delay } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';

/** Longest pause between two tries for the write lock. */
const MAX_RETRY_PAUSE_MS = 8;

/**
 * Runs `work` in an IMMEDIATE transaction, waiting for another process's write lock without
 * blocking the event loop. SQLite's own busy handler sleeps inside the call, freezing every
 * request of this process meanwhile (clicks, chat turns, sends in flight); here a busy lock
 * is retried after a timer instead, for as long as the connection's busy_timeout (then
 * SQLITE_BUSY is thrown, as the busy handler would). `work` runs again from scratch on each
 * try: a failed try changed nothing.
 */
export async function writeWithoutBlocking<T>(db: Database, work: () => T): Promise<T> {
  const transaction = db.transaction(work);
  const busyTimeoutMs = busyTimeoutOf(db);
  const giveUpAt = performance.now() + busyTimeoutMs;
  for (let pauseMs = 1; ; pauseMs = Math.min(2 * pauseMs, MAX_RETRY_PAUSE_MS)) {
    // Not a prepared statement: SQLite applies this pragma when preparing it, not when running.
    db.pragma('busy_timeout = 0');
    try {
      return transaction.immediate();
    } catch (error) {
      if (!isBusy(error) || performance.now() >= giveUpAt) throw error;
    } finally {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
    await delay(pauseMs);
  }
}

/** Each connection's busy timeout, read once: it is set when the store opens. */
const busyTimeouts = new WeakMap<Database, number>();

function busyTimeoutOf(db: Database): number {
  let ms = busyTimeouts.get(db);
  if (ms === undefined) {
    ms = db.pragma('busy_timeout', { simple: true }) as number;
    busyTimeouts.set(db, ms);
  }
  return ms;
}

function isBusy(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';
}
