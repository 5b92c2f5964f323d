/**
 * Agenda on the product's store: the official MongoDB backend on MongoDB, our SQLite backend
 * on the embedded file. Both keep the jobs next to the rest of the data.
 */
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, type AgendaBackend, type DrainResult } from 'agenda';
import type Database from 'better-sqlite3';
import type { Db } from 'mongodb';
import type { Logger } from '../logger.js';
import { SqliteAgendaBackend } from './SqliteAgendaBackend.js';
import type { OpenStore } from '../store/openStore.js';

export interface CreateAgendaOptions {
  backend: AgendaBackend;
  /** How often this instance looks for due jobs: ms or text like '5 seconds' (Agenda's default). */
  processEvery?: string | number;
  /** Names this instance in the jobs it locks (`lastModifiedBy`), e.g. host and pid. */
  name?: string;
  /** Where scheduler errors and failed jobs are reported; silent when omitted. */
  logger?: Logger;
}

export function createAgenda(options: CreateAgendaOptions): Agenda {
  const agenda = new Agenda({
    backend: options.backend,
    processEvery: options.processEvery,
    name: options.name,
  });
  const { logger } = options;
  if (logger) {
    agenda.on('error', (err: Error) => logger.error({ err }, 'job scheduler error'));
    agenda.on('fail', (err: Error, job) => {
      logger.warn({ err, jobName: job.attrs.name, jobId: String(job.attrs._id) }, 'job failed');
    });
  }
  return agenda;
}

/** Agenda's backend keeping the jobs in the store's own database. */
export function agendaBackendFor(store: OpenStore): AgendaBackend {
  return store.kind === 'sqlite' ? sqliteBackend(store.db) : mongoBackend(store.db);
}

/** The SQLite backend on a file it opens itself, or on the store's open connection. */
export function sqliteBackend(source: string | Database.Database): SqliteAgendaBackend {
  return new SqliteAgendaBackend(
    typeof source === 'string' ? { filePath: source } : { db: source },
  );
}

/** Agenda's official MongoDB backend on the store's database, collection `agendaJobs`. */
export function mongoBackend(db: Db): MongoBackend {
  return new MongoBackend({ mongo: db, collection: 'agendaJobs' });
}

/** Ids of the jobs this instance has locked and queued but not started yet. */
async function jobsWaitingToRun(agenda: Agenda): Promise<string[]> {
  const stats = await agenda.getRunningStats(true);
  if (!Array.isArray(stats.lockedJobs) || !Array.isArray(stats.runningJobs)) return [];
  const running = new Set(stats.runningJobs.map((job) => String(job._id)));
  return stats.lockedJobs.map((job) => String(job._id)).filter((id) => !running.has(id));
}

/**
 * Graceful shutdown (SIGTERM): stops taking jobs, waits up to `timeoutMs` for the running
 * ones to finish, and releases the jobs it had locked but not started, so another instance
 * (or the next start) runs them at once instead of after the lock lifetime. A job still
 * running at the timeout keeps its lock and is run again once that lock expires.
 * The database connection is left open: it belongs to the store, which closes it.
 */
export async function drainAndStop(agenda: Agenda, timeoutMs: number): Promise<DrainResult> {
  if (!agenda.isActiveJobProcessor()) {
    return { completed: 0, running: 0, timedOut: false, aborted: false };
  }
  const startedDuringDrain = new Set<string>();
  const noteStart = (job: { attrs: { _id?: unknown } }) => {
    startedDuringDrain.add(String(job.attrs._id));
  };
  // Counted from here rather than taken from drain(): a job that ends while the queued jobs
  // are being listed has completed during this drain too, though drain() never sees it.
  let completed = 0;
  const noteComplete = () => {
    completed += 1;
  };
  agenda.on('start', noteStart);
  agenda.on('complete', noteComplete);
  try {
    const waiting = await jobsWaitingToRun(agenda);
    const result = await agenda.drain({ timeout: timeoutMs, closeConnection: false });
    await agenda.db.unlockJobs(waiting.filter((id) => !startedDuringDrain.has(id)));
    return { ...result, completed };
  } finally {
    agenda.off('start', noteStart);
    agenda.off('complete', noteComplete);
  }
}
