import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { DuplicateError } from '../../application/ports/repositories.js';

const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** True when a bulk insert failed only because some documents were already there. */
export function onlyDuplicateKeys(error: unknown): boolean {
  if (!(error instanceof MongoBulkWriteError)) return false;
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return writeErrors.length > 0 && writeErrors.every((e) => e.code === DUPLICATE_KEY);
}

/** Runs `write`, turning a unique-index violation into the store's DuplicateError. */
export async function withDuplicateCheck<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isDuplicateKey(error)) throw new DuplicateError(what);
    throw error;
  }
}
