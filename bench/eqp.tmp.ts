import { openSqliteStore } from '../src/store/sqlite/SqliteStore.js';
const store = openSqliteStore(':memory:');
for (const sql of [
  `SELECT * FROM users WHERE tenant_id = @tenantId AND (@channel IS NULL OR channel = @channel) AND (@afterId IS NULL OR id > @afterId) ORDER BY id LIMIT @limit`,
  `SELECT * FROM users WHERE tenant_id = @tenantId AND channel = @channel AND id > COALESCE(@afterId, '') ORDER BY id LIMIT @limit`,
  `SELECT * FROM users WHERE tenant_id = @tenantId AND channel = COALESCE(@channel, channel) AND id > COALESCE(@afterId, '') ORDER BY id LIMIT @limit`,
  `SELECT * FROM users WHERE tenant_id = @tenantId AND id > COALESCE(@afterId, '') ORDER BY id LIMIT @limit`,
]) console.log(store.db.prepare('EXPLAIN QUERY PLAN ' + sql).all({ tenantId: 't', channel: 'teams', afterId: 'x', limit: 5 }).map((r: any) => r.detail));
