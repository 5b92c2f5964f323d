/**
 * Agenda itself on each job store, as the product drives it: jobs run when due, survive a
 * restart, run once with several instances, and shut down gracefully.
 */
import assert from 'node:assert/strict';
import type { Agenda, Job } from 'agenda';
import { createAgenda, drainAndStop } from '../../src/scheduler/createAgenda.js';
import { skipWithoutMongo } from '../support/mongo.js';
import { jobStoreKinds, type JobStoreUnderTest } from './jobStores.js';

/** Generous upper bound for something that should happen within a few polls. */
const PATIENCE_MS = 10_000;

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: not within ${PATIENCE_MS} ms`)),
      PATIENCE_MS,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function inMs(ms: number): Date {
  return new Date(Date.now() + ms);
}

for (const kind of jobStoreKinds) {
  describe(`Agenda on ${kind.name}`, function () {
    let store: JobStoreUnderTest;
    let agendas: Agenda[];

    before(async function () {
      const skipReason = await kind.setUp();
      if (skipReason) skipWithoutMongo(this, `${kind.name}: ${skipReason}`);
    });
    after(() => kind.tearDown());

    beforeEach(async () => {
      store = await kind.createStore();
      agendas = [];
    });
    afterEach(async () => {
      await Promise.all(agendas.map((agenda) => drainAndStop(agenda, 1_000)));
      await store.dispose();
    });

    /** One more instance on the store, over its own connection. */
    async function newInstance(name: string, processEvery = 50): Promise<Agenda> {
      const agenda = createAgenda({ backend: await store.openBackend(), processEvery, name });
      agendas.push(agenda);
      await agenda.ready;
      return agenda;
    }

    it('runs a job scheduled with now()', async () => {
      const agenda = await newInstance('a');
      const ran = deferred<unknown>();
      agenda.define('ping', async (job: Job) => ran.resolve(job.attrs.data));
      await agenda.start();

      await agenda.now('ping', { n: 1 });

      assert.deepEqual(await within(ran.promise, 'ping ran'), { n: 1 });
    });

    it('runs a job scheduled for a date, not before it', async () => {
      const agenda = await newInstance('a');
      const ranAt = deferred<number>();
      agenda.define('ping', async () => ranAt.resolve(Date.now()));
      await agenda.start();
      const due = inMs(300);

      await agenda.schedule(due, 'ping', {});

      assert.ok((await within(ranAt.promise, 'ping ran')) >= due.getTime());
    });

    it('runs a job planned before a restart exactly once, on the new instance', async () => {
      const runs: string[] = [];
      const first = await newInstance('first');
      first.define('start', async () => {
        runs.push('first');
      });
      await first.start();
      await first.schedule(inMs(1_500), 'start', { campaignId: 'c1' });
      await drainAndStop(first, 1_000);

      const second = await newInstance('second');
      const ran = deferred<unknown>();
      second.define('start', async (job: Job) => {
        runs.push('second');
        ran.resolve(job.attrs.data);
      });
      const planned = await second.queryJobs({ name: 'start' });
      assert.deepEqual(
        planned.jobs.map((job) => job.state),
        ['scheduled'],
      );
      await second.start();

      assert.deepEqual(await within(ran.promise, 'start ran'), { campaignId: 'c1' });
      await drainAndStop(second, 5_000);
      assert.deepEqual(runs, ['second']);
      const [done] = (await second.queryJobs({ name: 'start' })).jobs;
      assert.equal(done?.state, 'completed');
    });

    it('runs each due job once when two instances share the store', async () => {
      const jobCount = 20;
      const runsByJob = new Map<number, string[]>();
      const allRan = deferred();
      const instances = [await newInstance('a'), await newInstance('b')];
      for (const agenda of instances) {
        agenda.define('attempt', async (job: Job<{ i: number }>) => {
          const runs = runsByJob.get(job.attrs.data.i) ?? [];
          runs.push(agenda.attrs.name ?? '');
          runsByJob.set(job.attrs.data.i, runs);
          if (runsByJob.size === jobCount) allRan.resolve();
        });
      }
      for (let i = 0; i < jobCount; i += 1) await instances[0]!.now('attempt', { i });

      await Promise.all(instances.map((agenda) => agenda.start()));
      await within(allRan.promise, 'all jobs ran');
      await Promise.all(instances.map((agenda) => drainAndStop(agenda, 5_000)));

      const duplicated = [...runsByJob].filter(([, runs]) => runs.length !== 1);
      assert.deepEqual(duplicated, []);
      assert.equal(runsByJob.size, jobCount);
    });

    it('keeps one every() job per name, whichever instance declares it', async () => {
      const [a, b] = [await newInstance('a'), await newInstance('b')];

      await a.every('5 minutes', 'sweep');
      await a.every('5 minutes', 'sweep');
      await b.every('5 minutes', 'sweep');

      assert.equal((await a.queryJobs({ name: 'sweep' })).total, 1);
    });

    it('cancel() removes the jobs of a name or of a campaign', async () => {
      const agenda = await newInstance('a');
      await agenda.schedule(inMs(3_600_000), 'start', { campaignId: 'c1' });
      await agenda.schedule(inMs(3_600_000), 'attempt', { campaignId: 'c1', deliveryId: 'd1' });
      await agenda.schedule(inMs(3_600_000), 'attempt', { campaignId: 'c2', deliveryId: 'd2' });
      await agenda.every('5 minutes', 'sweep');

      assert.equal(await agenda.cancel({ data: { campaignId: 'c1' } }), 2);
      assert.equal(await agenda.cancel({ name: 'sweep' }), 1);

      const { jobs } = await agenda.queryJobs();
      assert.deepEqual(
        jobs.map((job) => [job.name, job.data]),
        [['attempt', { campaignId: 'c2', deliveryId: 'd2' }]],
      );
    });

    it('drainAndStop waits for the running job and releases the queued ones', async () => {
      // A long poll interval: the first scan locks the later job and queues it locally.
      const agenda = await newInstance('a', 20_000);
      const started = deferred();
      const release = deferred();
      let laterRuns = 0;
      agenda.define('slow', async () => {
        started.resolve();
        await release.promise;
      });
      agenda.define('later', async () => {
        laterRuns += 1;
      });
      await agenda.now('slow', {});
      await agenda.schedule(inMs(10_000), 'later', {});
      await agenda.start();
      await within(started.promise, 'slow started');
      const queued = await agenda.queryJobs({ name: 'later' });
      assert.equal(queued.jobs[0]?.state, 'running', 'the later job is locked by this instance');

      const draining = drainAndStop(agenda, PATIENCE_MS);
      release.resolve();
      const result = await draining;

      assert.deepEqual(result, { completed: 1, running: 0, timedOut: false, aborted: false });
      const [later] = (await agenda.queryJobs({ name: 'later' })).jobs;
      assert.equal(later?.state, 'scheduled', 'released for another instance');
      assert.equal(laterRuns, 0);
    });
  });
}
