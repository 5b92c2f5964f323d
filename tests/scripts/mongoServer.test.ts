/**
 * `npm run mongo:server` as an operator starts it: in the background its stdin is empty, and
 * the server must keep serving until stopped; the test harness opts in to stopping with its
 * input (tests/support/mongo.ts).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';

const LAUNCHER = fileURLToPath(new URL('../../scripts/mongo-server/run.sh', import.meta.url));
/** The first start may fetch the jars from Maven Central and compile the server. */
const FIRST_START_MS = 240_000;

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before its URL`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function urlOf(line: string): string {
  const match = /^MONGODB_URL=(mongodb:\/\/127\.0\.0\.1:\d+\/\w+)$/.exec(line);
  assert.ok(match, `unexpected first line: ${line}`);
  return match[1]!;
}

describe('npm run mongo:server (scripts/mongo-server)', function () {
  this.timeout(FIRST_START_MS + 30_000);
  let child: ChildProcess | undefined;

  before(function () {
    if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) this.skip();
  });

  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  it('started in the background (stdin empty, as with &, nohup or a service manager) serves until stopped', async () => {
    child = spawn('bash', [LAUNCHER, '0', 'background'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = urlOf(await firstLine(child));

    const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
    try {
      await client.db().collection('notes').insertOne({ text: 'still here' });
      const notes = await client.db().collection('notes').find().toArray();
      assert.deepEqual(
        notes.map((n) => n.text),
        ['still here'],
      );
    } finally {
      await client.close();
    }
    assert.equal(child.exitCode, null, 'still running');

    child.kill('SIGTERM');
    const code = await exitOf(child);
    assert.ok(code === 0 || code === 143 || code === null, `stopped by SIGTERM (exit ${code})`);
  });

  it('with --exit-when-stdin-closes stops when its input ends (the test harness’s pipe)', async () => {
    child = spawn('bash', [LAUNCHER, '--exit-when-stdin-closes', '0', 'harness'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const url = urlOf(await firstLine(child));
    assert.match(url, /\/harness$/);

    child.stdin!.end();

    assert.equal(await exitOf(child), 0);
  });
});
