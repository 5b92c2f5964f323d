import Database from 'better-sqlite3';
import { DuplicateError } from '../../application/ports/repositories.js';

/** Runs `write`, turning a UNIQUE / PRIMARY KEY violation into the store's DuplicateError. */
export function withDuplicateCheck<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (
      error instanceof Database.SqliteError &&
      (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    ) {
      throw new DuplicateError(what);
    }
    throw error;
  }
}
