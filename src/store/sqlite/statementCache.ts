import type { Database, Statement } from 'better-sqlite3';

/**
 * Statements prepared once per connection and reused: hot paths (claims, transitions, link
 * tokens, rate slots, clicks) run thousands of times a second, and preparing costs more than
 * running. Keyed by the SQL text, so a caller must not switch a statement's mode (pluck, raw)
 * between uses of the same text.
 */
export function statementCache(db: Database): (sql: string) => Statement {
  const statements = new Map<string, Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
