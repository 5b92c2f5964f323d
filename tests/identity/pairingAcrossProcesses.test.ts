/**
 * The pairing store's atomic steps hold between processes sharing one store, as several bot
 * processes do: one account's wrong codes are counted up to its limit only, and a code is
 * used once, however the processes' writes interleave.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PAIRING_MAX_WRONG_PER_ACCOUNT } from '../../src/domain/pairing.js';
import type { StoreKind } from '../../src/store/Store.js';
import { STORE_KINDS, freshStorage, type TestStorage } from '../support/testStorage.js';
import { T0, aPairingCode } from '../store/fixtures.js';

const CHILD = fileURLToPath(new URL('./support/pairingProcess.ts', import.meta.url));
const PROCESSES = 3;
const WRONG_TRIES_EACH = 10;

interface ChildReport {
  used: string;
  counted: number;
}

function startChild(env: Record<string, string>, name: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, String(T0), name, 'p-1', String(WRONG_TRIES_EACH)],
    { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (stdout.split('\n').includes('ready')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const report = new Promise<ChildReport>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${name} exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildReport);
    });
  });
  return { ready, go: () => child.stdin.write('go\n'), report };
}

for (const kind of STORE_KINDS) describeAcrossProcesses(kind);

function describeAcrossProcesses(kind: StoreKind): void {
  describe(`pairing store across ${PROCESSES} processes (${kind})`, function () {
    this.timeout(120_000);
    let storage: TestStorage;

    afterEach(async function () {
      await storage?.remove();
    });

    it('counts one account’s concurrent wrong codes up to its limit only, and uses a code once', async function () {
      storage = await freshStorage(kind, this);
      const store = await storage.open();
      await store.pairing.save(aPairingCode({ id: 'p-1' }));

      const children = Array.from({ length: PROCESSES }, (_, i) =>
        startChild(storage.env, `process-${i}`),
      );
      await Promise.all(children.map((c) => c.ready));
      for (const child of children) child.go();
      const reports = await Promise.all(children.map((c) => c.report));

      const counted = reports.reduce((sum, r) => sum + r.counted, 0);
      assert.equal(counted, PAIRING_MAX_WRONG_PER_ACCOUNT, JSON.stringify(reports));
      assert.equal((await store.pairing.guesser('skype:live:shared'))?.failures, 4);
      assert.deepEqual(
        reports.map((r) => r.used).filter((u) => u === 'used'),
        ['used'],
        JSON.stringify(reports),
      );
      await store.close();
    });
  });
}
