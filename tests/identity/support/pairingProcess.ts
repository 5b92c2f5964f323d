/**
 * One process of the across-processes pairing test: opens the store named by DATA_DIR (and
 * MONGODB_URL), prints "ready", waits for "go" on stdin, then at once says `WRONG_TRIES` wrong
 * codes as the shared account and tries to use the code `CODE_ID` as its own account. Prints
 * what the store answered, as one JSON line.
 */
import { createInterface } from 'node:readline';
import { openStore } from '../../../src/store/openStore.js';

const [nowText, processName, codeId, wrongTries] = process.argv.slice(2);
const now = Number(nowText);

const store = await openStore({
  dataDir: process.env.DATA_DIR!,
  mongodbUrl: process.env.MONGODB_URL,
});
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) if (line === 'go') break;

const [use, ...failures] = await Promise.all([
  store.pairing.use(codeId!, `skype:live:${processName}`, now),
  ...Array.from({ length: Number(wrongTries) }, () =>
    store.pairing.countFailure('skype:live:shared', [codeId!], now),
  ),
]);
await store.close();
console.log(JSON.stringify({ used: use!.kind, counted: failures.filter((f) => f.counted).length }));
process.exit(0);
