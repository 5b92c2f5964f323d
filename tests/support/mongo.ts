/**
 * Where MongoDB-backed tests get a server: MONGODB_URL when set, else a throw-away
 * mongodb-memory-server. Without either (e.g. offline, where the mongod binary cannot be
 * downloaded) the caller gets a one-line reason to skip with — never a silent pass.
 */
import { MongoBinary, MongoMemoryServer } from 'mongodb-memory-server-core';

export type MongoForTests = { url: string; stop(): Promise<void> } | { skipReason: string };

/** Long enough for a cached binary to start, short enough that an offline run moves on quickly. */
const START_LIMIT_MS = 12_000;

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}

let shared: Promise<MongoForTests> | undefined;

/**
 * One answer per test run: every suite that needs MongoDB shares the same server (each uses
 * its own database), and an offline run pays the failed start only once.
 */
export function mongoForTests(): Promise<MongoForTests> {
  shared ??= startMongo();
  return shared;
}

async function startMongo(): Promise<MongoForTests> {
  const configured = process.env.MONGODB_URL;
  if (configured) return { url: configured, stop: async () => {} };

  // Resolving the binary first keeps an offline failure quiet: MongoMemoryServer.create()
  // would also print a multi-line stack of its own.
  const starting = MongoBinary.getPath().then(() => MongoMemoryServer.create());
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `no mongod binary became available within ${START_LIMIT_MS / 1000} s (none cached, download not finished)`,
          ),
        ),
      START_LIMIT_MS,
    );
  });
  try {
    const server = await Promise.race([starting, timedOut]);
    // Shared by every suite: mongodb-memory-server stops its mongod when this process exits.
    return { url: server.getUri(), stop: async () => {} };
  } catch (error) {
    // A server that comes up after we gave up must not outlive the test run.
    starting.then((late) => late.stop()).catch(() => undefined);
    return {
      skipReason: `MONGODB_URL not set and mongodb-memory-server failed: ${oneLine(error)}`,
    };
  } finally {
    clearTimeout(timer);
  }
}
