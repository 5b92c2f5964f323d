import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';
import { dbNameFromUrl, openMongoStore } from '../../src/store/mongo/MongoStore.js';
import { openStore, type OpenStore } from '../../src/store/openStore.js';
import { MIGRATIONS, appliedMigrations, migrate } from '../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import { reminderId } from '../../src/domain/reminders.js';
import { agendaBackendFor, createAgenda } from '../../src/scheduler/createAgenda.js';
import type { MongoStore } from '../../src/store/mongo/MongoStore.js';
import type { SqliteStore } from '../../src/store/sqlite/SqliteStore.js';
import type { Store } from '../../src/store/Store.js';
import { mongoForTests, skipWithoutMongo, type MongoForTests } from '../support/mongo.js';
import { freshStorage, STORE_KINDS, type TestStorage } from '../support/testStorage.js';
import { describeStoreContract } from './contract.js';
import { MINUTE, T0, aCampaign, pendingDeliveries } from './fixtures.js';

describeStoreContract('SqliteStore (:memory:)', async () => openSqliteStore(':memory:'));

describe('MongoStore', function () {
  let mongo: MongoForTests;
  let admin: MongoClient | undefined;
  const databases: string[] = [];

  before(async function () {
    this.timeout(30_000);
    mongo = await mongoForTests();
    if ('skipReason' in mongo) skipWithoutMongo(this, mongo.skipReason);
    admin = await new MongoClient(mongo.url).connect();
  });

  afterEach(async function () {
    for (const name of databases.splice(0)) await admin?.db(name).dropDatabase();
  });

  after(async function () {
    await admin?.close();
    if (mongo && 'stop' in mongo) await mongo.stop();
  });

  describeStoreContract('MongoStore', async () => {
    if (!('url' in mongo)) throw new Error('MongoDB is not available');
    const name = `pushbot_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    databases.push(name);
    return openMongoStore(mongo.url, name);
  });

  it('lets two connections to one database acknowledge a delivery once between them', async function () {
    if (!('url' in mongo)) throw new Error('MongoDB is not available');
    const name = `pushbot_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    databases.push(name);
    const a = await openMongoStore(mongo.url, name);
    const b = await openMongoStore(mongo.url, name);
    try {
      await a.deliveries.insert([
        { ...pendingDeliveries(1)[0]!, status: 'sent', dueAt: null, sentAt: T0 },
      ]);
      await assertAcknowledgedOnce([a, b]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('counts campaigns an earlier version started as planned, once: later ones are being planned', async function () {
    if (!('url' in mongo)) throw new Error('MongoDB is not available');
    const name = `pushbot_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    databases.push(name);
    const campaigns = admin!.db(name).collection<{ _id: string; nameLower: string }>('campaigns');
    const { id: _id, ...earlier } = aCampaign({ id: 'earlier', status: 'running', startedAt: T0 });
    await campaigns.insertOne({ _id, ...earlier, nameLower: 'earlier' });

    const upgraded = await openMongoStore(mongo.url, name);
    try {
      assert.equal((await upgraded.campaigns.get('earlier'))?.plannedAt, T0);
      await upgraded.campaigns.create(
        aCampaign({ id: 'planning', name: 'Planning', status: 'running', startedAt: T0 + MINUTE }),
      );
      // Another process starts while this one is still reading the new campaign's audience.
      const other = await openMongoStore(mongo.url, name);
      await other.close();
      assert.equal((await upgraded.campaigns.get('planning'))?.plannedAt, undefined);
    } finally {
      await upgraded.close();
    }
  });

  it('replaces the one-delivery-per-address index of an earlier version, so reminders fit beside their original', async function () {
    if (!('url' in mongo)) throw new Error('MongoDB is not available');
    const name = `pushbot_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    databases.push(name);
    await admin!
      .db(name)
      .collection('deliveries')
      .createIndex({ campaignId: 1, email: 1 }, { unique: true, name: 'campaign_email' });

    const store = await openMongoStore(mongo.url, name);
    try {
      const [original] = pendingDeliveries(1);
      await store.deliveries.insert([original!]);
      const reminder = {
        ...original!,
        id: reminderId(original!.id, 1),
        reminderOf: original!.id,
        reminderNumber: 1,
      };
      await store.deliveries.insert([reminder]);
      assert.deepEqual(await store.deliveries.get(reminder.id), reminder);
    } finally {
      await store.close();
    }
  });

  it('reads a campaign saved before campaigns had options with every option at its default', async function () {
    if (!('url' in mongo)) throw new Error('MongoDB is not available');
    const name = `pushbot_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    databases.push(name);
    const campaigns = admin!.db(name).collection<{ _id: string; nameLower: string }>('campaigns');
    const { id: _id, ...fields } = aCampaign({ id: 'earlier' });
    const earlier: Partial<typeof fields> = { ...fields };
    delete earlier.options;
    await campaigns.insertOne({ _id, ...earlier, nameLower: fields.name.toLowerCase() });

    const store = await openMongoStore(mongo.url, name);
    try {
      assert.deepEqual(await store.campaigns.get('earlier'), aCampaign({ id: 'earlier' }));
      assert.deepEqual(
        (await store.campaigns.list('tenant-a'))[0]?.options,
        defaultCampaignOptions(),
      );
    } finally {
      await store.close();
    }
  });
});

/** Clicks reaching two processes at once, twice each: one acknowledgement, the winner's time. */
async function assertAcknowledgedOnce(stores: Store[]): Promise<void> {
  const attempts = [...stores, ...stores].map((store, i) =>
    store.deliveries.acknowledge('c-1-d-1', T0 + (i + 1) * MINUTE),
  );
  const results = await Promise.all(attempts);
  assert.equal(results.filter(Boolean).length, 1, 'one acknowledgement recorded');
  const winner = results.indexOf(true);
  assert.equal(
    (await stores[0]!.deliveries.get('c-1-d-1'))?.acknowledgedAt,
    T0 + (winner + 1) * MINUTE,
  );
}

describe('dbNameFromUrl', function () {
  it('reads the database from the connection string path, if there is one', function () {
    assert.equal(
      dbNameFromUrl('mongodb://u:p@db1:27017,db2:27017/campaigns?replicaSet=rs0'),
      'campaigns',
    );
    assert.equal(
      dbNameFromUrl('mongodb+srv://cluster0.example.net/pushbot%2Dprod'),
      'pushbot-prod',
    );
    assert.equal(dbNameFromUrl('mongodb://localhost:27017/?directConnection=true'), undefined);
    assert.equal(dbNameFromUrl('mongodb://localhost:27017'), undefined);
  });
});

describe('SqliteStore on a file', function () {
  let dir: string;

  beforeEach(function () {
    dir = mkdtempSync(join(tmpdir(), 'pushbot-store-'));
  });

  afterEach(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the missing folder, uses WAL, and keeps data across close and reopen without re-migrating', async function () {
    const file = join(dir, 'nested', 'deeper', 'pushbot.sqlite');
    const first = openSqliteStore(file);
    assert.deepEqual(
      first.migrationsAppliedAtOpen,
      MIGRATIONS.map((m) => m.version),
    );
    assert.equal(first.db.pragma('journal_mode', { simple: true }), 'wal');
    await first.campaigns.create(aCampaign());
    await first.deliveries.insert(pendingDeliveries(3));
    await first.botStorage.write({ 'conv/1': { step: 4 } });
    await first.close();

    const second = openSqliteStore(file);
    try {
      assert.deepEqual(second.migrationsAppliedAtOpen, []);
      assert.deepEqual(
        appliedMigrations(second.db),
        MIGRATIONS.map((m) => m.version),
      );
      assert.deepEqual(await second.campaigns.get('c-1'), aCampaign());
      assert.equal((await second.deliveries.countByStatus('c-1')).pending, 3);
      assert.equal((await second.botStorage.read(['conv/1']))['conv/1']?.step, 4);
    } finally {
      await second.close();
    }
  });

  it('keeps the deliveries of an earlier version as originals, and takes reminders beside them', async function () {
    const file = join(dir, 'pushbot.sqlite');
    const earlier = new Database(file);
    migrate(
      earlier,
      MIGRATIONS.filter((m) => m.version < 15),
    );
    earlier
      .prepare(
        `INSERT INTO deliveries (id, campaign_id, email, status, due_at, attempts, day_cycle, step, updated_at)
         VALUES ('d-1', 'c-1', 'ann@example.com', 'sent', NULL, 1, 1, 0, 0)`,
      )
      .run();
    earlier.close();

    const upgraded = openSqliteStore(file);
    try {
      const original = await upgraded.deliveries.get('d-1');
      assert.equal(original?.reminderOf, undefined);
      const reminder = {
        ...original!,
        id: reminderId('d-1', 1),
        status: 'pending' as const,
        dueAt: T0,
        reminderOf: 'd-1',
        reminderNumber: 1,
      };
      await upgraded.deliveries.insert([reminder]);
      assert.deepEqual(await upgraded.deliveries.get(reminder.id), reminder);
      assert.equal((await upgraded.deliveries.countByStatus('c-1')).sent, 1);
    } finally {
      await upgraded.close();
    }
  });

  it('applies only the migration steps a file has not seen yet', async function () {
    const file = join(dir, 'pushbot.sqlite');
    await openSqliteStore(file).close();
    const reopened = openSqliteStore(file);
    try {
      const nextVersion = Math.max(...MIGRATIONS.map((m) => m.version)) + 1;
      const withNewStep = [
        ...MIGRATIONS,
        {
          version: nextVersion,
          name: 'test step',
          sql: 'CREATE TABLE added_later (x INTEGER) STRICT',
        },
      ];
      assert.deepEqual(migrate(reopened.db, withNewStep), [nextVersion]);
      assert.deepEqual(migrate(reopened.db, withNewStep), []);
      assert.deepEqual(appliedMigrations(reopened.db).at(-1), nextVersion);
      assert.equal(reopened.db.prepare('SELECT COUNT(*) FROM added_later').pluck().get(), 0);
    } finally {
      await reopened.close();
    }
  });

  it('counts campaigns running before migration 9 as planned from their start', async function () {
    const store = openSqliteStore(join(dir, 'pushbot.sqlite'));
    try {
      await store.campaigns.create(aCampaign({ id: 'running', status: 'running', startedAt: T0 }));
      await store.campaigns.create(aCampaign({ id: 'later', name: 'Later', status: 'scheduled' }));
      // The file as the version before migration 9 left it.
      store.db.exec(`ALTER TABLE campaigns DROP COLUMN planned_at;
                     DELETE FROM schema_migrations WHERE version = 9`);

      assert.deepEqual(migrate(store.db), [9]);
      assert.equal((await store.campaigns.get('running'))?.plannedAt, T0);
      assert.equal((await store.campaigns.get('later'))?.plannedAt, undefined);
    } finally {
      await store.close();
    }
  });

  it('reads a campaign saved before the options column with every option at its default', async function () {
    const store = openSqliteStore(join(dir, 'pushbot.sqlite'));
    try {
      await store.campaigns.create(aCampaign({ id: 'earlier' }));
      // The file as the version before the options column left it.
      const { version } = MIGRATIONS.find((m) => m.name === 'campaign options in one JSON column')!;
      store.db.exec(`ALTER TABLE campaigns DROP COLUMN options;
                     DELETE FROM schema_migrations WHERE version = ${version}`);

      assert.deepEqual(migrate(store.db), [version]);
      assert.deepEqual(await store.campaigns.get('earlier'), aCampaign({ id: 'earlier' }));
      assert.deepEqual(
        (await store.campaigns.list('tenant-a'))[0]?.options,
        defaultCampaignOptions(),
      );
    } finally {
      await store.close();
    }
  });

  it('lets two connections to one file claim disjoint deliveries', async function () {
    const file = join(dir, 'shared.sqlite');
    const a = openSqliteStore(file);
    const b = openSqliteStore(file);
    try {
      await a.deliveries.insert(pendingDeliveries(5));
      const now = T0 + 10 * MINUTE;
      const byA = await a.deliveries.claimDue(now, 3, 'worker-a', now + MINUTE);
      const byB = await b.deliveries.claimDue(now, 3, 'worker-b', now + MINUTE);
      assert.deepEqual(
        byA.map((d) => d.id),
        ['c-1-d-1', 'c-1-d-2', 'c-1-d-3'],
      );
      assert.deepEqual(
        byB.map((d) => d.id),
        ['c-1-d-4', 'c-1-d-5'],
      );
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('lets two connections to one file acknowledge a delivery once between them', async function () {
    const file = join(dir, 'acknowledged.sqlite');
    const a = openSqliteStore(file);
    const b = openSqliteStore(file);
    try {
      await a.deliveries.insert([
        { ...pendingDeliveries(1)[0]!, status: 'sent', dueAt: null, sentAt: T0 },
      ]);
      await assertAcknowledgedOnce([a, b]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('openStore without a MongoDB URL opens <dataDir>/pushbot.sqlite', async function () {
    const dataDir = join(dir, 'data');
    const store = await openStore({ dataDir });
    try {
      assert.equal(store.kind, 'sqlite');
      assert.ok(existsSync(join(dataDir, 'pushbot.sqlite')));
    } finally {
      await store.close();
    }
  });
});

for (const kind of STORE_KINDS) {
  describe(`openStore (${kind})`, function () {
    let storage: TestStorage | undefined;
    let store: OpenStore | undefined;

    beforeEach(async function () {
      storage = await freshStorage(kind, this);
      store = await storage.open();
    });

    afterEach(async () => {
      await store?.close();
      await storage?.remove();
      store = undefined;
      storage = undefined;
    });

    it('gives Agenda a backend that keeps the jobs in the store’s own database', async function () {
      const agenda = createAgenda({ backend: agendaBackendFor(store!) });
      await agenda.now('probe', { campaignId: 'c-1' });
      await agenda.stop(false);
      assert.equal(store!.kind, kind);
      assert.deepEqual(await jobNamesInDatabase(store!), ['probe']);
      assert.equal(
        (await store!.campaigns.list('tenant-a')).length,
        0,
        'and the store still works',
      );
    });
  });
}

/** Read from the database itself, beside Agenda: the table or collection it writes to. */
async function jobNamesInDatabase(store: Store): Promise<string[]> {
  if (store.kind === 'sqlite') {
    return (store as SqliteStore).db
      .prepare('SELECT name FROM agenda_jobs')
      .pluck()
      .all() as string[];
  }
  const jobs = await (store as MongoStore).db.collection('agendaJobs').find().toArray();
  return jobs.map((job) => job.name as string);
}
