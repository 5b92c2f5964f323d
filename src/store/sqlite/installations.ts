import type { Database } from 'better-sqlite3';
import type {
  AppInstallation,
  ClaimedInstallation,
  InstallationFunnel,
  InstallationStatus,
} from '../../domain/installation.js';
import { installationFunnelOf } from '../../domain/installation.js';
import type {
  InstallationSettlement,
  InstallationStore,
} from '../../application/ports/repositories.js';

interface InstallationRow {
  id: string;
  campaign_id: string;
  tenant_id: string;
  email: string;
  aad_object_id: string;
  given_name: string | null;
  surname: string | null;
  display_name: string | null;
  status: InstallationStatus;
  due_at: number;
  first_attempt_at: number;
  attempts: number;
  reason: string | null;
  already_installed: number | null;
  reopens_chat_of: string | null;
  claimed_by: string | null;
  claimed_until: number | null;
  updated_at: number;
  delivery_id?: string | null;
}

const IN_CLAUSE_SLICE = 500;
const NOT_IN_DIRECTORY = 'not-in-directory';
const NO_REACHABLE_USER = 'no-reachable-user';

function toInstallation(row: InstallationRow): ClaimedInstallation {
  const installation: ClaimedInstallation = {
    id: row.id,
    campaignId: row.campaign_id,
    tenantId: row.tenant_id,
    email: row.email,
    aadObjectId: row.aad_object_id,
    status: row.status,
    dueAt: row.due_at,
    firstAttemptAt: row.first_attempt_at,
    attempts: row.attempts,
    updatedAt: row.updated_at,
  };
  const optional: Partial<ClaimedInstallation> = {
    givenName: row.given_name ?? undefined,
    surname: row.surname ?? undefined,
    displayName: row.display_name ?? undefined,
    reason: row.reason ?? undefined,
    alreadyInstalled: row.already_installed === null ? undefined : row.already_installed === 1,
    reopensChatOf: row.reopens_chat_of ?? undefined,
    claimedBy: row.claimed_by ?? undefined,
    claimedUntil: row.claimed_until ?? undefined,
    deliveryId: row.delivery_id ?? undefined,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (installation as unknown as Record<string, unknown>)[key] = value;
  }
  return installation;
}

export class SqliteInstallations implements InstallationStore {
  constructor(private readonly db: Database) {}

  async insert(installations: AppInstallation[]): Promise<void> {
    const statement = this.db.prepare(
      `INSERT INTO app_installations (id, campaign_id, tenant_id, email, aad_object_id, given_name,
         surname, display_name, status, due_at, first_attempt_at, attempts, reason,
         already_installed, reopens_chat_of, claimed_by, claimed_until, updated_at)
       VALUES (@id, @campaignId, @tenantId, @email, @aadObjectId, @givenName, @surname,
         @displayName, @status, @dueAt, @firstAttemptAt, @attempts, @reason, @alreadyInstalled,
         @reopensChatOf, @claimedBy, @claimedUntil, @updatedAt)
       ON CONFLICT (id) DO NOTHING`,
    );
    this.db.transaction(() => {
      for (const i of installations) {
        statement.run({
          ...i,
          givenName: i.givenName ?? null,
          surname: i.surname ?? null,
          displayName: i.displayName ?? null,
          reason: i.reason ?? null,
          alreadyInstalled: i.alreadyInstalled === undefined ? null : Number(i.alreadyInstalled),
          reopensChatOf: i.reopensChatOf ?? null,
          claimedBy: i.claimedBy ?? null,
          claimedUntil: i.claimedUntil ?? null,
        });
      }
    })();
  }

  async exists(id: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM app_installations WHERE id = ?').get(id) !== undefined;
  }

  async claimDue(
    now: number,
    limit: number,
    workerId: string,
    claimUntil: number,
  ): Promise<ClaimedInstallation[]> {
    const claim = this.db.transaction(() => {
      const claimed = this.db
        .prepare(
          `UPDATE app_installations
           SET status = 'installing', claimed_by = @workerId, claimed_until = @claimUntil,
               attempts = attempts + 1, updated_at = @now
           WHERE id IN (
             SELECT id FROM app_installations
             WHERE (status = 'waiting' AND due_at <= @now)
                OR (status = 'installing' AND claimed_until < @now)
             ORDER BY due_at, id
             LIMIT @limit)
           RETURNING id`,
        )
        .pluck()
        .all({ now, limit, workerId, claimUntil }) as string[];
      return this.db
        .prepare(
          `SELECT i.*, d.id AS delivery_id FROM app_installations i
           LEFT JOIN deliveries d ON d.campaign_id = i.campaign_id AND d.email = i.email
             AND d.reminder_number = 0
           WHERE i.id IN (SELECT value FROM json_each(?))
           ORDER BY i.due_at, i.id`,
        )
        .all(JSON.stringify(claimed)) as InstallationRow[];
    });
    return claim.immediate().map(toInstallation);
  }

  async noteInstalled(
    notes: Array<{ id: string; alreadyInstalled: boolean }>,
    workerId: string,
  ): Promise<void> {
    const statement = this.db.prepare(
      `UPDATE app_installations SET already_installed = @already
       WHERE id = @id AND status = 'installing' AND claimed_by = @workerId
         AND already_installed IS NULL`,
    );
    this.db.transaction(() => {
      for (const note of notes) {
        statement.run({ id: note.id, already: Number(note.alreadyInstalled), workerId });
      }
    })();
  }

  async settle(
    workerId: string,
    settlements: Array<InstallationSettlement & { id: string }>,
  ): Promise<boolean[]> {
    const statement = this.db.prepare(
      `UPDATE app_installations
       SET status = @status, updated_at = @updatedAt, due_at = COALESCE(@dueAt, due_at),
           reason = @reason, already_installed = COALESCE(@alreadyInstalled, already_installed),
           claimed_by = NULL, claimed_until = NULL
       WHERE id = @id AND status = 'installing' AND claimed_by = @workerId`,
    );
    return this.db.transaction(() =>
      settlements.map(
        (settlement) =>
          statement.run({
            id: settlement.id,
            workerId,
            status: settlement.status,
            updatedAt: settlement.updatedAt,
            dueAt: settlement.dueAt ?? null,
            reason: settlement.reason ?? null,
            alreadyInstalled:
              settlement.alreadyInstalled === undefined
                ? null
                : Number(settlement.alreadyInstalled),
          }).changes === 1,
      ),
    )();
  }

  async byEmail(campaignId: string, emails: string[]): Promise<Map<string, AppInstallation>> {
    const found = new Map<string, AppInstallation>();
    for (let start = 0; start < emails.length; start += IN_CLAUSE_SLICE) {
      const slice = emails.slice(start, start + IN_CLAUSE_SLICE);
      const rows = this.db
        .prepare(
          `SELECT * FROM app_installations
           WHERE campaign_id = ? AND email IN (SELECT value FROM json_each(?))`,
        )
        .all(campaignId, JSON.stringify(slice)) as InstallationRow[];
      for (const row of rows) found.set(row.email, toInstallation(row));
    }
    return found;
  }

  async funnel(campaignId: string): Promise<InstallationFunnel> {
    const rows = this.db
      .prepare(
        `SELECT status, reason, COALESCE(already_installed, 0) AS already,
           reopens_chat_of IS NOT NULL AS reopens, COUNT(*) AS count
         FROM app_installations WHERE campaign_id = ?
         GROUP BY status, reason, already, reopens`,
      )
      .all(campaignId) as Array<{
      status: InstallationStatus;
      reason: string | null;
      already: number;
      reopens: number;
      count: number;
    }>;
    return installationFunnelOf(
      rows.map((row) => ({
        status: row.status,
        reason: row.reason ?? undefined,
        alreadyInstalled: row.already === 1,
        reopensChat: row.reopens === 1,
        count: row.count,
      })),
      this.unreachable(campaignId),
    );
  }

  private unreachable(
    campaignId: string,
  ): Pick<InstallationFunnel, 'notInDirectory' | 'noReachableUser'> {
    const count = (reason: string) =>
      this.db
        .prepare(
          `SELECT COUNT(*) FROM deliveries
           WHERE campaign_id = ? AND status = 'unreachable' AND reason = ?`,
        )
        .pluck()
        .get(campaignId, reason) as number;
    return {
      notInDirectory: count(NOT_IN_DIRECTORY),
      noReachableUser: count(NO_REACHABLE_USER),
    };
  }
}
