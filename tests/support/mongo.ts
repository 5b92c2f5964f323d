/**
 * Where MongoDB-backed tests get a server, in this order:
 * 1. `MONGODB_URL` when set (a real MongoDB, e.g. the GitHub Actions `mongo:7` service);
 * 2. the MongoDB wire-protocol test server of `scripts/mongo-server` when `java` is on PATH;
 * 3. a throw-away mongodb-memory-server (needs to download a mongod binary);
 * otherwise the caller gets a one-line reason to skip with. Under `CI=true` a skip is a
 * failure (see `skipWithoutMongo`): CI must prove the MongoDB half, never pass without it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { MongoBinary, MongoMemoryServer } from 'mongodb-memory-server-core';

export type MongoForTests = { url: string; stop(): Promise<void> } | { skipReason: string };

/** The first start fetches the jars from Maven Central; later starts take about a second. */
const JAVA_START_LIMIT_MS = 240_000;
/** Long enough for a cached binary to start, short enough that an offline run moves on quickly. */
const MEMORY_SERVER_START_LIMIT_MS = 12_000;

const launcher = fileURLToPath(new URL('../../scripts/mongo-server/run.sh', import.meta.url));

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}

let shared: Promise<MongoForTests> | undefined;

/**
 * One answer per test run: every suite that needs MongoDB shares the same server (each uses
 * its own database), and an unavailable server is found out only once. The server lives
 * until the test process exits; `stop` is therefore a no-op for callers.
 */
export function mongoForTests(): Promise<MongoForTests> {
  shared ??= startMongo();
  return shared;
}

/**
 * Skips the current suite for want of a MongoDB server, except under CI where the reason
 * becomes a failure: a green CI must have run every MongoDB test.
 */
export function skipWithoutMongo(context: Mocha.Context, reason: string): never {
  if (process.env.CI === 'true') {
    throw new Error(`MongoDB tests cannot be skipped under CI=true: ${reason}`);
  }
  console.log(`    MongoDB leg skipped: ${reason}`);
  context.skip();
}

/** The server's URL with another database name in its path. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function startMongo(): Promise<MongoForTests> {
  const configured = process.env.MONGODB_URL;
  if (configured) return { url: configured, stop: async () => {} };

  const reasons: string[] = [];
  if (javaAvailable()) {
    try {
      return await startJavaServer();
    } catch (error) {
      reasons.push(`mongo-java-server failed: ${oneLine(error)}`);
    }
  } else {
    reasons.push('no java on PATH for mongo-java-server');
  }
  try {
    return await startMemoryServer();
  } catch (error) {
    reasons.push(`mongodb-memory-server failed: ${oneLine(error)}`);
  }
  return { skipReason: `MONGODB_URL not set; ${reasons.join('; ')}` };
}

function javaAvailable(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

function startJavaServer(): Promise<MongoForTests> {
  const child = spawn('bash', [launcher, '--exit-when-stdin-closes', '0', 'pushbot_tests'], {
    // stdin stays open as a pipe: when this process exits, the server sees end of input and stops.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return new Promise<MongoForTests>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(new Error(`no MONGODB_URL line within ${JAVA_START_LIMIT_MS / 1000} s`));
    }, JAVA_START_LIMIT_MS);
    const lines = createInterface({ input: child.stdout! });
    const fail = (error: Error) => {
      clearTimeout(timer);
      lines.close();
      child.kill('SIGKILL');
      reject(new Error(`${error.message} ${stderr.join('').slice(-400)}`));
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`launcher exited with code ${code}`)));
    lines.once('line', (line) => {
      const match = /^MONGODB_URL=(\S+)$/.exec(line.trim());
      if (!match) return fail(new Error(`unexpected first line: ${line.slice(0, 200)}`));
      clearTimeout(timer);
      child.removeAllListeners('exit');
      detachFromEventLoop(child);
      resolve({ url: match[1]!, stop: async () => {} });
    });
  });
}

/** The server must not keep mocha alive, nor be waited for when the run ends. */
function detachFromEventLoop(child: ChildProcess): void {
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
}

async function startMemoryServer(): Promise<MongoForTests> {
  // Resolving the binary first keeps an offline failure quiet: MongoMemoryServer.create()
  // would also print a multi-line stack of its own.
  const starting = MongoBinary.getPath().then(() => MongoMemoryServer.create());
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `no mongod binary became available within ${MEMORY_SERVER_START_LIMIT_MS / 1000} s (none cached, download not finished)`,
          ),
        ),
      MEMORY_SERVER_START_LIMIT_MS,
    );
  });
  try {
    const server = await Promise.race([starting, timedOut]);
    return { url: server.getUri(), stop: async () => {} };
  } catch (error) {
    // A server that comes up after we gave up must not outlive the test run.
    starting.then((late) => late.stop()).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
