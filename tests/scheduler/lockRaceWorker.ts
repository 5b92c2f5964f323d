/**
 * A child process on the shared file: once told to go, it locks due jobs until none is left
 * and reports their ids.
 */
import { once } from 'node:events';
import { SqliteJobRepository } from '../../src/scheduler/SqliteJobRepository.js';

const [filePath, jobName] = process.argv.slice(2) as [string, string];
const repository = new SqliteJobRepository({ filePath });
await repository.connect();
process.send?.('ready');
await once(process, 'message');

const farFuture = new Date(Date.now() + 60 * 60_000);
const longAgo = new Date(0);
const lockedIds: string[] = [];
for (;;) {
  const job = await repository.getNextJobToRun(jobName, farFuture, longAgo, undefined, undefined);
  if (!job) break;
  lockedIds.push(String(job._id));
}
await repository.disconnect();
process.send?.(lockedIds);
