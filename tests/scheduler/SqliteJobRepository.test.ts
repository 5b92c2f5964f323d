/** What the SQLite job repository adds to the shared contract: files, connections, processes. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { JobParameters } from 'agenda';
import Database from 'better-sqlite3';
import { createAgenda, drainAndStop, sqliteBackend } from '../../src/scheduler/createAgenda.js';
import { SqliteJobRepository } from '../../src/scheduler/SqliteJobRepository.js';
import { openSqliteStore } from '../../src/store/sqlite/SqliteStore.js';

function dueJob(name: string, data: unknown = {}): JobParameters {
  return { name, priority: 0, nextRunAt: new Date(Date.now() - 60_000), type: 'normal', data };
}

interface LockRacer {
  ready: Promise<void>;
  /** Starts locking; resolves with the ids this process locked. */
  go(): Promise<string[]>;
}

/** lockRaceWorker.ts in its own process, connected and waiting for the start signal. */
function startLockRacer(filePath: string, jobName: string): LockRacer {
  const script = fileURLToPath(new URL('./lockRaceWorker.ts', import.meta.url));
  const child = fork(script, [filePath, jobName], { execArgv: ['--import', 'tsx'] });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`lock racer exited with ${code}`)));
  });
  const nextMessage = () =>
    Promise.race([new Promise<unknown>((resolve) => child.once('message', resolve)), exited]);
  const ready = nextMessage().then(() => undefined);
  return {
    ready,
    async go() {
      const result = nextMessage();
      child.send('go');
      return (await result) as string[];
    },
  };
}

describe('SqliteJobRepository', () => {
  let dir: string;
  let filePath: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'agenda-sqlite-'));
    filePath = join(dir, 'data', 'jobs.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('locks each due job exactly once across processes sharing the file', async () => {
    const repository = new SqliteJobRepository({ filePath });
    await repository.connect();
    for (let i = 0; i < 200; i += 1) await repository.saveJob(dueJob('attempt', { i }), undefined);
    await repository.disconnect();
    const racers = [1, 2, 3].map(() => startLockRacer(filePath, 'attempt'));
    await Promise.all(racers.map((racer) => racer.ready));

    const perProcess = await Promise.all(racers.map((racer) => racer.go()));

    const all = perProcess.flat();
    assert.equal(all.length, 200, 'every job locked');
    assert.equal(new Set(all).size, 200, 'no job locked twice');
  });

  it('creates its table in a new file and finds the jobs again after reopening', async () => {
    const first = new SqliteJobRepository({ filePath });
    await first.connect();
    await first.saveJob(dueJob('start', { campaignId: 'c1' }), undefined);
    await first.disconnect();

    const reopened = new SqliteJobRepository({ filePath });
    await reopened.connect();
    const { jobs } = await reopened.queryJobs({ name: 'start' });
    await reopened.disconnect();

    assert.deepEqual(
      jobs.map((job) => job.data),
      [{ campaignId: 'c1' }],
    );
  });

  it('closes a file it opened, but not a connection it was given', async () => {
    const owned = new SqliteJobRepository({ filePath });
    await owned.connect();
    await owned.disconnect();
    await assert.rejects(owned.getDistinctJobNames(), /not connected/);

    const db = new Database(filePath);
    const borrowed = new SqliteJobRepository({ db });
    await borrowed.connect();
    await borrowed.disconnect();
    assert.equal(db.open, true);
    assert.equal(borrowed.ownsConnection, false);
    db.close();
  });

  it('keeps the lock of a running job when its owner saves it', async () => {
    const repository = new SqliteJobRepository({ filePath });
    await repository.connect();
    const saved = await repository.saveJob(dueJob('attempt'), undefined);
    const locked = await repository.lockJob(saved, undefined);

    await repository.saveJob({ ...saved, data: { note: 'edited' } }, undefined);

    const stored = await repository.getJobById(String(saved._id));
    await repository.disconnect();
    assert.equal(stored?.lockedAt?.getTime(), locked?.lockedAt?.getTime());
    assert.deepEqual(stored?.data, { note: 'edited' });
  });

  it('refuses unique keys and selections it cannot express instead of ignoring them', async () => {
    const repository = new SqliteJobRepository({ filePath });
    await repository.connect();

    await assert.rejects(
      repository.saveJob({ ...dueJob('start'), unique: { lastRunAt: new Date() } }, undefined),
      /unique key "lastRunAt"/,
    );
    await assert.rejects(
      repository.saveJob({ ...dueJob('start'), unique: { 'data.n': { $gt: 1 } } }, undefined),
      /operators/,
    );
    await repository.disconnect();
  });

  it("runs Agenda on the store's own connection and leaves it open for the store", async () => {
    const store = openSqliteStore(filePath);
    const agenda = createAgenda({ backend: sqliteBackend(store.db), processEvery: 50 });
    const ran = new Promise<unknown>((resolve) => {
      agenda.define('ping', async (job) => resolve(job.attrs.data));
    });
    await agenda.start();

    await agenda.now('ping', { campaignId: 'c1' });

    assert.deepEqual(await ran, { campaignId: 'c1' });
    await drainAndStop(agenda, 1_000);
    assert.equal(store.db.open, true);
    await store.close();
  });
});
