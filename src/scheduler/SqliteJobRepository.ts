/**
 * Agenda's JobRepository on SQLite (better-sqlite3), with the semantics of Agenda's official
 * MongoDB backend. Several processes may share the file: every write runs in an IMMEDIATE
 * transaction, and a lock is taken by one conditional UPDATE, so a due job is locked by
 * exactly one Agenda instance.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  computeJobState,
  toJobId,
  type JobId,
  type JobParameters,
  type JobRepository,
  type JobRepositoryOptions,
  type JobsOverview,
  type JobsQueryOptions,
  type JobsResult,
  type JobsSort,
  type JobWithState,
  type RemoveJobsOptions,
  type UniqueOpts,
} from 'agenda';
import {
  FAILURE_COLUMNS,
  JOBS_TABLE,
  SCHEDULE_COLUMNS,
  STATE_COLUMNS,
  ensureJobsTable,
  insertJob,
  newJobId,
  toColumnValues,
  toJobParameters,
  updateJobColumns,
  type JobRow,
} from './agendaJobRow.js';
import { debouncedTiming } from './debounceTiming.js';
import {
  queryFilter,
  selectionFilter,
  uniqueFilter,
  whereSql,
  type SqlCondition,
} from './jobFilterSql.js';

/** Either a file this repository opens (and closes), or a connection owned by someone else. */
export type SqliteJobRepositoryOptions = { filePath: string } | { db: Database.Database };

/** How long a write waits for another process's lock on the file before failing. */
const BUSY_TIMEOUT_MS = 5_000;

// Agenda computes lock deadlines and scan windows from the system clock, so lock and queue
// instants stored here must come from that same clock, not from an injected business Clock.
const wallClock = (): Date => new Date();

const SORT_COLUMNS: Record<keyof JobsSort, string> = {
  nextRunAt: 'next_run_at',
  lastRunAt: 'last_run_at',
  lastFinishedAt: 'last_finished_at',
  priority: 'priority',
  name: 'name',
  data: 'data',
};

function orderBySql(sort: JobsSort | undefined): string {
  const terms = Object.entries(sort ?? {}).flatMap(([key, direction]) => {
    const column = SORT_COLUMNS[key as keyof JobsSort];
    return column && direction ? [`${column} ${direction === 'asc' ? 'ASC' : 'DESC'}`] : [];
  });
  const order = terms.length > 0 ? terms : ['next_run_at DESC', 'last_run_at DESC'];
  return `ORDER BY ${[...order, 'rowid ASC'].join(', ')}`;
}

function withState(row: JobRow, now: Date): JobWithState {
  const job = toJobParameters(row);
  return { ...job, _id: toJobId(row.id), state: computeJobState(job, now) };
}

function openJobsFile(filePath: string): Database.Database {
  if (filePath !== ':memory:') mkdirSync(dirname(filePath), { recursive: true });
  const db = new Database(filePath);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  return db;
}

export class SqliteJobRepository implements JobRepository {
  /** True when the repository opened the file itself and so must close it. */
  readonly ownsConnection: boolean;
  private connection: Database.Database | undefined;

  constructor(private readonly options: SqliteJobRepositoryOptions) {
    this.ownsConnection = 'filePath' in options;
  }

  async connect(): Promise<void> {
    if (this.connection) return;
    const db = 'db' in this.options ? this.options.db : openJobsFile(this.options.filePath);
    ensureJobsTable(db);
    this.connection = db;
  }

  async disconnect(): Promise<void> {
    if (this.ownsConnection && this.connection?.open) this.connection.close();
    this.connection = undefined;
  }

  private get db(): Database.Database {
    if (!this.connection) throw new Error('SqliteJobRepository is not connected');
    return this.connection;
  }

  /** IMMEDIATE takes the file's write lock up front, so a read-then-write cannot interleave. */
  private write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** `tail` is ORDER BY / LIMIT text, with `tailParams` bound to its placeholders. */
  private selectRows(
    conditions: readonly SqlCondition[],
    tail = '',
    tailParams: number[] = [],
  ): JobRow[] {
    const where = whereSql(conditions);
    return this.db
      .prepare<unknown[], JobRow>(`SELECT * FROM ${JOBS_TABLE} ${where.sql} ${tail}`)
      .all(...where.params, ...tailParams);
  }

  async queryJobs(options: JobsQueryOptions = {}): Promise<JobsResult> {
    const { state, skip = 0, limit = 0 } = options;
    const now = wallClock();
    const conditions = queryFilter(options);
    const order = orderBySql(options.sort);

    if (!state) {
      const where = whereSql(conditions);
      const { total } = this.db
        .prepare<unknown[], { total: number }>(
          `SELECT count(*) AS total FROM ${JOBS_TABLE} ${where.sql}`,
        )
        .get(...where.params)!;
      const page = this.selectRows(conditions, `${order} LIMIT ? OFFSET ?`, [
        limit > 0 ? limit : -1,
        skip,
      ]);
      return { jobs: page.map((row) => withState(row, now)), total };
    }

    // The state is computed from several fields, so it is filtered here, then paginated.
    const matching = this.selectRows(conditions, order)
      .map((row) => withState(row, now))
      .filter((job) => (state === 'paused' ? job.disabled === true : job.state === state));
    const jobs = matching.slice(skip, limit > 0 ? skip + limit : undefined);
    return { jobs, total: matching.length };
  }

  async getJobsOverview(): Promise<JobsOverview[]> {
    const now = wallClock();
    const overviews = new Map<string, JobsOverview>();
    for (const row of this.selectRows([], 'ORDER BY name')) {
      const job = toJobParameters(row);
      let overview = overviews.get(job.name);
      if (!overview) {
        overview = {
          name: job.name,
          total: 0,
          running: 0,
          scheduled: 0,
          queued: 0,
          completed: 0,
          failed: 0,
          repeating: 0,
          paused: 0,
        };
        overviews.set(job.name, overview);
      }
      overview.total += 1;
      overview[computeJobState(job, now)] += 1;
      if (job.disabled) overview.paused += 1;
    }
    return [...overviews.values()];
  }

  async getDistinctJobNames(): Promise<string[]> {
    return this.db
      .prepare<[], { name: string }>(`SELECT DISTINCT name FROM ${JOBS_TABLE} ORDER BY name`)
      .all()
      .map((row) => row.name);
  }

  async getJobById(id: string): Promise<JobParameters | null> {
    const [row] = this.selectRows([{ sql: 'id = ?', params: [id] }]);
    return row ? toJobParameters(row) : null;
  }

  async getQueueSize(): Promise<number> {
    return this.db
      .prepare<[number], { size: number }>(
        `SELECT count(*) AS size FROM ${JOBS_TABLE} WHERE next_run_at < ?`,
      )
      .get(wallClock().getTime())!.size;
  }

  async removeJobs(options: RemoveJobsOptions): Promise<number> {
    const selection = selectionFilter(options);
    if (!selection) return 0;
    const where = whereSql(selection);
    return this.write(
      () => this.db.prepare(`DELETE FROM ${JOBS_TABLE} ${where.sql}`).run(...where.params).changes,
    );
  }

  async saveJob<DATA = unknown>(
    job: JobParameters<DATA>,
    options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters<DATA>> {
    const lastModifiedBy = options?.lastModifiedBy;
    const id = job._id;
    if (id) {
      // A plain save never touches the lock or run bookkeeping, which belong to the processor.
      const row = this.write(() =>
        updateJobColumns(
          this.db,
          id,
          [...SCHEDULE_COLUMNS, ...FAILURE_COLUMNS],
          toColumnValues(id, job, lastModifiedBy),
        ),
      );
      return row ? toJobParameters<DATA>(row) : job;
    }
    const saved = this.write(() => {
      if (job.type === 'single') return this.saveSingle(job, lastModifiedBy);
      if (job.unique) return this.saveUnique(job, job.unique, job.uniqueOpts, lastModifiedBy);
      return insertJob(this.db, toColumnValues(newJobId(), job, lastModifiedBy));
    });
    return toJobParameters<DATA>(saved);
  }

  /** `every()`: one job per name; updating it keeps its pending run unless the new one is later. */
  private saveSingle(job: JobParameters, lastModifiedBy: string | undefined): JobRow {
    const [existing] = this.selectRows(
      [{ sql: `name = ? AND type = 'single'`, params: [job.name] }],
      'ORDER BY rowid LIMIT 1',
    );
    if (!existing) return insertJob(this.db, toColumnValues(newJobId(), job, lastModifiedBy));
    const values = toColumnValues(existing.id, job, lastModifiedBy);
    const asksForNow = values.next_run_at !== null && values.next_run_at <= wallClock().getTime();
    if (asksForNow && existing.next_run_at !== null) values.next_run_at = existing.next_run_at;
    return updateJobColumns(this.db, existing.id, SCHEDULE_COLUMNS, values)!;
  }

  /** `unique()`: updates the job matching the key (or inserts), honouring insertOnly and debounce. */
  private saveUnique(
    job: JobParameters,
    unique: Record<string, unknown>,
    uniqueOpts: UniqueOpts | undefined,
    lastModifiedBy: string | undefined,
  ): JobRow {
    const [existing] = this.selectRows(
      [{ sql: 'name = ?', params: [job.name] }, ...uniqueFilter(unique)],
      'ORDER BY rowid LIMIT 1',
    );
    const debounce = uniqueOpts?.debounce;
    if (existing && uniqueOpts?.insertOnly && !debounce) return existing;

    const values = toColumnValues(existing?.id ?? newJobId(), job, lastModifiedBy);
    if (debounce) {
      const timing = debouncedTiming(
        debounce,
        existing && {
          nextRunAt: existing.next_run_at,
          debounceStartedAt: existing.debounce_started_at,
        },
        values.next_run_at,
        wallClock().getTime(),
      );
      values.next_run_at = timing.nextRunAt;
      values.debounce_started_at = timing.debounceStartedAt;
    }
    if (!existing) return insertJob(this.db, values);
    return updateJobColumns(this.db, existing.id, SCHEDULE_COLUMNS, values)!;
  }

  async saveJobState(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<void> {
    const id = job._id;
    if (!id) throw new Error('Cannot save job state without job ID');
    const row = this.write(() =>
      updateJobColumns(
        this.db,
        id,
        STATE_COLUMNS,
        toColumnValues(id, job, options?.lastModifiedBy),
      ),
    );
    if (!row) {
      throw new Error(
        `job ${id} (name: ${job.name}) cannot be updated in the database, maybe it does not exist anymore?`,
      );
    }
  }

  async lockJob(
    job: JobParameters,
    options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters | undefined> {
    if (!job._id) return undefined;
    const nextRunAt = job.nextRunAt ? new Date(job.nextRunAt).getTime() : null;
    const row = this.write(() =>
      this.db
        .prepare<unknown[], JobRow>(
          `UPDATE ${JOBS_TABLE} SET locked_at = ?, last_modified_by = ?
           WHERE id = ? AND name = ? AND locked_at IS NULL AND next_run_at IS ? AND disabled = 0
           RETURNING *`,
        )
        .get(wallClock().getTime(), options?.lastModifiedBy ?? null, job._id, job.name, nextRunAt),
    );
    return row && toJobParameters(row);
  }

  async unlockJob(job: JobParameters): Promise<void> {
    if (!job._id) return;
    // A one-time job that is running has no next run; its lock stays until it finishes.
    this.write(() =>
      this.db
        .prepare(
          `UPDATE ${JOBS_TABLE} SET locked_at = NULL WHERE id = ? AND next_run_at IS NOT NULL`,
        )
        .run(job._id),
    );
  }

  async unlockJobs(jobIds: (JobId | string)[]): Promise<void> {
    if (jobIds.length === 0) return;
    const where = whereSql(selectionFilter({ ids: jobIds }) ?? []);
    this.write(() =>
      this.db
        .prepare(`UPDATE ${JOBS_TABLE} SET locked_at = NULL ${where.sql}`)
        .run(...where.params),
    );
  }

  async getNextJobToRun(
    jobName: string,
    nextScanAt: Date,
    lockDeadline: Date,
    now: Date | undefined,
    options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters | undefined> {
    // Due before the next scan and unlocked, or locked so long ago that its holder is presumed dead.
    const row = this.write(() =>
      this.db
        .prepare<unknown[], JobRow>(
          `UPDATE ${JOBS_TABLE} SET locked_at = ?, last_modified_by = ?
           WHERE id = (
             SELECT id FROM ${JOBS_TABLE}
             WHERE name = ? AND disabled = 0
               AND ((locked_at IS NULL AND next_run_at <= ?) OR locked_at <= ?)
             ORDER BY next_run_at ASC, priority DESC
             LIMIT 1)
           RETURNING *`,
        )
        .get(
          (now ?? wallClock()).getTime(),
          options?.lastModifiedBy ?? null,
          jobName,
          nextScanAt.getTime(),
          lockDeadline.getTime(),
        ),
    );
    return row && toJobParameters(row);
  }

  async disableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, true);
  }

  async enableJobs(options: RemoveJobsOptions): Promise<number> {
    return this.setDisabled(options, false);
  }

  /** Counts only the jobs whose flag actually changed. */
  private setDisabled(options: RemoveJobsOptions, disabled: boolean): number {
    const selection = selectionFilter(options);
    if (!selection) return 0;
    const flag = disabled ? 1 : 0;
    const where = whereSql([...selection, { sql: 'disabled <> ?', params: [flag] }]);
    return this.write(
      () =>
        this.db
          .prepare(`UPDATE ${JOBS_TABLE} SET disabled = ? ${where.sql}`)
          .run(flag, ...where.params).changes,
    );
  }

  async purgeAllJobs(): Promise<number> {
    return this.write(() => this.db.prepare(`DELETE FROM ${JOBS_TABLE}`).run().changes);
  }
}
