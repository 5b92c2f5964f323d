/**
 * The job stores the scheduler tests run against: the SQLite file (always) and MongoDB via
 * Agenda's official backend (when tests/support/mongo.ts can provide a server).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { AgendaBackend, JobRepository } from 'agenda';
import { MongoClient } from 'mongodb';
import { mongoBackend, sqliteBackend } from '../../src/scheduler/createAgenda.js';
import { SqliteJobRepository } from '../../src/scheduler/SqliteJobRepository.js';
import { mongoForTests } from '../support/mongo.js';

/** One empty job store; every open* call is a separate connection to it, as another process would have. */
export interface JobStoreUnderTest {
  openBackend(): Promise<AgendaBackend>;
  openRepository(): Promise<JobRepository>;
  dispose(): Promise<void>;
}

export interface JobStoreKind {
  name: string;
  /** Returns a reason when this kind cannot run here. */
  setUp(): Promise<string | undefined>;
  createStore(): Promise<JobStoreUnderTest>;
  tearDown(): Promise<void>;
}

export const sqliteJobStores: JobStoreKind = {
  name: 'SQLite',
  setUp: async () => undefined,
  async createStore() {
    const dir = mkdtempSync(join(tmpdir(), 'agenda-sqlite-'));
    const filePath = join(dir, 'jobs.sqlite');
    const opened: { disconnect(): Promise<void> }[] = [];
    return {
      async openBackend() {
        const backend = sqliteBackend(filePath);
        opened.push(backend);
        return backend;
      },
      async openRepository() {
        const repository = new SqliteJobRepository({ filePath });
        await repository.connect();
        opened.push(repository);
        return repository;
      },
      async dispose() {
        await Promise.all(opened.map((connection) => connection.disconnect()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  tearDown: async () => undefined,
};

function mongoJobStores(): JobStoreKind {
  let url: string | undefined;
  let stop: (() => Promise<void>) | undefined;
  // Finding out that no server can start takes seconds; every test file asks only once.
  let unavailable: string | undefined;
  return {
    name: 'MongoDB',
    async setUp() {
      if (unavailable) return unavailable;
      const server = await mongoForTests();
      if ('skipReason' in server) {
        unavailable = server.skipReason;
        return unavailable;
      }
      url = server.url;
      stop = server.stop;
      return undefined;
    },
    async createStore() {
      const dbName = `agenda_${randomUUID().replace(/-/g, '')}`;
      const clients: MongoClient[] = [];
      const connect = async () => {
        const client = await MongoClient.connect(url!);
        clients.push(client);
        return client.db(dbName);
      };
      return {
        openBackend: async () => mongoBackend(await connect()),
        async openRepository() {
          const backend = new MongoBackend({ mongo: await connect(), collection: 'agendaJobs' });
          await backend.connect();
          return backend.repository;
        },
        async dispose() {
          if (clients[0]) await clients[0].db(dbName).dropDatabase();
          await Promise.all(clients.map((client) => client.close()));
        },
      };
    },
    async tearDown() {
      await stop?.();
      stop = undefined;
    },
  };
}

export const jobStoreKinds: JobStoreKind[] = [sqliteJobStores, mongoJobStores()];
