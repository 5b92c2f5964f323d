/**
 * The SQLite schema, versioned in code. Each step runs once, in order, inside one IMMEDIATE
 * transaction together with its row in `schema_migrations`, so two processes opening the same
 * file at the same moment cannot both apply it. Never edit a released step: add a new one.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const DELIVERY_STATUSES_SQL = `'pending','sending','sent','failed','unknown','unscheduled','unreachable'`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'campaigns, lists, users, deliveries, tracking, bot state',
    sql: `
      CREATE TABLE campaigns (
        id              TEXT PRIMARY KEY,
        tenant_id       TEXT NOT NULL,
        name            TEXT NOT NULL,
        name_lower      TEXT NOT NULL,
        message         TEXT NOT NULL,
        channel         TEXT NOT NULL,
        list_id         TEXT NOT NULL,
        start_date      TEXT NOT NULL,
        duration_days   INTEGER NOT NULL,
        working_hours   TEXT NOT NULL, -- JSON WorkingHours
        presence_policy TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('draft','scheduled','running','finished')),
        author_user_id  TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        started_at      INTEGER,
        finished_at     INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX campaigns_tenant_name ON campaigns (tenant_id, name_lower);
      CREATE INDEX campaigns_tenant_created ON campaigns (tenant_id, created_at);

      CREATE TABLE recipient_lists (
        id         TEXT PRIMARY KEY,
        tenant_id  TEXT NOT NULL,
        name       TEXT NOT NULL,
        name_lower TEXT NOT NULL,
        emails     TEXT NOT NULL, -- JSON string[]
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX recipient_lists_tenant_name ON recipient_lists (tenant_id, name_lower);
      CREATE INDEX recipient_lists_tenant_created ON recipient_lists (tenant_id, created_at);

      CREATE TABLE users (
        id                     TEXT PRIMARY KEY,
        tenant_id              TEXT NOT NULL,
        channel                TEXT NOT NULL,
        bot_channel_id         TEXT NOT NULL,
        aad_object_id          TEXT,
        email                  TEXT,
        name                   TEXT,
        given_name             TEXT,
        surname                TEXT,
        conversation_reference TEXT NOT NULL, -- JSON
        first_seen_at          INTEGER NOT NULL,
        last_seen_at           INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX users_channel_email ON users (channel, email);
      CREATE INDEX users_tenant_channel_id ON users (tenant_id, channel, id);

      CREATE TABLE deliveries (
        id            TEXT PRIMARY KEY,
        campaign_id   TEXT NOT NULL,
        email         TEXT NOT NULL,
        user_id       TEXT,
        status        TEXT NOT NULL CHECK (status IN (${DELIVERY_STATUSES_SQL})),
        due_at        INTEGER,
        attempts      INTEGER NOT NULL,
        day_cycle     INTEGER NOT NULL,
        step          INTEGER NOT NULL,
        reason        TEXT,
        sent_at       INTEGER,
        read_at       INTEGER,
        activity_id   TEXT,
        claimed_by    TEXT,
        claimed_until INTEGER,
        updated_at    INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX deliveries_campaign_email ON deliveries (campaign_id, email);
      CREATE INDEX deliveries_status_due ON deliveries (status, due_at);
      CREATE INDEX deliveries_campaign_status ON deliveries (campaign_id, status);
      CREATE INDEX deliveries_campaign_id ON deliveries (campaign_id, id);
      CREATE INDEX deliveries_user_status ON deliveries (user_id, status);

      CREATE TABLE link_tokens (
        token       TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        url         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX link_tokens_campaign ON link_tokens (campaign_id);

      CREATE TABLE clicks (
        id          INTEGER PRIMARY KEY,
        token       TEXT NOT NULL,
        campaign_id TEXT NOT NULL,
        delivery_id TEXT NOT NULL,
        url         TEXT NOT NULL,
        at          INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX clicks_campaign ON clicks (campaign_id);
      CREATE INDEX clicks_delivery ON clicks (delivery_id);

      CREATE TABLE bot_state (
        key      TEXT PRIMARY KEY,
        etag     TEXT NOT NULL,
        document TEXT NOT NULL -- JSON StoreItem without its eTag
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'pairing codes linking Skype identities to admins',
    sql: `
      CREATE TABLE pairing_codes (
        id              TEXT PRIMARY KEY,
        email           TEXT NOT NULL,
        tenant_id       TEXT NOT NULL,
        salt            TEXT NOT NULL,
        hash            TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        expires_at      INTEGER NOT NULL,
        failed_attempts INTEGER NOT NULL,
        used_at         INTEGER
      ) STRICT;
      CREATE INDEX pairing_codes_email ON pairing_codes (email);
      CREATE INDEX pairing_codes_expires ON pairing_codes (expires_at);
    `,
  },
  {
    version: 3,
    name: 'app installations for recipients who never talked to the bot',
    sql: `
      CREATE TABLE app_installations (
        id                TEXT PRIMARY KEY,
        campaign_id       TEXT NOT NULL,
        tenant_id         TEXT NOT NULL,
        email             TEXT NOT NULL,
        aad_object_id     TEXT NOT NULL,
        given_name        TEXT,
        surname           TEXT,
        display_name      TEXT,
        status            TEXT NOT NULL
                          CHECK (status IN ('waiting','installing','installed','failed')),
        due_at            INTEGER NOT NULL,
        first_attempt_at  INTEGER NOT NULL,
        attempts          INTEGER NOT NULL,
        reason            TEXT,
        already_installed INTEGER,
        claimed_by        TEXT,
        claimed_until     INTEGER,
        updated_at        INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX app_installations_status_due ON app_installations (status, due_at);
      CREATE INDEX app_installations_campaign_email ON app_installations (campaign_id, email);
    `,
  },
  {
    version: 4,
    name: 'claim renewal and recent-sends indexes',
    sql: `
      CREATE INDEX deliveries_claimed_by ON deliveries (claimed_by) WHERE claimed_by IS NOT NULL;
      CREATE INDEX deliveries_sent_at ON deliveries (sent_at) WHERE sent_at IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'why a campaign ended early',
    sql: `ALTER TABLE campaigns ADD COLUMN end_reason TEXT;`,
  },
  {
    version: 6,
    name: 'a Teams person found by AAD object id',
    sql: `
      UPDATE users SET aad_object_id = lower(aad_object_id) WHERE aad_object_id IS NOT NULL;
      CREATE INDEX users_channel_aad ON users (channel, aad_object_id);
    `,
  },
  {
    version: 7,
    name: 'what a directory audience saved as a list is',
    sql: `ALTER TABLE recipient_lists ADD COLUMN directory_audience TEXT;`,
  },
  {
    version: 8,
    name: 'covering index for campaign reports',
    // A report's counts by status, read receipts and send timeline come from the index alone,
    // without reading 100k table rows while the chat turn that asked waits; it replaces the
    // (campaign_id, status) index, so planning still maintains as many indexes as before.
    sql: `
      DROP INDEX deliveries_campaign_status;
      CREATE INDEX deliveries_campaign_status_sent_read
        ON deliveries (campaign_id, status, sent_at, read_at);
    `,
  },
  {
    version: 9,
    name: 'when a campaign start had planned every recipient',
    // Campaigns an earlier version started count as planned from their start, as it treated them.
    sql: `
      ALTER TABLE campaigns ADD COLUMN planned_at INTEGER;
      UPDATE campaigns SET planned_at = COALESCE(started_at, updated_at) WHERE status = 'running';
    `,
  },
  {
    version: 10,
    name: 'partial indexes for due, sending and unread deliveries',
    // Planning 100k deliveries writes each of them into every index whose WHERE it matches.
    // A partial index holds only the rows its queries look for: the claim and the next due time
    // read pending rows (each planned row is one, but its entry no longer carries the status),
    // the crash sweep reads sending rows, a read receipt reads unread sent rows (none planned).
    // Each query's WHERE names the index's condition literally, as SQLite requires to use it.
    sql: `
      DROP INDEX deliveries_status_due;
      CREATE INDEX deliveries_pending_due ON deliveries (due_at) WHERE status = 'pending';
      CREATE INDEX deliveries_sending ON deliveries (claimed_until) WHERE status = 'sending';
      DROP INDEX deliveries_user_status;
      CREATE INDEX deliveries_unread ON deliveries (user_id, sent_at)
        WHERE status = 'sent' AND read_at IS NULL;
    `,
  },
  {
    version: 11,
    name: 'wrong pairing codes counted per Skype account',
    sql: `
      CREATE TABLE pairing_guessers (
        user_id         TEXT PRIMARY KEY,
        failures        INTEGER NOT NULL,
        last_failure_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX pairing_guessers_last_failure ON pairing_guessers (last_failure_at);
    `,
  },
  {
    version: 12,
    name: 'campaign options in one JSON column',
    // Campaigns saved before hold no option: reading them applies each option's default.
    sql: `ALTER TABLE campaigns ADD COLUMN options TEXT NOT NULL DEFAULT '{}';`,
  },
  {
    version: 13,
    name: 'installations that re-open a chat Teams lost',
    sql: `ALTER TABLE app_installations ADD COLUMN reopens_chat_of TEXT;`,
  },
  {
    version: 14,
    name: 'acknowledgements of deliveries',
    // Partial indexes, as in step 10: the report counts acknowledged rows (none when planned);
    // a Skype reply looks for its sender's newest sent, unacknowledged delivery.
    sql: `
      ALTER TABLE deliveries ADD COLUMN acknowledged_at INTEGER;
      CREATE INDEX deliveries_acknowledged ON deliveries (campaign_id)
        WHERE acknowledged_at IS NOT NULL;
      CREATE INDEX deliveries_unacknowledged ON deliveries (user_id, sent_at)
        WHERE status = 'sent' AND acknowledged_at IS NULL;
    `,
  },
  {
    version: 15,
    name: 'reminders: deliveries of their own kind',
    // A reminder is a row of its own (claimed, sent and settled like any delivery) for the same
    // campaign and e-mail as its original: the one-row-per-recipient rule becomes one row per
    // recipient and message (0 the original, 1 and 2 its reminders). The report's covering index
    // leads with the same number, so the audience's figures still come from the index alone.
    sql: `
      ALTER TABLE deliveries ADD COLUMN reminder_of TEXT;
      ALTER TABLE deliveries ADD COLUMN reminder_number INTEGER NOT NULL DEFAULT 0;
      DROP INDEX deliveries_campaign_email;
      CREATE UNIQUE INDEX deliveries_campaign_email_message
        ON deliveries (campaign_id, email, reminder_number);
      DROP INDEX deliveries_campaign_status_sent_read;
      CREATE INDEX deliveries_campaign_message_status_sent_read
        ON deliveries (campaign_id, reminder_number, status, sent_at, read_at);
      CREATE INDEX deliveries_reminder_of ON deliveries (reminder_of) WHERE reminder_of IS NOT NULL;
    `,
  },
  {
    version: 16,
    name: 'recall and correction of sent messages',
    // The campaign's trace is one JSON column; each sent message's revision lives on its
    // delivery, claimed like a send. Two partial indexes: sent messages still to do, in claim
    // order (a message leaves it once `applying`, so claims never step over those done), and
    // the few claimed ones the heartbeat and the crash sweep read (a settled message's claim
    // is cleared). Planning and sending write neither.
    sql: `
      ALTER TABLE campaigns ADD COLUMN revision TEXT;
      ALTER TABLE deliveries ADD COLUMN revision TEXT
        CHECK (revision IN ('applying','done','failed','unknown','up-to-date'));
      ALTER TABLE deliveries ADD COLUMN revision_reason TEXT;
      ALTER TABLE deliveries ADD COLUMN revision_claimed_by TEXT;
      ALTER TABLE deliveries ADD COLUMN revision_claimed_until INTEGER;
      CREATE INDEX deliveries_revision_todo ON deliveries (campaign_id, id)
        WHERE status = 'sent' AND revision IS NULL;
      CREATE INDEX deliveries_revision_claimed ON deliveries (revision_claimed_by)
        WHERE revision_claimed_by IS NOT NULL;
    `,
  },
  {
    version: 17,
    name: "each delivery's working hours (its recipient's own, or why the campaign's)",
    // Deliveries planned before follow their campaign's hours, as an absent value says.
    sql: `ALTER TABLE deliveries ADD COLUMN recipient_hours TEXT;`,
  },
  {
    version: 18,
    name: "recipients' department, country and office as the directory gave them",
    // The report's funnel per department reads the index alone, not 100k table rows. Partial:
    // a delivery without a department (no directory read) costs planning no index entry.
    // Country and office, rarer groupings, go without one.
    sql: `
      ALTER TABLE deliveries ADD COLUMN department TEXT;
      ALTER TABLE deliveries ADD COLUMN country TEXT;
      ALTER TABLE deliveries ADD COLUMN office_location TEXT;
      CREATE INDEX deliveries_campaign_department
        ON deliveries (campaign_id, department, status, read_at) WHERE department IS NOT NULL;
    `,
  },
];

/** Applies the pending steps and returns their versions (empty when the schema is current). */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applyPending = db.transaction((): number[] => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT',
    );
    const done = new Set(
      db
        .prepare('SELECT version FROM schema_migrations')
        .pluck()
        .all()
        .map((v) => Number(v)),
    );
    const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
    const pending = [...migrations]
      .sort((a, b) => a.version - b.version)
      .filter((m) => !done.has(m.version));
    for (const step of pending) {
      db.exec(step.sql);
      record.run(step.version, step.name);
    }
    return pending.map((m) => m.version);
  });
  return applyPending.immediate();
}

/** Versions recorded as applied, ascending. */
export function appliedMigrations(db: Database): number[] {
  return db
    .prepare('SELECT version FROM schema_migrations ORDER BY version')
    .pluck()
    .all()
    .map((v) => Number(v));
}
