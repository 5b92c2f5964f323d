import type { Database } from 'better-sqlite3';
import type { Campaign, CampaignStatus, WorkingHours } from '../../domain/campaign.js';
import { campaignOptionsFrom } from '../../domain/campaignOptions.js';
import type { CampaignRevision } from '../../domain/revision.js';
import { withDuplicateCheck } from './uniqueViolation.js';
import type { CampaignStore } from '../../application/ports/repositories.js';

interface CampaignRow {
  id: string;
  tenant_id: string;
  name: string;
  message: string;
  channel: Campaign['channel'];
  list_id: string;
  start_date: string;
  duration_days: number;
  working_hours: string;
  presence_policy: Campaign['presencePolicy'];
  /** Every option in one JSON object, so that a new option needs no column (migration 12). */
  options: string;
  status: CampaignStatus;
  author_user_id: string;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  planned_at: number | null;
  finished_at: number | null;
  end_reason: string | null;
  /** JSON CampaignRevision (migration 16). */
  revision: string | null;
}

function toCampaign(row: CampaignRow): Campaign {
  const campaign: Campaign = {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    message: row.message,
    channel: row.channel,
    listId: row.list_id,
    startDate: row.start_date,
    durationDays: row.duration_days,
    workingHours: JSON.parse(row.working_hours) as WorkingHours,
    presencePolicy: row.presence_policy,
    options: campaignOptionsFrom(JSON.parse(row.options)),
    status: row.status,
    authorUserId: row.author_user_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.started_at !== null) campaign.startedAt = row.started_at;
  if (row.planned_at !== null) campaign.plannedAt = row.planned_at;
  if (row.finished_at !== null) campaign.finishedAt = row.finished_at;
  if (row.end_reason !== null) campaign.endReason = row.end_reason;
  if (row.revision !== null) campaign.revision = JSON.parse(row.revision) as CampaignRevision;
  return campaign;
}

type CampaignParams = CampaignRow & { name_lower: string };

const COLUMNS: readonly (keyof CampaignParams)[] = [
  'id',
  'tenant_id',
  'name',
  'name_lower',
  'message',
  'channel',
  'list_id',
  'start_date',
  'duration_days',
  'working_hours',
  'presence_policy',
  'options',
  'status',
  'author_user_id',
  'created_at',
  'updated_at',
  'started_at',
  'planned_at',
  'finished_at',
  'end_reason',
  'revision',
];

/** Named parameters for the INSERT / UPDATE statements. */
function toParams(c: Campaign): CampaignParams {
  return {
    id: c.id,
    tenant_id: c.tenantId,
    name: c.name,
    name_lower: c.name.toLowerCase(),
    message: c.message,
    channel: c.channel,
    list_id: c.listId,
    start_date: c.startDate,
    duration_days: c.durationDays,
    working_hours: JSON.stringify(c.workingHours),
    presence_policy: c.presencePolicy,
    options: JSON.stringify(c.options),
    status: c.status,
    author_user_id: c.authorUserId,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    started_at: c.startedAt ?? null,
    planned_at: c.plannedAt ?? null,
    finished_at: c.finishedAt ?? null,
    end_reason: c.endReason ?? null,
    revision: c.revision ? JSON.stringify(c.revision) : null,
  };
}

export class SqliteCampaigns implements CampaignStore {
  constructor(private readonly db: Database) {}

  async create(campaign: Campaign): Promise<void> {
    withDuplicateCheck(`campaign "${campaign.name}"`, () =>
      this.db
        .prepare(
          `INSERT INTO campaigns (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => '@' + c).join(', ')})`,
        )
        .run(toParams(campaign)),
    );
  }

  async get(id: string): Promise<Campaign | null> {
    const row = this.db.prepare('SELECT * FROM campaigns WHERE id = ?').get(id) as
      CampaignRow | undefined;
    return row ? toCampaign(row) : null;
  }

  async findByName(tenantId: string, name: string): Promise<Campaign | null> {
    const row = this.db
      .prepare('SELECT * FROM campaigns WHERE tenant_id = ? AND name_lower = ?')
      .get(tenantId, name.toLowerCase()) as CampaignRow | undefined;
    return row ? toCampaign(row) : null;
  }

  async list(tenantId: string): Promise<Campaign[]> {
    const rows = this.db
      .prepare('SELECT * FROM campaigns WHERE tenant_id = ? ORDER BY created_at DESC, id DESC')
      .all(tenantId) as CampaignRow[];
    return rows.map(toCampaign);
  }

  async listIdsByStatus(status: CampaignStatus): Promise<string[]> {
    return this.db
      .prepare('SELECT id FROM campaigns WHERE status = ? ORDER BY id')
      .pluck()
      .all(status) as string[];
  }

  async update(campaign: Campaign, allowedStatuses: CampaignStatus[]): Promise<boolean> {
    if (allowedStatuses.length === 0) return false;
    const assignments = COLUMNS.filter((c) => c !== 'id')
      .map((c) => `${c} = @${c}`)
      .join(', ');
    const allowed = allowedStatuses.map((_, i) => `@allowed${i}`).join(', ');
    const params: Record<string, unknown> = { ...toParams(campaign) };
    allowedStatuses.forEach((status, i) => (params[`allowed${i}`] = status));
    const result = withDuplicateCheck(`campaign "${campaign.name}"`, () =>
      this.db
        .prepare(`UPDATE campaigns SET ${assignments} WHERE id = @id AND status IN (${allowed})`)
        .run(params),
    );
    return result.changes === 1;
  }

  async setStatus(
    id: string,
    from: CampaignStatus,
    to: CampaignStatus,
    at: number,
    endReason?: string,
  ): Promise<boolean> {
    const timestampColumn =
      to === 'running' ? ', started_at = @at' : to === 'finished' ? ', finished_at = @at' : '';
    const reasonColumn = endReason === undefined ? '' : ', end_reason = @endReason';
    const result = this.db
      .prepare(
        `UPDATE campaigns SET status = @to, updated_at = @at${timestampColumn}${reasonColumn}
         WHERE id = @id AND status = @from`,
      )
      .run({ id, from, to, at, ...(endReason === undefined ? {} : { endReason }) });
    return result.changes === 1;
  }

  async markPlanned(id: string, at: number): Promise<void> {
    this.db
      .prepare("UPDATE campaigns SET planned_at = ? WHERE id = ? AND status = 'running'")
      .run(at, id);
  }

  /** The campaign, when in one of `statuses`, and everything recorded for it, in one transaction. */
  async delete(id: string, statuses: CampaignStatus[]): Promise<boolean> {
    return this.db.transaction(() => {
      const removed = this.db
        .prepare(
          `DELETE FROM campaigns WHERE id = ? AND status IN (${statuses.map(() => '?').join(',')})`,
        )
        .run(id, ...statuses);
      if (removed.changes === 0) {
        return false;
      }
      this.db.prepare('DELETE FROM clicks WHERE campaign_id = ?').run(id);
      this.db.prepare('DELETE FROM link_tokens WHERE campaign_id = ?').run(id);
      this.db.prepare('DELETE FROM app_installations WHERE campaign_id = ?').run(id);
      this.db.prepare('DELETE FROM deliveries WHERE campaign_id = ?').run(id);
      return true;
    })();
  }
}
