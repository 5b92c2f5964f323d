/**
 * Real processes for the cluster test: the built app (`node dist/src/main.js`) and the stand-in
 * Bot Connector, each in its own process on 127.0.0.1.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { EditedActivity, ReceivedActivity } from '../../support/standInConnector.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Compiles the app as `npm run build` does, so the processes run what operators run. Without
 * the type check (`npm run typecheck` does it): with `isolatedModules` every file is emitted on
 * its own, so the JavaScript is the same byte for byte, in a third less time.
 */
export function buildApp(): void {
  execFileSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--noCheck'],
    { cwd: repoRoot, stdio: 'inherit' },
  );
}

export interface StandInConnector {
  serviceUrl: string;
  arrivals(): Promise<ReceivedActivity[]>;
  /** Every DELETE and PUT of a sent activity, in arrival order. */
  edits(): Promise<EditedActivity[]>;
  stop(): void;
}

/** `env` configures the stand-in (e.g. DELETE_ANSWER_DELAY_MS). */
export async function startStandInConnector(
  env: Record<string, string> = {},
): Promise<StandInConnector> {
  const script = fileURLToPath(
    new URL('../../support/standInConnectorProcess.ts', import.meta.url),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  let port: number | undefined;
  for await (const line of lines) {
    port = Number(line);
    break;
  }
  if (!port) throw new Error('the stand-in Bot Connector did not start');
  const base = `http://127.0.0.1:${port}`;
  return {
    serviceUrl: `${base}/`,
    arrivals: async () => (await (await fetch(`${base}/arrivals`)).json()) as ReceivedActivity[],
    edits: async () => (await (await fetch(`${base}/edits`)).json()) as EditedActivity[],
    stop: () => child.kill('SIGTERM'),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface AppProcess {
  baseUrl: string;
  child: ChildProcess;
  /** What the process wrote to stderr, for a failure's message. */
  errors: string[];
  health(): Promise<{ dispatchWorker: { workerId: string; state: string; claimed: number } }>;
}

/** Starts `node dist/src/main.js` with `env` and resolves once /healthz answers. */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--disable-warning=DEP0111', '--max-old-space-size=512', 'dist/src/main.js'],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const errors: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString('utf8')));
  const baseUrl = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    baseUrl,
    child,
    errors,
    health: async () => (await (await fetch(`${baseUrl}/healthz`)).json()) as never,
  };
  // Up to a minute: on a loaded machine a process loading the app and connecting takes a while.
  for (let tries = 0; tries < 600; tries++) {
    if (child.exitCode !== null) throw new Error(`app exited: ${errors.join('')}`);
    try {
      await app.health();
      return app;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`app did not answer /healthz: ${errors.join('')}`);
}

/** The most arrivals inside any 1-second window (half-open), per tenant. */
export function maxPerSlidingSecond(arrivals: ReceivedActivity[]): number {
  const byTenant = new Map<string, number[]>();
  for (const a of arrivals) {
    const key = a.tenantId ?? '';
    byTenant.set(key, [...(byTenant.get(key) ?? []), a.at]);
  }
  let max = 0;
  for (const times of byTenant.values()) {
    times.sort((x, y) => x - y);
    let first = 0;
    for (let last = 0; last < times.length; last++) {
      while (times[last]! - times[first]! >= 1_000) first++;
      max = Math.max(max, last - first + 1);
    }
  }
  return max;
}
