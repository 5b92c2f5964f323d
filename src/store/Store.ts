/**
 * An open database: the repositories (ports declared in src/application/ports/repositories.ts)
 * and what only the composition needs. Two adapters implement every repository — SQLite
 * (`./sqlite`, the embedded default) and MongoDB (`./mongo`), one class per area in
 * `<adapter>/<area>.ts` — and both pass the same contract suite in `tests/store/`.
 */
import type { Repositories } from '../application/ports/repositories.js';

export type StoreKind = 'sqlite' | 'mongodb';

/** One saved piece of conversation state; `eTag` guards against a concurrent write. */
export interface StateItem {
  eTag?: string;
  [field: string]: unknown;
}

export type StateItems = Record<string, StateItem>;

/**
 * Where the bot keeps dialog and conversation state, by key. The shape of the bot SDK's own
 * storage interface, declared here so the store does not depend on the SDK: an item written
 * with eTag '*' or none overwrites; a matching eTag replaces; a stale one is refused with an
 * Error; every write stores a fresh eTag.
 */
export interface StateStorage {
  read(keys: string[]): Promise<StateItems>;
  write(changes: StateItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

export interface Store extends Repositories {
  readonly kind: StoreKind;
  /** Dialog and conversation state. */
  readonly botStorage: StateStorage;
  /** Closes the connection (Agenda leaves it open: it belongs to the store). */
  close(): Promise<void>;
}
