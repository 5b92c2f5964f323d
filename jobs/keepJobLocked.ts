/**
 * Agenda takes a job whose lock was not renewed within its lock lifetime (10 minutes by
 * default) for dead: it fails it, retries it, and another process may pick it up while the
 * first run still goes on. A campaign start that reads a large directory at Graph's pace can
 * take longer than that, so its lock is renewed while it works — on the injected clock, which
 * is the time Agenda's own lock check reads.
 */
import type { Job } from 'agenda';
import type { Clock } from '../src/application/ports/Clock.js';

/** A third of Agenda's default lock lifetime: two renewals may be late before it expires. */
export const LOCK_RENEWAL_MS = 200_000;

export async function whileKeepingLock<T>(
  job: Pick<Job, 'touch'>,
  clock: Clock,
  work: () => Promise<T>,
): Promise<T> {
  const done = new AbortController();
  const renewals = (async () => {
    for (;;) {
      await clock.sleep(LOCK_RENEWAL_MS, done.signal);
      if (done.signal.aborted) return;
      // A renewal lost to a store hiccup is made up by the next one, well inside the lifetime.
      await job.touch().catch(() => undefined);
    }
  })();
  try {
    return await work();
  } finally {
    done.abort();
    await renewals;
  }
}
