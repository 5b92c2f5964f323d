/**
 * One repository test table, run against every job store: our SQLite repository and Agenda's
 * official MongoDB one. (Agenda's own shared suite, `agenda/testing`, is not shipped in the
 * npm package and is written for vitest, so it cannot run here.)
 */
import assert from 'node:assert/strict';
import type { JobParameters, JobRepository } from 'agenda';
import { skipWithoutMongo } from '../support/mongo.js';
import { jobStoreKinds, type JobStoreUnderTest } from './jobStores.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function at(offsetMs: number): Date {
  return new Date(Date.now() + offsetMs);
}

function job(name: string, fields: Partial<JobParameters> = {}): JobParameters {
  return { name, priority: 0, nextRunAt: at(-MINUTE), type: 'normal', data: {}, ...fields };
}

function idOf(saved: JobParameters): string {
  assert.ok(saved._id, 'saved job has an id');
  return saved._id.toString();
}

/** The arguments Agenda's processor passes: due within a few seconds, locks older than 10 minutes expired. */
function scanWindow() {
  const now = new Date();
  return {
    nextScanAt: new Date(now.getTime() + 5_000),
    lockDeadline: new Date(now.getTime() - 10 * MINUTE),
    now,
  };
}

async function nextToRun(repo: JobRepository, name: string) {
  const { nextScanAt, lockDeadline, now } = scanWindow();
  return repo.getNextJobToRun(name, nextScanAt, lockDeadline, now, undefined);
}

for (const kind of jobStoreKinds) {
  describe(`JobRepository contract on ${kind.name}`, function () {
    let store: JobStoreUnderTest;
    let repo: JobRepository;

    before(async function () {
      const skipReason = await kind.setUp();
      if (skipReason) skipWithoutMongo(this, `${kind.name}: ${skipReason}`);
    });
    after(() => kind.tearDown());

    beforeEach(async () => {
      store = await kind.createStore();
      repo = await store.openRepository();
    });
    afterEach(() => store.dispose());

    describe('saveJob', () => {
      it('inserts a new job, assigns an id and stores every field', async () => {
        const nextRunAt = at(HOUR);
        const saved = await repo.saveJob(
          job('report', {
            priority: 10,
            nextRunAt,
            data: { campaignId: 'c1', tags: ['a', 'b'] },
            repeatInterval: '5 minutes',
            repeatTimezone: 'Europe/Paris',
          }),
          { lastModifiedBy: 'worker-1' },
        );

        const stored = await repo.getJobById(idOf(saved));
        assert.ok(stored);
        assert.equal(stored._id?.toString(), idOf(saved));
        assert.equal(stored.name, 'report');
        assert.equal(stored.priority, 10);
        assert.equal(stored.type, 'normal');
        assert.deepEqual(stored.data, { campaignId: 'c1', tags: ['a', 'b'] });
        assert.equal(stored.nextRunAt?.getTime(), nextRunAt.getTime());
        assert.equal(stored.repeatInterval, '5 minutes');
        assert.equal(stored.repeatTimezone, 'Europe/Paris');
        assert.equal(stored.lastModifiedBy, 'worker-1');
        assert.ok(!stored.disabled);
        assert.equal(stored.lockedAt ?? undefined, undefined);
      });

      it('updates the job with that id and keeps the id', async () => {
        const saved = await repo.saveJob(job('report', { data: { version: 1 } }), undefined);
        const updated = await repo.saveJob(
          { ...saved, priority: 20, data: { version: 2 } },
          undefined,
        );

        assert.equal(idOf(updated), idOf(saved));
        assert.equal(updated.priority, 20);
        const all = await repo.queryJobs();
        assert.equal(all.total, 1);
        assert.deepEqual(all.jobs[0]?.data, { version: 2 });
      });

      it('does not bring back a job removed before its update', async () => {
        const saved = await repo.saveJob(job('report'), undefined);
        await repo.removeJobs({ id: idOf(saved) });

        await repo.saveJob({ ...saved, priority: 3 }, undefined);

        assert.equal((await repo.queryJobs()).total, 0);
      });

      it('keeps one "single" job per name (every()) and updates it', async () => {
        const first = await repo.saveJob(
          job('sweep', { type: 'single', nextRunAt: at(MINUTE), data: { run: 1 } }),
          undefined,
        );
        const second = await repo.saveJob(
          job('sweep', {
            type: 'single',
            nextRunAt: at(2 * MINUTE),
            priority: 10,
            data: { run: 2 },
          }),
          undefined,
        );

        assert.equal(idOf(second), idOf(first));
        assert.equal(second.priority, 10);
        assert.deepEqual(second.data, { run: 2 });
        assert.equal((await repo.queryJobs({ name: 'sweep' })).total, 1);
      });

      it('keeps the pending run of a "single" job when saved again with a due time', async () => {
        const pending = at(HOUR);
        await repo.saveJob(job('sweep', { type: 'single', nextRunAt: pending }), undefined);

        const again = await repo.saveJob(
          job('sweep', { type: 'single', nextRunAt: at(-1_000) }),
          undefined,
        );

        assert.equal(again.nextRunAt?.getTime(), pending.getTime());
      });

      it('upserts on the unique key and inserts for another key', async () => {
        const unique = (campaignId: string) => ({ 'data.campaignId': campaignId });
        const first = await repo.saveJob(
          job('start', { data: { campaignId: 'c1', v: 1 }, unique: unique('c1') }),
          undefined,
        );
        const again = await repo.saveJob(
          job('start', {
            nextRunAt: at(HOUR),
            data: { campaignId: 'c1', v: 2 },
            unique: unique('c1'),
          }),
          undefined,
        );
        await repo.saveJob(
          job('start', { data: { campaignId: 'c2', v: 1 }, unique: unique('c2') }),
          undefined,
        );

        assert.equal(idOf(again), idOf(first));
        const c1 = await repo.getJobById(idOf(first));
        assert.deepEqual(c1?.data, { campaignId: 'c1', v: 2 });
        assert.equal((await repo.queryJobs({ name: 'start' })).total, 2);
      });

      it('leaves an existing unique job untouched with insertOnly', async () => {
        const key = { 'data.campaignId': 'c1' };
        const first = await repo.saveJob(
          job('start', { data: { campaignId: 'c1', v: 1 }, unique: key }),
          undefined,
        );
        const again = await repo.saveJob(
          job('start', {
            data: { campaignId: 'c1', v: 2 },
            unique: key,
            uniqueOpts: { insertOnly: true },
          }),
          undefined,
        );

        assert.equal(idOf(again), idOf(first));
        assert.deepEqual((await repo.getJobById(idOf(first)))?.data, { campaignId: 'c1', v: 1 });
      });

      it('pushes a trailing-debounced job past the latest save', async () => {
        const delay = 10 * MINUTE;
        const save = () =>
          repo.saveJob(
            job('sync', {
              nextRunAt: new Date(),
              data: { userId: 7 },
              unique: { 'data.userId': 7 },
              uniqueOpts: { debounce: { delay } },
            }),
            undefined,
          );
        const before = Date.now();
        const first = await save();
        const second = await save();
        const after = Date.now();

        assert.equal(idOf(second), idOf(first));
        const runAt = second.nextRunAt!.getTime();
        assert.ok(runAt >= first.nextRunAt!.getTime());
        assert.ok(runAt >= before + delay && runAt <= after + delay);
        assert.equal((await repo.queryJobs({ name: 'sync' })).total, 1);
      });

      it('keeps the first run time of a leading-debounced job', async () => {
        const firstRunAt = at(-1_000);
        const save = (nextRunAt: Date) =>
          repo.saveJob(
            job('sync', {
              nextRunAt,
              data: { userId: 7 },
              unique: { 'data.userId': 7 },
              uniqueOpts: { debounce: { delay: MINUTE, strategy: 'leading' } },
            }),
            undefined,
          );
        await save(firstRunAt);
        const second = await save(at(HOUR));

        assert.equal(second.nextRunAt?.getTime(), firstRunAt.getTime());
      });
    });

    describe('getJobById', () => {
      it('returns null once the job is removed', async () => {
        const saved = await repo.saveJob(job('report'), undefined);
        await repo.removeJobs({ id: idOf(saved) });
        assert.equal(await repo.getJobById(idOf(saved)), null);
      });
    });

    describe('queryJobs', () => {
      beforeEach(async () => {
        await repo.saveJob(
          job('job-a', { priority: 10, nextRunAt: at(MINUTE), data: { kind: 'alpha', n: 1 } }),
          undefined,
        );
        await repo.saveJob(
          job('job-b', { priority: 5, nextRunAt: at(-MINUTE), data: { kind: 'beta', n: 2 } }),
          undefined,
        );
        await repo.saveJob(
          job('job-a', {
            priority: 15,
            nextRunAt: at(3 * MINUTE),
            data: { kind: 'alpha', n: 3, nested: { key: 'v' } },
          }),
          undefined,
        );
      });

      it('filters by name, names and case-insensitive search', async () => {
        assert.equal((await repo.queryJobs({ name: 'job-a' })).total, 2);
        assert.equal((await repo.queryJobs({ names: ['job-a', 'job-b'] })).total, 3);
        assert.equal((await repo.queryJobs({ search: 'JOB-B' })).total, 1);
        assert.equal((await repo.queryJobs({ name: 'none' })).total, 0);
      });

      it('matches data partially, including nested fields and types', async () => {
        const alpha = await repo.queryJobs({ data: { kind: 'alpha' } });
        assert.equal(alpha.total, 2);
        assert.deepEqual(
          (await repo.queryJobs({ data: { nested: { key: 'v' } } })).jobs.map((j) => j.data),
          [{ kind: 'alpha', n: 3, nested: { key: 'v' } }],
        );
        assert.equal((await repo.queryJobs({ data: { n: 2 } })).total, 1);
        assert.equal((await repo.queryJobs({ data: { n: '2' } })).total, 0);
      });

      it('paginates with a total before pagination, in the requested order', async () => {
        const page = await repo.queryJobs({ sort: { priority: 'desc' }, skip: 1, limit: 1 });
        assert.equal(page.total, 3);
        assert.deepEqual(
          page.jobs.map((j) => j.priority),
          [10],
        );
      });

      it('computes each job state and filters by it', async () => {
        const all = await repo.queryJobs({ sort: { priority: 'asc' } });
        assert.deepEqual(
          all.jobs.map((j) => j.state),
          ['queued', 'scheduled', 'scheduled'],
        );
        const scheduled = await repo.queryJobs({ state: 'scheduled', limit: 1 });
        assert.equal(scheduled.total, 2);
        assert.equal(scheduled.jobs.length, 1);
      });

      it('finds one job by id and hides disabled ones on request', async () => {
        const disabled = await repo.saveJob(job('job-c', { disabled: true }), undefined);
        const byId = await repo.queryJobs({ id: idOf(disabled) });
        assert.deepEqual(
          byId.jobs.map((j) => j.name),
          ['job-c'],
        );
        assert.equal(byId.jobs[0]?.disabled, true);
        assert.equal((await repo.queryJobs({ includeDisabled: false })).total, 3);
        assert.equal((await repo.queryJobs({ state: 'paused' })).total, 1);
      });
    });

    describe('removeJobs', () => {
      let ids: string[];
      beforeEach(async () => {
        ids = [];
        for (const [name, campaignId] of [
          ['start', 'c1'],
          ['attempt', 'c1'],
          ['attempt', 'c2'],
          ['finish', 'c2'],
        ] as const) {
          ids.push(idOf(await repo.saveJob(job(name, { data: { campaignId } }), undefined)));
        }
      });

      const remainingNames = async () =>
        (await repo.queryJobs({ sort: { name: 'asc' } })).jobs.map((j) => `${j.name}`);

      it('removes by name and returns the count', async () => {
        assert.equal(await repo.removeJobs({ name: 'attempt' }), 2);
        assert.deepEqual(await remainingNames(), ['finish', 'start']);
      });

      it('removes by data', async () => {
        assert.equal(await repo.removeJobs({ data: { campaignId: 'c1' } }), 2);
        assert.deepEqual(await remainingNames(), ['attempt', 'finish']);
      });

      it('removes by ids and by names not listed', async () => {
        assert.equal(await repo.removeJobs({ ids: [ids[0]!, ids[3]!] }), 2);
        assert.equal(await repo.removeJobs({ notNames: ['attempt'] }), 0);
        assert.deepEqual(await remainingNames(), ['attempt', 'attempt']);
      });

      it('removes nothing without a criterion', async () => {
        assert.equal(await repo.removeJobs({}), 0);
        assert.equal((await repo.queryJobs()).total, 4);
      });

      it('purgeAllJobs removes everything', async () => {
        assert.equal(await repo.purgeAllJobs(), 4);
        assert.deepEqual(await repo.getDistinctJobNames(), []);
      });
    });

    describe('disableJobs / enableJobs', () => {
      it('a disabled job is not run; enabling makes it runnable again', async () => {
        await repo.saveJob(job('attempt', { data: { campaignId: 'c1' } }), undefined);

        assert.equal(await repo.disableJobs({ data: { campaignId: 'c1' } }), 1);
        assert.equal(await repo.disableJobs({ name: 'attempt' }), 0, 'already disabled');
        assert.equal(await nextToRun(repo, 'attempt'), undefined);

        assert.equal(await repo.enableJobs({ name: 'attempt' }), 1);
        assert.ok(await nextToRun(repo, 'attempt'));
      });
    });

    describe('names and queue size', () => {
      it('lists distinct names and counts the jobs already due', async () => {
        await repo.saveJob(job('a', { nextRunAt: at(-MINUTE) }), undefined);
        await repo.saveJob(job('a', { nextRunAt: at(-2 * MINUTE) }), undefined);
        await repo.saveJob(job('b', { nextRunAt: at(HOUR) }), undefined);
        await repo.saveJob(job('c', { nextRunAt: null }), undefined);

        assert.deepEqual([...(await repo.getDistinctJobNames())].sort(), ['a', 'b', 'c']);
        assert.equal(await repo.getQueueSize(), 2);
      });
    });

    describe('locking', () => {
      it('lockJob locks a job once', async () => {
        const saved = await repo.saveJob(job('attempt'), undefined);

        const locked = await repo.lockJob(saved, undefined);
        assert.ok(locked?.lockedAt);
        assert.equal(idOf(locked), idOf(saved));
        assert.equal(await repo.lockJob(saved, undefined), undefined);
      });

      it('lockJob refuses a job whose run time changed since it was read', async () => {
        const saved = await repo.saveJob(job('attempt'), undefined);
        await repo.saveJob({ ...saved, nextRunAt: at(-2 * MINUTE) }, undefined);

        assert.equal(await repo.lockJob(saved, undefined), undefined);
      });

      it('unlockJob frees a queued job but not a running one-time job', async () => {
        const queued = await repo.saveJob(
          job('attempt', { nextRunAt: at(-2 * MINUTE) }),
          undefined,
        );
        const running = await repo.saveJob(job('attempt', { nextRunAt: at(-MINUTE) }), undefined);
        const lockedQueued = (await nextToRun(repo, 'attempt'))!;
        const lockedRunning = (await nextToRun(repo, 'attempt'))!;
        assert.equal(idOf(lockedQueued), idOf(queued));
        assert.equal(idOf(lockedRunning), idOf(running));
        // What Job.run() stores when a one-time job starts: no next run, lock kept.
        await repo.saveJobState(
          { ...lockedRunning, nextRunAt: null, lastRunAt: new Date() },
          undefined,
        );

        await repo.unlockJob(lockedQueued);
        await repo.unlockJob({ ...lockedRunning, nextRunAt: null });

        assert.equal((await repo.getJobById(idOf(queued)))?.lockedAt ?? null, null);
        assert.ok((await repo.getJobById(idOf(running)))?.lockedAt);
      });

      it('unlockJobs frees the given jobs whatever their state', async () => {
        const a = await repo.saveJob(job('attempt'), undefined);
        const b = await repo.saveJob(job('attempt', { nextRunAt: null }), undefined);
        await repo.lockJob(a, undefined);
        await repo.lockJob(b, undefined);

        await repo.unlockJobs([a._id!, b._id!]);

        for (const id of [idOf(a), idOf(b)]) {
          assert.equal((await repo.getJobById(id))?.lockedAt ?? null, null);
        }
      });
    });

    describe('getNextJobToRun', () => {
      it('locks the earliest due job first, the higher priority on a tie', async () => {
        const sameTime = at(-MINUTE);
        await repo.saveJob(
          job('attempt', { nextRunAt: sameTime, priority: 5, data: { o: 'low' } }),
          undefined,
        );
        await repo.saveJob(
          job('attempt', { nextRunAt: sameTime, priority: 10, data: { o: 'high' } }),
          undefined,
        );
        await repo.saveJob(
          job('attempt', { nextRunAt: at(-HOUR), priority: 0, data: { o: 'oldest' } }),
          undefined,
        );

        const order = [];
        for (let i = 0; i < 3; i += 1) order.push((await nextToRun(repo, 'attempt'))?.data);
        assert.deepEqual(order, [{ o: 'oldest' }, { o: 'high' }, { o: 'low' }]);
        assert.equal(await nextToRun(repo, 'attempt'), undefined, 'all are locked now');
      });

      it('stamps the lock with the given time and the instance name', async () => {
        await repo.saveJob(job('attempt'), undefined);
        const { nextScanAt, lockDeadline, now } = scanWindow();

        const locked = await repo.getNextJobToRun('attempt', nextScanAt, lockDeadline, now, {
          lastModifiedBy: 'worker-2',
        });

        assert.equal(locked?.lockedAt?.getTime(), now.getTime());
        assert.equal((await repo.getJobById(idOf(locked!)))?.lastModifiedBy, 'worker-2');
      });

      it('ignores other names and jobs due after the next scan', async () => {
        await repo.saveJob(job('other'), undefined);
        await repo.saveJob(job('attempt', { nextRunAt: at(HOUR) }), undefined);

        assert.equal(await nextToRun(repo, 'attempt'), undefined);
      });

      it('takes over a job whose lock is older than the lock deadline', async () => {
        const saved = await repo.saveJob(job('attempt'), undefined);
        await repo.lockJob(saved, undefined);
        const now = new Date();

        const stillHeld = await repo.getNextJobToRun('attempt', now, at(-MINUTE), now, undefined);
        const takenOver = await repo.getNextJobToRun('attempt', now, at(MINUTE), now, undefined);

        assert.equal(stillHeld, undefined);
        assert.equal(idOf(takenOver!), idOf(saved));
      });
    });

    describe('saveJobState', () => {
      it('writes the run bookkeeping of the job', async () => {
        const saved = await repo.saveJob(job('attempt'), undefined);
        const finishedAt = new Date();
        await repo.saveJobState(
          {
            ...saved,
            lockedAt: undefined,
            nextRunAt: at(HOUR),
            lastRunAt: at(-1_000),
            lastFinishedAt: finishedAt,
            failedAt: finishedAt,
            failCount: 2,
            failReason: 'channel unavailable',
            progress: 50,
          },
          undefined,
        );

        const stored = await repo.getJobById(idOf(saved));
        assert.equal(stored?.lastFinishedAt?.getTime(), finishedAt.getTime());
        assert.equal(stored?.failCount, 2);
        assert.equal(stored?.failReason, 'channel unavailable');
        assert.equal(stored?.progress, 50);
        const [withState] = (await repo.queryJobs({ id: idOf(saved) })).jobs;
        assert.equal(withState?.state, 'failed');
      });

      it('throws for a job that no longer exists', async () => {
        const saved = await repo.saveJob(job('attempt'), undefined);
        await repo.removeJobs({ id: idOf(saved) });

        await assert.rejects(repo.saveJobState(saved, undefined));
      });
    });

    describe('getJobsOverview', () => {
      it('counts the jobs of each name by state', async () => {
        await repo.saveJob(job('attempt', { nextRunAt: at(HOUR) }), undefined);
        await repo.saveJob(job('attempt', { nextRunAt: at(-MINUTE) }), undefined);
        await repo.saveJob(job('attempt', { nextRunAt: at(HOUR), disabled: true }), undefined);
        await repo.saveJob(
          job('sweep', { type: 'single', repeatInterval: '5 minutes' }),
          undefined,
        );

        const overview = await repo.getJobsOverview();
        const byName = new Map(overview.map((o) => [o.name, o]));
        assert.deepEqual(byName.get('attempt'), {
          name: 'attempt',
          total: 3,
          running: 0,
          scheduled: 2,
          queued: 1,
          completed: 0,
          failed: 0,
          repeating: 0,
          paused: 1,
        });
        assert.equal(byName.get('sweep')?.repeating, 1);
      });
    });
  });
}
