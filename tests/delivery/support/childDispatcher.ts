/** Starts tests/delivery/fixtures/dispatcherProcess.ts as a separate Node process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DispatchSummary } from '../../../src/delivery/DeliveryDispatcher.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/dispatcherProcess.ts', import.meta.url));

export interface ChildResult {
  summary: DispatchSummary;
  claimed: string[];
}

export interface ChildDispatcher {
  process: ChildProcess;
  /** Resolves once the child printed "ready" (only with waitForGo). */
  ready: Promise<void>;
  go(): void;
  /** The exit code (null when killed by a signal) and, after a clean exit, what it reported. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; result?: ChildResult }>;
}

export function startChildDispatcher(options: {
  /** DATA_DIR, and MONGODB_URL on MongoDB: the store the child opens. */
  storageEnv: Record<string, string>;
  nowIso: string;
  workerId: string;
  batchSize?: number;
  waitForGo?: boolean;
}): ChildDispatcher {
  const args = [options.nowIso, options.workerId];
  if (options.batchSize !== undefined) args.push(String(options.batchSize));
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], {
    env: {
      ...process.env,
      ...options.storageEnv,
      WAIT_FOR_GO: options.waitForGo ? '1' : '0',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (stdout.split('\n').includes('ready')) markReady();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<Awaited<ChildDispatcher['exited']>>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0 && signal === null) {
        reject(new Error(`dispatcher ${options.workerId} exited with ${code}: ${stderr}`));
        return;
      }
      const last = stdout.trim().split('\n').pop() ?? '';
      resolve({ code, signal, result: code === 0 ? (JSON.parse(last) as ChildResult) : undefined });
    });
  });
  return { process: child, ready, go: () => child.stdin!.write('go\n'), exited };
}
