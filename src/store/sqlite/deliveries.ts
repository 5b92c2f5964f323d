import type { Database, Statement } from 'better-sqlite3';
import { statementCache } from './statementCache.js';
import { writeWithoutBlocking } from './writeWithoutBlocking.js';
import type { Delivery, DeliveryStatus } from '../../domain/delivery.js';
import type { RevisionStatus } from '../../domain/revision.js';
import type {
  HoursFallbackReason,
  RecipientHours,
  RecipientHoursCounts,
} from '../../domain/recipientHours.js';
import type { ProfileAttribute, RecipientProfile } from '../../domain/recipientProfile.js';
import {
  zeroStatusCounts,
  type DeliveryPatch,
  type DeliveryStore,
  type DeliveryTransition,
} from '../../application/ports/repositories.js';

export interface DeliveryRow {
  id: string;
  campaign_id: string;
  email: string;
  user_id: string | null;
  status: DeliveryStatus;
  due_at: number | null;
  attempts: number;
  day_cycle: number;
  step: number;
  reason: string | null;
  sent_at: number | null;
  read_at: number | null;
  acknowledged_at: number | null;
  activity_id: string | null;
  claimed_by: string | null;
  claimed_until: number | null;
  revision: RevisionStatus | null;
  revision_reason: string | null;
  revision_claimed_by: string | null;
  revision_claimed_until: number | null;
  updated_at: number;
  /** JSON of Delivery.recipientHours; written once, at insert. */
  recipient_hours: string | null;
  department: string | null;
  country: string | null;
  office_location: string | null;
  reminder_of: string | null;
  /** 0 on an original delivery. */
  reminder_number: number;
}

/** Where each patchable field lives. Typed as a full Record so a new Delivery field cannot be forgotten. */
const PATCH_COLUMNS: Record<keyof DeliveryPatch, keyof DeliveryRow> = {
  userId: 'user_id',
  status: 'status',
  dueAt: 'due_at',
  attempts: 'attempts',
  dayCycle: 'day_cycle',
  step: 'step',
  reason: 'reason',
  sentAt: 'sent_at',
  readAt: 'read_at',
  acknowledgedAt: 'acknowledged_at',
  activityId: 'activity_id',
  claimedBy: 'claimed_by',
  claimedUntil: 'claimed_until',
  revision: 'revision',
  revisionReason: 'revision_reason',
  revisionClaimedBy: 'revision_claimed_by',
  revisionClaimedUntil: 'revision_claimed_until',
  updatedAt: 'updated_at',
};

/** Where each profile attribute lives; written once, when the delivery is planned. */
export const PROFILE_COLUMNS: Record<ProfileAttribute, keyof DeliveryRow> = {
  department: 'department',
  country: 'country',
  officeLocation: 'office_location',
};

const PROFILE_ENTRIES = Object.entries(PROFILE_COLUMNS) as [ProfileAttribute, keyof DeliveryRow][];

function profileOfRow(row: DeliveryRow): RecipientProfile | undefined {
  let profile: RecipientProfile | undefined;
  for (const [attribute, column] of PROFILE_ENTRIES) {
    const value = row[column];
    if (typeof value === 'string') (profile ??= {})[attribute] = value;
  }
  return profile;
}

export function toDelivery(row: DeliveryRow): Delivery {
  const delivery: Delivery = {
    id: row.id,
    campaignId: row.campaign_id,
    email: row.email,
    status: row.status,
    dueAt: row.due_at,
    attempts: row.attempts,
    dayCycle: row.day_cycle,
    step: row.step,
    updatedAt: row.updated_at,
  };
  if (row.user_id !== null) delivery.userId = row.user_id;
  if (row.reason !== null) delivery.reason = row.reason;
  if (row.sent_at !== null) delivery.sentAt = row.sent_at;
  if (row.read_at !== null) delivery.readAt = row.read_at;
  if (row.acknowledged_at !== null) delivery.acknowledgedAt = row.acknowledged_at;
  if (row.activity_id !== null) delivery.activityId = row.activity_id;
  if (row.claimed_by !== null) delivery.claimedBy = row.claimed_by;
  if (row.claimed_until !== null) delivery.claimedUntil = row.claimed_until;
  if (row.revision !== null) delivery.revision = row.revision;
  if (row.revision_reason !== null) delivery.revisionReason = row.revision_reason;
  if (row.revision_claimed_by !== null) delivery.revisionClaimedBy = row.revision_claimed_by;
  if (row.revision_claimed_until !== null)
    delivery.revisionClaimedUntil = row.revision_claimed_until;
  if (row.recipient_hours !== null) {
    delivery.recipientHours = JSON.parse(row.recipient_hours) as RecipientHours;
  }
  const profile = profileOfRow(row);
  if (profile !== undefined) delivery.profile = profile;
  if (row.reminder_of !== null) {
    delivery.reminderOf = row.reminder_of;
    delivery.reminderNumber = row.reminder_number;
  }
  return delivery;
}

const ROW_COLUMNS: (keyof DeliveryRow)[] = [
  'id',
  'campaign_id',
  'email',
  ...Object.values(PATCH_COLUMNS),
  'recipient_hours',
  ...Object.values(PROFILE_COLUMNS),
  'reminder_of',
  'reminder_number',
];

/** Ids per IN (…) list: well under SQLite's limit of bound parameters. */
const IN_CLAUSE_SLICE = 500;

function byDueThenId(a: Delivery, b: Delivery): number {
  return (a.dueAt ?? 0) - (b.dueAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** In ROW_COLUMNS order (positional: binding by name costs a property look-up per column). */
function rowValues(d: Delivery): unknown[] {
  return [
    d.id,
    d.campaignId,
    d.email,
    d.userId ?? null,
    d.status,
    d.dueAt,
    d.attempts,
    d.dayCycle,
    d.step,
    d.reason ?? null,
    d.sentAt ?? null,
    d.readAt ?? null,
    d.acknowledgedAt ?? null,
    d.activityId ?? null,
    d.claimedBy ?? null,
    d.claimedUntil ?? null,
    d.revision ?? null,
    d.revisionReason ?? null,
    d.revisionClaimedBy ?? null,
    d.revisionClaimedUntil ?? null,
    d.updatedAt,
    d.recipientHours === undefined ? null : JSON.stringify(d.recipientHours),
    d.profile?.department ?? null,
    d.profile?.country ?? null,
    d.profile?.officeLocation ?? null,
    d.reminderOf ?? null,
    d.reminderNumber ?? 0,
  ];
}

const INSERT_SQL = `INSERT INTO deliveries (${ROW_COLUMNS.join(', ')})
  VALUES (${ROW_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (campaign_id, email, reminder_number) DO NOTHING`;

/** PATCH_COLUMNS in a fixed order: a patch's shape is a bit per entry, the fields it sets. */
const PATCH_ENTRIES = Object.entries(PATCH_COLUMNS) as [keyof DeliveryPatch, keyof DeliveryRow][];

export class SqliteDeliveries implements DeliveryStore {
  /** Transitions run thousands of times a second with a handful of shapes: prepare each once. */
  private readonly transitionStatements = new Map<
    number,
    { statement: Statement; fields: (keyof DeliveryPatch)[] }
  >();
  private readonly prepared: (sql: string) => Statement;

  constructor(private readonly db: Database) {
    this.prepared = statementCache(db);
  }

  /** One transaction for the whole batch; a (campaign, email, message) already present is skipped. */
  async insert(deliveries: Delivery[]): Promise<void> {
    const statement = this.prepared(INSERT_SQL);
    this.db.transaction(() => {
      for (const delivery of deliveries) statement.run(rowValues(delivery));
    })();
  }

  async get(id: string): Promise<Delivery | null> {
    const row = this.prepared('SELECT * FROM deliveries WHERE id = ?').get(id) as
      DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  /**
   * One UPDATE … RETURNING inside an IMMEDIATE transaction: the write lock is taken before the
   * candidates are chosen, so another process cannot pick the same rows in between.
   */
  async claimDue(
    now: number,
    limit: number,
    workerId: string,
    claimUntil: number,
  ): Promise<Delivery[]> {
    const claimed = await writeWithoutBlocking(
      this.db,
      () =>
        this.prepared(
          `UPDATE deliveries
             SET claimed_by = @workerId, claimed_until = @claimUntil, updated_at = @now
             WHERE id IN (
               SELECT id FROM deliveries
               WHERE status = 'pending' AND due_at <= @now
                 AND (claimed_until IS NULL OR claimed_until < @now)
               ORDER BY due_at, id
               LIMIT @limit)
             RETURNING *`,
        ).all({ now, limit, workerId, claimUntil }) as DeliveryRow[],
    );
    return claimed.map(toDelivery).sort(byDueThenId);
  }

  async transition(
    id: string,
    from: DeliveryStatus,
    patch: DeliveryPatch,
    workerId?: string,
  ): Promise<boolean> {
    return this.transitionNow(id, from, patch, workerId);
  }

  /** All in one IMMEDIATE transaction: one commit, one disk sync. */
  async transitionAll(transitions: DeliveryTransition[]): Promise<boolean[]> {
    return writeWithoutBlocking(this.db, () =>
      transitions.map((t) => this.transitionNow(t.id, t.from, t.patch, t.workerId)),
    );
  }

  /** Synchronous, so that transitionAll can run many inside one transaction. */
  private transitionNow(
    id: string,
    from: DeliveryStatus,
    patch: DeliveryPatch,
    workerId?: string,
  ): boolean {
    let shape = 0;
    for (let i = 0; i < PATCH_ENTRIES.length; i++) {
      if (Object.hasOwn(patch, PATCH_ENTRIES[i]![0])) shape |= 1 << i;
    }
    let prepared = this.transitionStatements.get(shape);
    if (prepared === undefined) {
      prepared = this.prepareTransition(shape);
      this.transitionStatements.set(shape, prepared);
    }
    const values = prepared.fields.map((field) => patch[field] ?? null);
    const claimant = workerId ?? null;
    return prepared.statement.run(...values, id, from, claimant, claimant).changes === 1;
  }

  private prepareTransition(shape: number): {
    statement: Statement;
    fields: (keyof DeliveryPatch)[];
  } {
    const entries = PATCH_ENTRIES.filter((_, i) => (shape & (1 << i)) !== 0);
    const set =
      entries.length > 0
        ? entries.map(([, column]) => `${column} = ?`).join(', ')
        : 'status = status';
    const statement = this.db.prepare(
      `UPDATE deliveries SET ${set}
       WHERE id = ? AND status = ? AND (? IS NULL OR claimed_by = ?)`,
    );
    return { statement, fields: entries.map(([field]) => field) };
  }

  async renewClaims(workerId: string, claimUntil: number, now: number): Promise<number> {
    const renew = this.prepared(
      `UPDATE deliveries SET claimed_until = @claimUntil
         WHERE claimed_by = @workerId AND status IN ('pending', 'sending')
           AND claimed_until >= @now`,
    );
    return writeWithoutBlocking(this.db, () => renew.run({ workerId, claimUntil, now }).changes);
  }

  async countSentSince(since: number): Promise<number> {
    return this.prepared('SELECT COUNT(*) FROM deliveries WHERE sent_at >= ?')
      .pluck()
      .get(since) as number;
  }

  /** A `sending` row with no live claim was interrupted: its outcome is unknown, never re-sent. */
  async markStaleSendingUnknown(now: number): Promise<number> {
    const markUnknown = this.prepared(
      `UPDATE deliveries SET status = 'unknown', due_at = NULL, updated_at = @now
         WHERE status = 'sending' AND (claimed_until IS NULL OR claimed_until < @now)`,
    );
    return writeWithoutBlocking(this.db, () => markUnknown.run({ now }).changes);
  }

  /**
   * Only `pending` rows: a `sending` row is mid-call and ends as sent, failed or (after a
   * crash) unknown — unscheduling it would hide a message that may well have gone out.
   */
  async unscheduleRemaining(campaignId: string, reason: string, now: number): Promise<number> {
    return this.prepared(
      `UPDATE deliveries SET status = 'unscheduled', reason = @reason, due_at = NULL, updated_at = @now
         WHERE campaign_id = @campaignId AND status = 'pending'`,
    ).run({ campaignId, reason, now }).changes;
  }

  async countByStatus(campaignId: string): Promise<Record<DeliveryStatus, number>> {
    const rows = this.prepared(
      `SELECT status, COUNT(*) AS count FROM deliveries
         WHERE campaign_id = ? AND reminder_number = 0 GROUP BY status`,
    ).all(campaignId) as { status: DeliveryStatus; count: number }[];
    const counts = zeroStatusCounts();
    for (const row of rows) counts[row.status] = row.count;
    return counts;
  }

  async countRecipientHours(campaignId: string): Promise<RecipientHoursCounts> {
    const rows = this.prepared(
      `SELECT recipient_hours ->> '$.source' AS hours_source,
              recipient_hours ->> '$.reason' AS hours_reason, COUNT(*) AS count
         FROM deliveries
         WHERE campaign_id = ? AND reminder_number = 0 AND recipient_hours IS NOT NULL
         GROUP BY hours_source, hours_reason`,
    ).all(campaignId) as {
      hours_source: string;
      hours_reason: HoursFallbackReason | null;
      count: number;
    }[];
    const counts: RecipientHoursCounts = { own: 0, campaign: {} };
    for (const row of rows) {
      if (row.hours_source === 'own') counts.own += row.count;
      else if (row.hours_reason !== null) counts.campaign[row.hours_reason] = row.count;
    }
    return counts;
  }

  async countWaiting(campaignId: string): Promise<number> {
    return this.prepared(
      `SELECT COUNT(*) FROM deliveries
         WHERE campaign_id = ? AND status IN ('pending', 'sending')`,
    )
      .pluck()
      .get(campaignId) as number;
  }

  async remindersSent(originalIds: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const ids = [...new Set(originalIds)];
    for (let start = 0; start < ids.length; start += IN_CLAUSE_SLICE) {
      const slice = ids.slice(start, start + IN_CLAUSE_SLICE);
      const rows = this.prepared(
        `SELECT reminder_of AS id, COUNT(*) AS sent FROM deliveries
           WHERE reminder_of IS NOT NULL AND reminder_of IN (${slice.map(() => '?').join(', ')})
             AND status = 'sent'
           GROUP BY reminder_of`,
      ).all(...slice) as { id: string; sent: number }[];
      for (const row of rows) counts.set(row.id, row.sent);
    }
    return counts;
  }

  async nextDueAt(): Promise<number | null> {
    return this.prepared("SELECT MIN(due_at) FROM deliveries WHERE status = 'pending'")
      .pluck()
      .get() as number | null;
  }

  async markReadUpTo(userId: string, readAt: number): Promise<number> {
    return this.prepared(
      `UPDATE deliveries SET read_at = @readAt
         WHERE user_id = @userId AND status = 'sent' AND sent_at <= @readAt AND read_at IS NULL`,
    ).run({ userId, readAt }).changes;
  }

  /** One conditional UPDATE: of two writers, in this process or another, one changes the row. */
  async acknowledge(id: string, at: number): Promise<boolean> {
    const acknowledge = this.prepared(
      `UPDATE deliveries SET acknowledged_at = @at
         WHERE id = @id AND status = 'sent' AND acknowledged_at IS NULL`,
    );
    return writeWithoutBlocking(this.db, () => acknowledge.run({ id, at }).changes === 1);
  }

  async latestUnacknowledged(userIds: string[], campaignIds: string[]): Promise<Delivery | null> {
    if (userIds.length === 0 || campaignIds.length === 0) return null;
    // By recipient: a person has a handful of deliveries, a campaign may have 100k sent ones.
    // A reminder is acknowledged through its original: the original is what the reply answers.
    const row = this.prepared(
      `SELECT * FROM deliveries INDEXED BY deliveries_unacknowledged
         WHERE status = 'sent' AND acknowledged_at IS NULL
           AND user_id IN (SELECT value FROM json_each(@userIds))
           AND campaign_id IN (SELECT value FROM json_each(@campaignIds))
           AND reminder_number = 0
         ORDER BY sent_at DESC, id DESC LIMIT 1`,
    ).get({ userIds: JSON.stringify(userIds), campaignIds: JSON.stringify(campaignIds) }) as
      DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  async list(campaignId: string, page: { afterId?: string; limit: number }): Promise<Delivery[]> {
    const rows = this.prepared(
      `SELECT * FROM deliveries
         WHERE campaign_id = @campaignId AND reminder_number = 0
           AND (@afterId IS NULL OR id > @afterId)
         ORDER BY id LIMIT @limit`,
    ).all({ campaignId, afterId: page.afterId ?? null, limit: page.limit }) as DeliveryRow[];
    return rows.map(toDelivery);
  }
}
