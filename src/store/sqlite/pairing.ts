import type { Database } from 'better-sqlite3';
import {
  PAIRING_ACCOUNT_LOCK_MS,
  PAIRING_MAX_FAILED_ATTEMPTS,
  afterWrongCode,
  lockedOutUntil,
  redeemabilityOf,
  type PairingCode,
  type PairingGuesser,
} from '../../domain/pairing.js';
import type {
  CountedFailure,
  PairingStore,
  PairingUse,
} from '../../application/ports/repositories.js';

interface PairingRow {
  id: string;
  email: string;
  tenant_id: string;
  salt: string;
  hash: string;
  created_at: number;
  expires_at: number;
  failed_attempts: number;
  used_at: number | null;
}

interface GuesserRow {
  user_id: string;
  failures: number;
  last_failure_at: number;
}

function toCode(row: PairingRow): PairingCode {
  const code: PairingCode = {
    id: row.id,
    email: row.email,
    tenantId: row.tenant_id,
    salt: row.salt,
    hash: row.hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    failedAttempts: row.failed_attempts,
  };
  if (row.used_at !== null) code.usedAt = row.used_at;
  return code;
}

function toGuesser(row: GuesserRow | undefined): PairingGuesser | null {
  if (row === undefined) return null;
  return { userId: row.user_id, failures: row.failures, lastFailureAt: row.last_failure_at };
}

/**
 * Checking an account or a code and counting or using it happen in one IMMEDIATE transaction:
 * it takes the write lock first, so no other process can count or use in between.
 */
export class SqlitePairing implements PairingStore {
  constructor(private readonly db: Database) {}

  async save(code: PairingCode): Promise<void> {
    this.db
      .transaction(() => {
        this.db
          .prepare('DELETE FROM pairing_codes WHERE email = ? OR expires_at <= ?')
          .run(code.email.toLowerCase(), code.createdAt);
        this.db
          .prepare('DELETE FROM pairing_guessers WHERE last_failure_at <= ?')
          .run(code.createdAt - PAIRING_ACCOUNT_LOCK_MS);
        this.db
          .prepare(
            `INSERT INTO pairing_codes (id, email, tenant_id, salt, hash, created_at, expires_at,
                                        failed_attempts, used_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            code.id,
            code.email.toLowerCase(),
            code.tenantId,
            code.salt,
            code.hash,
            code.createdAt,
            code.expiresAt,
            code.failedAttempts,
            code.usedAt ?? null,
          );
      })
      .immediate();
  }

  async live(now: number): Promise<PairingCode[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM pairing_codes WHERE used_at IS NULL AND expires_at > ?
         ORDER BY created_at, id`,
      )
      .all(now) as PairingRow[];
    return rows.map(toCode);
  }

  async guesser(userId: string): Promise<PairingGuesser | null> {
    return this.readGuesser(userId);
  }

  async countFailure(userId: string, codeIds: string[], now: number): Promise<CountedFailure> {
    return this.db
      .transaction((): CountedFailure => {
        const before = this.readGuesser(userId);
        const until = lockedOutUntil(before, now);
        if (until !== null) return { counted: false, lockedOutUntil: until };
        const after = afterWrongCode(before, userId, now);
        this.db
          .prepare(
            `INSERT INTO pairing_guessers (user_id, failures, last_failure_at) VALUES (?, ?, ?)
             ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures,
                                                 last_failure_at = excluded.last_failure_at`,
          )
          .run(after.userId, after.failures, after.lastFailureAt);
        if (codeIds.length > 0) {
          this.db
            .prepare(
              `UPDATE pairing_codes SET failed_attempts = failed_attempts + 1
               WHERE used_at IS NULL AND id IN (${codeIds.map(() => '?').join(', ')})`,
            )
            .run(...codeIds);
        }
        return { counted: true, guesser: after };
      })
      .immediate();
  }

  async use(id: string, userId: string, now: number): Promise<PairingUse> {
    return this.db
      .transaction((): PairingUse => {
        const until = lockedOutUntil(this.readGuesser(userId), now);
        if (until !== null) return { kind: 'accountLocked', until };
        const marked = this.db
          .prepare(
            `UPDATE pairing_codes SET used_at = ?
             WHERE id = ? AND used_at IS NULL AND expires_at > ? AND failed_attempts < ?`,
          )
          .run(now, id, now, PAIRING_MAX_FAILED_ATTEMPTS);
        if (marked.changes === 1) return { kind: 'used' };
        const row = this.db.prepare('SELECT * FROM pairing_codes WHERE id = ?').get(id) as
          PairingRow | undefined;
        const locked = row !== undefined && redeemabilityOf(toCode(row), now) === 'locked';
        return { kind: locked ? 'codeLocked' : 'gone' };
      })
      .immediate();
  }

  private readGuesser(userId: string): PairingGuesser | null {
    const row = this.db.prepare('SELECT * FROM pairing_guessers WHERE user_id = ?').get(userId) as
      GuesserRow | undefined;
    return toGuesser(row);
  }
}
