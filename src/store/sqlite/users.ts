import type { Database, Statement } from 'better-sqlite3';
import { aadObjectIdOfInstalled, installedUserId } from '../../domain/directory.js';
import type { ReachableUser, UserAddress } from '../../domain/recipients.js';
import type { UserStore } from '../../application/ports/repositories.js';
import { statementCache } from './statementCache.js';
import { writeWithoutBlocking } from './writeWithoutBlocking.js';

interface UserRow {
  id: string;
  tenant_id: string;
  channel: ReachableUser['channel'];
  bot_channel_id: string;
  aad_object_id: string | null;
  email: string | null;
  name: string | null;
  given_name: string | null;
  surname: string | null;
  conversation_reference: string;
  first_seen_at: number;
  last_seen_at: number;
}

function toUser(row: UserRow): ReachableUser {
  const user: ReachableUser = {
    id: row.id,
    tenantId: row.tenant_id,
    channel: row.channel,
    botChannelId: row.bot_channel_id,
    conversationReference: JSON.parse(row.conversation_reference) as Record<string, unknown>,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  };
  if (row.aad_object_id !== null) user.aadObjectId = row.aad_object_id;
  if (row.email !== null) user.email = row.email;
  if (row.name !== null) user.name = row.name;
  if (row.given_name !== null) user.givenName = row.given_name;
  if (row.surname !== null) user.surname = row.surname;
  return user;
}

/** SQLite caps bound parameters per statement; bulk look-ups go in slices this size. */
const IN_CLAUSE_SLICE = 500;

export class SqliteUsers implements UserStore {
  /** Every inbound message upserts its sender and the dispatcher reads users by the hundred. */
  private readonly prepared: (sql: string) => Statement;

  constructor(private readonly db: Database) {
    this.prepared = statementCache(db);
  }

  /** Optional fields given as undefined keep the stored value (COALESCE); firstSeenAt is never replaced. */
  async upsert(user: ReachableUser): Promise<boolean> {
    const upsert = this.prepared(
      `INSERT INTO users (id, tenant_id, channel, bot_channel_id, aad_object_id, email, name,
                            given_name, surname, conversation_reference, first_seen_at, last_seen_at)
         VALUES (@id, @tenant_id, @channel, @bot_channel_id, @aad_object_id, @email, @name,
                 @given_name, @surname, @conversation_reference, @first_seen_at, @last_seen_at)
         ON CONFLICT (id) DO UPDATE SET
           tenant_id              = excluded.tenant_id,
           channel                = excluded.channel,
           bot_channel_id         = excluded.bot_channel_id,
           aad_object_id          = COALESCE(excluded.aad_object_id, users.aad_object_id),
           email                  = COALESCE(excluded.email, users.email),
           name                   = COALESCE(excluded.name, users.name),
           given_name             = COALESCE(excluded.given_name, users.given_name),
           surname                = COALESCE(excluded.surname, users.surname),
           conversation_reference = excluded.conversation_reference,
           last_seen_at           = MAX(users.last_seen_at, excluded.last_seen_at)`,
    );
    const exists = this.prepared('SELECT 1 FROM users WHERE id = ?');
    const aad = user.channel === 'teams' ? user.aadObjectId?.toLowerCase() : undefined;
    const row = {
      id: user.id,
      tenant_id: user.tenantId,
      channel: user.channel,
      bot_channel_id: user.botChannelId,
      aad_object_id: user.aadObjectId?.toLowerCase() ?? null,
      email: user.email?.toLowerCase() ?? null,
      name: user.name ?? null,
      given_name: user.givenName ?? null,
      surname: user.surname ?? null,
      conversation_reference: JSON.stringify(user.conversationReference),
      first_seen_at: user.firstSeenAt,
      last_seen_at: user.lastSeenAt,
    };
    // One IMMEDIATE transaction: of two processes recording the same new user, one creates it,
    // and the person's installed record and Teams-id record never both remain.
    return writeWithoutBlocking(this.db, () => {
      if (aad !== undefined && user.id === installedUserId(aad) && this.teamsIdUser(aad)) {
        return false;
      }
      const created = exists.get(user.id) === undefined;
      upsert.run(row);
      if (aad !== undefined && user.id !== installedUserId(aad)) this.absorbInstalled(user.id, aad);
      return created;
    });
  }

  /** The record under the person's Teams id, when they wrote to the bot. */
  private teamsIdUser(aad: string): UserRow | undefined {
    return this.prepared(
      `SELECT * FROM users WHERE channel = 'teams' AND aad_object_id = ? AND id <> ?
       ORDER BY last_seen_at DESC, id DESC LIMIT 1`,
    ).get(aad, installedUserId(aad)) as UserRow | undefined;
  }

  /** Removes the person's installed record, keeping when they were first seen. */
  private absorbInstalled(id: string, aad: string): void {
    const installedId = installedUserId(aad);
    const installed = this.prepared('SELECT * FROM users WHERE id = ?').get(installedId) as
      UserRow | undefined;
    if (installed === undefined) return;
    this.prepared('UPDATE users SET first_seen_at = MIN(first_seen_at, ?) WHERE id = ?').run(
      installed.first_seen_at,
      id,
    );
    this.prepared('DELETE FROM users WHERE id = ?').run(installedId);
  }

  async get(id: string): Promise<ReachableUser | null> {
    const row = this.prepared('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    if (row) return toUser(row);
    return this.absorbedRecordOf(id);
  }

  /** Whom an installed record (`msteams:aad:<id>`) now is, once its person wrote to the bot. */
  private absorbedRecordOf(installedId: string): ReachableUser | null {
    const aad = aadObjectIdOfInstalled(installedId);
    const absorbedBy = aad === undefined ? undefined : this.teamsIdUser(aad);
    return absorbedBy ? toUser(absorbedBy) : null;
  }

  async getMany(ids: string[]): Promise<Map<string, ReachableUser>> {
    const wanted = [...new Set(ids)];
    const found = new Map<string, ReachableUser>();
    for (let start = 0; start < wanted.length; start += IN_CLAUSE_SLICE) {
      const slice = wanted.slice(start, start + IN_CLAUSE_SLICE);
      const rows = this.db
        .prepare(`SELECT * FROM users WHERE id IN (${slice.map(() => '?').join(', ')})`)
        .all(...slice) as UserRow[];
      for (const row of rows) found.set(row.id, toUser(row));
    }
    for (const id of wanted) {
      if (found.has(id)) continue;
      const absorbedBy = this.absorbedRecordOf(id);
      if (absorbedBy) found.set(id, absorbedBy);
    }
    return found;
  }

  /** When several accounts share an address, the one seen most recently wins. */
  async findByEmail(
    email: string,
    channel: ReachableUser['channel'],
  ): Promise<ReachableUser | null> {
    const row = this.db
      .prepare(
        `SELECT * FROM users WHERE channel = ? AND email = ?
         ORDER BY last_seen_at DESC, id DESC LIMIT 1`,
      )
      .get(channel, email.toLowerCase()) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async findByEmails(
    emails: string[],
    channel: ReachableUser['channel'],
  ): Promise<Map<string, ReachableUser>> {
    const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
    const found = new Map<string, ReachableUser>();
    for (let start = 0; start < wanted.length; start += IN_CLAUSE_SLICE) {
      const slice = wanted.slice(start, start + IN_CLAUSE_SLICE);
      // Ascending, so the most recently seen account overwrites older ones in the map.
      const rows = this.db
        .prepare(
          `SELECT * FROM users WHERE channel = ? AND email IN (${slice.map(() => '?').join(', ')})
           ORDER BY last_seen_at, id`,
        )
        .all(channel, ...slice) as UserRow[];
      for (const row of rows) found.set(row.email as string, toUser(row));
    }
    return found;
  }

  async list(
    tenantId: string,
    channel: ReachableUser['channel'] | undefined,
    page: { afterId?: string; limit: number },
  ): Promise<ReachableUser[]> {
    if (channel !== undefined) {
      // Plain conditions so each page is a range seek on users_tenant_channel_id; the
      // "IS NULL OR" form below sorts all the tenant's users again for every page.
      const rows = this.db
        .prepare(
          `SELECT * FROM users
           WHERE tenant_id = @tenantId AND channel = @channel AND id > @afterId
           ORDER BY id LIMIT @limit`,
        )
        .all({ tenantId, channel, afterId: page.afterId ?? '', limit: page.limit }) as UserRow[];
      return rows.map(toUser);
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM users
         WHERE tenant_id = @tenantId
           AND (@channel IS NULL OR channel = @channel)
           AND (@afterId IS NULL OR id > @afterId)
         ORDER BY id LIMIT @limit`,
      )
      .all({
        tenantId,
        channel: channel ?? null,
        afterId: page.afterId ?? null,
        limit: page.limit,
      }) as UserRow[];
    return rows.map(toUser);
  }

  async listAddresses(
    tenantId: string,
    channel: ReachableUser['channel'],
    page: { afterId?: string; limit: number },
  ): Promise<UserAddress[]> {
    // Rows as arrays: no object per row with the column names as keys, to be thrown away.
    const addressPage = this.prepared(
      `SELECT id, email FROM users
       WHERE tenant_id = @tenantId AND channel = @channel AND id > @afterId
       ORDER BY id LIMIT @limit`,
    ).raw();
    const rows = addressPage.all({
      tenantId,
      channel,
      afterId: page.afterId ?? '',
      limit: page.limit,
    }) as [string, string | null][];
    return rows.map(([id, email]) => (email === null ? { id } : { id, email }));
  }

  async setIdentity(
    id: string,
    identity: { email: string | null; tenantId: string },
  ): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE users SET email = ?, tenant_id = ? WHERE id = ?')
      .run(identity.email?.toLowerCase() ?? null, identity.tenantId, id);
    return result.changes === 1;
  }

  async count(tenantId: string): Promise<number> {
    return this.db
      .prepare('SELECT COUNT(*) FROM users WHERE tenant_id = ?')
      .pluck()
      .get(tenantId) as number;
  }
}
