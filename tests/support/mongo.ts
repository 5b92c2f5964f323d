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

export async function mongoForTests(): Promise<MongoForTests> {
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
    return {
      url: server.getUri(),
      stop: async () => {
        await server.stop();
      },
    };
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
