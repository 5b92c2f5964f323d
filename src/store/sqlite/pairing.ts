import type { Database } from 'better-sqlite3';
import type { PairingCode } from '../../domain/pairing.js';
import type { PairingStore } from '../../application/ports/repositories.js';

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

export class SqlitePairing implements PairingStore {
  constructor(private readonly db: Database) {}

  async save(code: PairingCode): Promise<void> {
    this.db
      .transaction(() => {
        this.db
          .prepare('DELETE FROM pairing_codes WHERE email = ? OR expires_at <= ?')
          .run(code.email.toLowerCase(), code.createdAt);
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

  async use(id: string, now: number): Promise<boolean> {
    const result = this.db
      .prepare(
        'UPDATE pairing_codes SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?',
      )
      .run(now, id, now);
    return result.changes === 1;
  }

  async countFailure(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    this.db
      .prepare(
        `UPDATE pairing_codes SET failed_attempts = failed_attempts + 1
         WHERE id IN (${ids.map(() => '?').join(', ')})`,
      )
      .run(...ids);
  }
}
