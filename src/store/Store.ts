/**
 * An open database: the repositories (ports declared in src/application/ports/repositories.ts)
 * and what only the composition needs. Two adapters implement every repository — SQLite
 * (`./sqlite`, the embedded default) and MongoDB (`./mongo`), one class per area in
 * `<adapter>/<area>.ts` — and both pass the same contract suite in `tests/store/`.
 */
import type { Storage } from 'botbuilder';
import type { Repositories } from '../application/ports/repositories.js';

export type StoreKind = 'sqlite' | 'mongodb';

export interface Store extends Repositories {
  readonly kind: StoreKind;
  /** Dialog and conversation state. */
  readonly botStorage: Storage;
  /** Closes the connection (Agenda leaves it open: it belongs to the store). */
  close(): Promise<void>;
}
