/**
 * How one Agenda job is laid out in the SQLite table `agenda_jobs`: one column per field,
 * instants as epoch milliseconds, `data` and `skipDays` as JSON text.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { toJobId, type JobParameters } from 'agenda';

export const JOBS_TABLE = 'agenda_jobs';

// `repeat_interval` has no declared type on purpose: it holds either a number of
// milliseconds or a text like '5 minutes', and SQLite keeps each value as given.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS ${JOBS_TABLE} (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  priority INTEGER NOT NULL,
  next_run_at INTEGER,
  locked_at INTEGER,
  disabled INTEGER NOT NULL DEFAULT 0,
  data TEXT NOT NULL,
  last_run_at INTEGER,
  last_finished_at INTEGER,
  failed_at INTEGER,
  fail_count INTEGER,
  fail_reason TEXT,
  progress REAL,
  repeat_interval,
  repeat_timezone TEXT,
  repeat_at TEXT,
  start_date INTEGER,
  end_date INTEGER,
  skip_days TEXT,
  fork INTEGER,
  debounce_started_at INTEGER,
  last_modified_by TEXT
);
CREATE INDEX IF NOT EXISTS ${JOBS_TABLE}_name_next_run_at ON ${JOBS_TABLE} (name, next_run_at);
CREATE INDEX IF NOT EXISTS ${JOBS_TABLE}_locked_at ON ${JOBS_TABLE} (locked_at);
`;

export function ensureJobsTable(db: Database): void {
  db.exec(SCHEMA);
}

export interface JobRow {
  id: string;
  name: string;
  type: JobParameters['type'];
  priority: number;
  next_run_at: number | null;
  locked_at: number | null;
  disabled: number;
  data: string;
  last_run_at: number | null;
  last_finished_at: number | null;
  failed_at: number | null;
  fail_count: number | null;
  fail_reason: string | null;
  progress: number | null;
  repeat_interval: string | number | null;
  repeat_timezone: string | null;
  repeat_at: string | null;
  start_date: number | null;
  end_date: number | null;
  skip_days: string | null;
  fork: number | null;
  debounce_started_at: number | null;
  last_modified_by: string | null;
}

export type JobColumn = keyof JobRow;
/** A job as the values of its columns: the row it is, or is about to be. */
export type JobColumnValues = JobRow;

/** Fields only the job processor writes (lock and run bookkeeping); a plain save leaves them alone. */
const RUN_STATE_COLUMNS = [
  'locked_at',
  'last_run_at',
  'last_finished_at',
  'progress',
] as const satisfies JobColumn[];

/** The outcome of the last failed run. */
export const FAILURE_COLUMNS = [
  'failed_at',
  'fail_count',
  'fail_reason',
] as const satisfies JobColumn[];

/** What a job's owner decides: what runs, when, how often and with which data. */
export const SCHEDULE_COLUMNS = [
  'name',
  'type',
  'priority',
  'next_run_at',
  'disabled',
  'data',
  'repeat_interval',
  'repeat_timezone',
  'repeat_at',
  'start_date',
  'end_date',
  'skip_days',
  'fork',
  'debounce_started_at',
  'last_modified_by',
] as const satisfies JobColumn[];

/** What `saveJobState` writes after a lock, a run or a touch. */
export const STATE_COLUMNS = [
  ...RUN_STATE_COLUMNS,
  ...FAILURE_COLUMNS,
  'next_run_at',
  'last_modified_by',
] as const satisfies JobColumn[];

const ALL_COLUMNS = [
  'id',
  ...SCHEDULE_COLUMNS,
  ...FAILURE_COLUMNS,
  ...RUN_STATE_COLUMNS,
] as const satisfies JobColumn[];

export function newJobId(): string {
  return randomUUID();
}

function millis(date: Date | undefined | null): number | null {
  return date ? new Date(date).getTime() : null;
}

function dateOf(ms: number | null): Date | undefined {
  return ms === null ? undefined : new Date(ms);
}

/** The stored form of `data`; Dates inside it come back as ISO strings, as with any JSON store. */
export function dataJson(data: unknown): string {
  return JSON.stringify(data ?? null);
}

/** Every column's value for `job`; `lastModifiedBy` is the saving Agenda instance's name. */
export function toColumnValues(
  id: string,
  job: JobParameters,
  lastModifiedBy: string | undefined,
): JobColumnValues {
  return {
    id,
    name: job.name,
    type: job.type,
    priority: job.priority,
    next_run_at: millis(job.nextRunAt),
    locked_at: millis(job.lockedAt),
    disabled: job.disabled === true ? 1 : 0,
    data: dataJson(job.data),
    last_run_at: millis(job.lastRunAt),
    last_finished_at: millis(job.lastFinishedAt),
    failed_at: millis(job.failedAt),
    fail_count: job.failCount ?? null,
    fail_reason: job.failReason ?? null,
    progress: job.progress ?? null,
    repeat_interval: job.repeatInterval ?? null,
    repeat_timezone: job.repeatTimezone ?? null,
    repeat_at: job.repeatAt ?? null,
    start_date: millis(job.startDate),
    end_date: millis(job.endDate),
    skip_days: job.skipDays ? JSON.stringify(job.skipDays) : null,
    fork: job.fork === undefined ? null : job.fork ? 1 : 0,
    debounce_started_at: millis(job.debounceStartedAt),
    last_modified_by: lastModifiedBy ?? null,
  };
}

export function toJobParameters<DATA = unknown>(row: JobRow): JobParameters<DATA> {
  return {
    _id: toJobId(row.id),
    name: row.name,
    type: row.type,
    priority: row.priority,
    nextRunAt: dateOf(row.next_run_at) ?? null,
    lockedAt: dateOf(row.locked_at),
    disabled: row.disabled === 1,
    data: JSON.parse(row.data) as DATA,
    lastRunAt: dateOf(row.last_run_at),
    lastFinishedAt: dateOf(row.last_finished_at),
    failedAt: dateOf(row.failed_at),
    failCount: row.fail_count ?? undefined,
    failReason: row.fail_reason ?? undefined,
    progress: row.progress ?? undefined,
    repeatInterval: row.repeat_interval ?? undefined,
    repeatTimezone: row.repeat_timezone ?? undefined,
    repeatAt: row.repeat_at ?? undefined,
    startDate: dateOf(row.start_date),
    endDate: dateOf(row.end_date),
    skipDays: row.skip_days === null ? undefined : (JSON.parse(row.skip_days) as number[]),
    fork: row.fork === null ? undefined : row.fork === 1,
    debounceStartedAt: dateOf(row.debounce_started_at),
    lastModifiedBy: row.last_modified_by ?? undefined,
  };
}

/** `INSERT … RETURNING *` of a whole job. */
export function insertJob(db: Database, values: JobColumnValues): JobRow {
  const sql = `INSERT INTO ${JOBS_TABLE} (${ALL_COLUMNS.join(', ')})
    VALUES (${ALL_COLUMNS.map((column) => `@${column}`).join(', ')}) RETURNING *`;
  return db.prepare<JobColumnValues, JobRow>(sql).get(values)!;
}

/**
 * Writes `columns` of the row `id` from `values`. Like Agenda's MongoDB backend it matches
 * on id and name, so a job renamed or removed meanwhile is not touched (undefined).
 */
export function updateJobColumns(
  db: Database,
  id: string,
  columns: readonly JobColumn[],
  values: JobColumnValues,
): JobRow | undefined {
  const assignments = columns.map((column) => `${column} = @${column}`).join(', ');
  const sql = `UPDATE ${JOBS_TABLE} SET ${assignments} WHERE id = @id AND name = @name RETURNING *`;
  return db.prepare<JobColumnValues, JobRow>(sql).get({ ...values, id });
}
