import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { writeWithoutBlocking } from '../../src/store/sqlite/writeWithoutBlocking.js';

describe('writeWithoutBlocking (SQLite write lock held by another process)', function () {
  let dir: string;
  let holder: Database.Database;
  let writer: Database.Database;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), 'write-lock-'));
    const file = join(dir, 'store.sqlite');
    holder = new Database(file);
    holder.pragma('journal_mode = WAL');
    holder.exec('CREATE TABLE t (n INTEGER)');
    writer = new Database(file);
    writer.pragma('busy_timeout = 5000');
  });

  afterEach(function () {
    holder.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (n: number) => () => writer.prepare('INSERT INTO t (n) VALUES (?)').run(n);
  const rows = () => holder.prepare('SELECT n FROM t ORDER BY n').pluck().all();

  it('lets the event loop run while it waits, then writes once the lock is free', async function () {
    holder.exec('BEGIN IMMEDIATE');
    let written = false;
    const write = writeWithoutBlocking(writer, insert(1)).then(() => (written = true));
    // A timer fires while the lock is held: the wait did not block this thread.
    await delay(30);
    assert.equal(written, false);
    holder.exec('COMMIT');
    await write;
    assert.deepEqual(rows(), [1]);
    assert.equal(writer.pragma('busy_timeout', { simple: true }), 5000);
  });

  it('gives up with SQLITE_BUSY after the connection busy timeout, having written nothing', async function () {
    writer.pragma('busy_timeout = 40');
    holder.exec('BEGIN IMMEDIATE');
    await assert.rejects(writeWithoutBlocking(writer, insert(2)), { code: 'SQLITE_BUSY' });
    holder.exec('COMMIT');
    assert.deepEqual(rows(), []);
    assert.equal(writer.pragma('busy_timeout', { simple: true }), 40);
  });

  it('rolls back and passes on any other error at once', async function () {
    await assert.rejects(
      writeWithoutBlocking(writer, () => {
        insert(3)();
        throw new Error('broken');
      }),
      /broken/,
    );
    assert.deepEqual(rows(), []);
  });
});
