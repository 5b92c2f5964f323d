import type { Database } from 'better-sqlite3';
import type { RecipientList } from '../../domain/recipients.js';
import { withDuplicateCheck } from './uniqueViolation.js';

interface ListRow {
  id: string;
  tenant_id: string;
  name: string;
  emails: string;
  created_by: string;
  created_at: number;
}

function toList(row: ListRow): RecipientList {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    emails: JSON.parse(row.emails) as string[],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export class SqliteLists {
  constructor(private readonly db: Database) {}

  create(list: RecipientList): void {
    withDuplicateCheck(`list "${list.name}"`, () =>
      this.db
        .prepare(
          `INSERT INTO recipient_lists (id, tenant_id, name, name_lower, emails, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          list.id,
          list.tenantId,
          list.name,
          list.name.toLowerCase(),
          JSON.stringify(list.emails),
          list.createdBy,
          list.createdAt,
        ),
    );
  }

  get(id: string): RecipientList | null {
    const row = this.db.prepare('SELECT * FROM recipient_lists WHERE id = ?').get(id) as
      ListRow | undefined;
    return row ? toList(row) : null;
  }

  findByName(tenantId: string, name: string): RecipientList | null {
    const row = this.db
      .prepare('SELECT * FROM recipient_lists WHERE tenant_id = ? AND name_lower = ?')
      .get(tenantId, name.toLowerCase()) as ListRow | undefined;
    return row ? toList(row) : null;
  }

  /** Newest first, like campaigns. */
  list(tenantId: string): RecipientList[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM recipient_lists WHERE tenant_id = ? ORDER BY created_at DESC, id DESC',
      )
      .all(tenantId) as ListRow[];
    return rows.map(toList);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM recipient_lists WHERE id = ?').run(id);
  }
}
