import type { Database } from 'better-sqlite3';
import type { DirectoryAudienceInfo, RecipientList } from '../../domain/recipients.js';
import { withDuplicateCheck } from './uniqueViolation.js';
import type { ListStore } from '../../application/ports/repositories.js';

interface ListRow {
  id: string;
  tenant_id: string;
  name: string;
  emails: string;
  created_by: string;
  created_at: number;
  /** JSON DirectoryAudienceInfo. */
  directory_audience: string | null;
}

function toList(row: ListRow): RecipientList {
  const list: RecipientList = {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    emails: JSON.parse(row.emails) as string[],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
  if (row.directory_audience !== null) {
    list.directoryAudience = JSON.parse(row.directory_audience) as DirectoryAudienceInfo;
  }
  return list;
}

export class SqliteLists implements ListStore {
  constructor(private readonly db: Database) {}

  async create(list: RecipientList): Promise<void> {
    withDuplicateCheck(`list "${list.name}"`, () =>
      this.db
        .prepare(
          `INSERT INTO recipient_lists
             (id, tenant_id, name, name_lower, emails, created_by, created_at, directory_audience)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          list.id,
          list.tenantId,
          list.name,
          list.name.toLowerCase(),
          JSON.stringify(list.emails),
          list.createdBy,
          list.createdAt,
          list.directoryAudience === undefined ? null : JSON.stringify(list.directoryAudience),
        ),
    );
  }

  async get(id: string): Promise<RecipientList | null> {
    const row = this.db.prepare('SELECT * FROM recipient_lists WHERE id = ?').get(id) as
      ListRow | undefined;
    return row ? toList(row) : null;
  }

  async findByName(tenantId: string, name: string): Promise<RecipientList | null> {
    const row = this.db
      .prepare('SELECT * FROM recipient_lists WHERE tenant_id = ? AND name_lower = ?')
      .get(tenantId, name.toLowerCase()) as ListRow | undefined;
    return row ? toList(row) : null;
  }

  /** Newest first, like campaigns. */
  async list(tenantId: string): Promise<RecipientList[]> {
    const rows = this.db
      .prepare(
        'SELECT * FROM recipient_lists WHERE tenant_id = ? ORDER BY created_at DESC, id DESC',
      )
      .all(tenantId) as ListRow[];
    return rows.map(toList);
  }

  async delete(id: string): Promise<void> {
    this.db.prepare('DELETE FROM recipient_lists WHERE id = ?').run(id);
  }
}
