/** src/main.ts as an operator runs it: a child process, configured by its environment. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import nock from 'nock';
import { RETIRED_DISPATCH_JOB } from '../../jobs/campaignJobs.js';
import { freshStorage, type TestStorage } from '../support/testStorage.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');

/**
 * Runs main.ts in an empty folder (so no developer `.env` is picked up) with only the given
 * variables. DEP0111 is restify's own deprecation warning, silenced as in the npm scripts.
 */
function runMain(env: Record<string, string>, cwd: string): ChildProcess {
  return spawn(process.execPath, ['--disable-warning=DEP0111', '--import', TSX_LOADER, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(stream: NodeJS.ReadableStream | null): { text: () => string } {
  let text = '';
  stream?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { text: () => text };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Resolves with the first JSON log line whose msg is `msg`. */
function logLine(child: ChildProcess, msg: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (entry.msg === msg) resolve(entry);
        } catch {
          // a partial line: wait for the rest
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before logging "${msg}"`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('main.ts (process start)', () => {
  let folder: string;
  let child: ChildProcess | undefined;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'pushbot-main-'));
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
    rmSync(folder, { recursive: true, force: true });
  });

  it('starts on the embedded SQLite store, serves /healthz, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = join(folder, 'data');
    child = runMain({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' }, folder);
    const exited = exitOf(child);

    const listening = await logLine(child, 'listening');
    assert.equal(listening.port, port);

    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    const health = (await res.json()) as Record<string, unknown>;
    assert.equal(health.status, 'ok');
    assert.equal(health.store, 'sqlite');
    assert.match(String(health.version), /^\d+\.\d+\.\d+/);
    assert.ok(existsSync(join(dataDir, 'pushbot.sqlite')), 'the store file is in DATA_DIR');

    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  describe('with MONGODB_URL', () => {
    let storage: TestStorage | undefined;

    beforeEach(async function () {
      storage = await freshStorage('mongodb', this);
    });

    afterEach(async () => {
      await storage?.remove();
      storage = undefined;
    });

    it('starts on MongoDB, names it in /healthz, keeps Agenda’s jobs in that database, and stops cleanly', async () => {
      const { mongodbUrl } = storage!;
      const port = await freePort();
      child = runMain({ ...storage!.env, PORT: String(port), LOG_LEVEL: 'info' }, folder);
      const stdout = collect(child.stdout);
      const exited = exitOf(child);

      const listening = await logLine(child, 'listening');
      assert.equal(listening.port, port);
      assert.equal(listening.store, 'mongodb');

      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(res.status, 200);
      const health = (await res.json()) as Record<string, unknown>;
      assert.deepEqual(
        { status: health.status, store: health.store, scheduler: health.scheduler },
        { status: 'ok', store: 'mongodb', scheduler: 'running' },
      );
      assert.ok(
        ['idle', 'working'].includes((health.dispatchWorker as { state: string }).state),
        'the dispatch worker runs',
      );
      assert.equal(existsSync(join(storage!.dataDir, 'pushbot.sqlite')), false, 'no SQLite file');

      const client = await MongoClient.connect(mongodbUrl!);
      try {
        const jobs = await client.db().collection('agendaJobs').find().toArray();
        assert.ok(
          !jobs.some((job) => job.name === RETIRED_DISPATCH_JOB),
          'no cluster-wide dispatch job: every process runs its own dispatch worker',
        );
      } finally {
        await client.close();
      }

      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.ok(!stdout.text().includes(mongodbUrl!), 'the connection string is never logged');
    });
  });

  it('refuses a bad PORT with one line naming it, and exit code 1', async () => {
    child = runMain({ PORT: 'abc', DATA_DIR: join(folder, 'data') }, folder);
    const stderr = collect(child.stderr);
    const stdout = collect(child.stdout);

    const code = await exitOf(child);

    assert.equal(code, 1);
    const lines = stderr.text().trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line expected, got: ${stderr.text()}`);
    assert.match(lines[0]!, /^Configuration error: Invalid PORT: expected .*"abc"/);
    assert.equal(stdout.text(), '');
    assert.equal(
      existsSync(join(folder, 'data')),
      false,
      'nothing opened before the config is valid',
    );
  });

  const leakyUrls: Array<[string, string, RegExp]> = [
    // The driver quotes the whole connection string when it finds no host.
    [
      'mongodb://admin:Secr3tPw@/pushbot',
      'Secr3tPw',
      /^Start failed: MongoDB at mongodb:\/\/\*\*\*@\/pushbot could not be opened: /,
    ],
    // An unencoded @ in the password: the driver took a piece of it as the host and said so.
    [
      'mongodb://admin:P4ss@w0rd-Secret@db.invalid:27017/pushbot',
      'P4ss@w0rd-Secret',
      /^Configuration error: Invalid MONGODB_URL: expected a user name and password written percent-encoded/,
    ],
  ];
  for (const [url, secret, line] of leakyUrls) {
    it(`stops with one line that never shows the MongoDB password: ${url.replace(secret, '…')}`, async () => {
      child = runMain({ MONGODB_URL: url, DATA_DIR: join(folder, 'data') }, folder);
      const stderr = collect(child.stderr);
      const stdout = collect(child.stdout);

      const code = await exitOf(child);

      assert.equal(code, 1);
      const lines = stderr.text().trimEnd().split('\n');
      assert.equal(lines.length, 1, `one line expected, got: ${stderr.text()}`);
      assert.match(lines[0]!, line);
      const everything = `${stderr.text()}${stdout.text()}`.toLowerCase();
      for (const piece of secret.toLowerCase().split('@')) {
        assert.ok(!everything.includes(piece), `"${piece}" must not be shown: ${everything}`);
      }
    });
  }
});
