import type { AgendaBackend } from 'agenda';
import { SqliteJobRepository, type SqliteJobRepositoryOptions } from './SqliteJobRepository.js';

/**
 * Agenda's storage on the embedded SQLite file. No notification channel: Agenda polls every
 * `processEvery`, as it does with MongoDB.
 */
export class SqliteAgendaBackend implements AgendaBackend {
  readonly name = 'SQLite';
  readonly repository: SqliteJobRepository;

  constructor(options: SqliteJobRepositoryOptions) {
    this.repository = new SqliteJobRepository(options);
  }

  /** Agenda closes the connection on stop only when the backend opened it (from a file path). */
  get ownsConnection(): boolean {
    return this.repository.ownsConnection;
  }

  connect(): Promise<void> {
    return this.repository.connect();
  }

  disconnect(): Promise<void> {
    return this.repository.disconnect();
  }
}
