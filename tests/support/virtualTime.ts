/**
 * Driving a ManualClock while the code under test waits on it (rate slots, retries, claims):
 * time moves only when everything that can move without it has moved.
 */
import type { ManualClock } from '../../src/clock.js';

/**
 * Lets every promise chain that can move without the clock move, store round trips included.
 * `ioWaitMs` is how long each of the three rounds also waits in real time: more where HTTP
 * requests to our own server must land (the end-to-end tests).
 */
export async function settle(ioWaitMs = 1): Promise<void> {
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, ioWaitMs));
  }
}

/**
 * Resolves with `work` once done, moving the clock from timer to timer whenever `work` waits on
 * it only. `maxAdvanceMs` bounds the total move: a test that waits for ever fails instead.
 */
export async function inVirtualTime<T>(
  clock: ManualClock,
  work: Promise<T>,
  maxAdvanceMs = 3_600_000,
): Promise<T> {
  let done = false;
  const finished = work.finally(() => (done = true));
  const start = clock.now().toMillis();
  const settled = finished.then(
    () => undefined,
    () => undefined,
  );
  for (;;) {
    await Promise.race([settled, settle()]);
    if (done) return finished;
    const next = clock.nextTimerAt();
    if (next === null) continue;
    if (next - start > maxAdvanceMs) throw new Error(`still waiting ${maxAdvanceMs} ms later`);
    clock.advance({ milliseconds: next - clock.now().toMillis() });
  }
}

/**
 * Moves the clock from timer to timer (e.g. of a running worker) until `done`, at most
 * `maxAdvanceMs`; returns whether `done` came true. A step is at most `maxStepMs`: a store
 * round trip still under way when the clock jumps sees the time of a paused process, so a
 * test whose timing is finer than that (rate slots) takes small steps.
 */
export async function advanceUntil(
  clock: ManualClock,
  done: () => boolean | Promise<boolean>,
  maxAdvanceMs: number,
  maxStepMs = Number.POSITIVE_INFINITY,
  /** Calls still under way that time must wait for (e.g. storeCallsInFlight's count). */
  inFlight: () => number = () => 0,
): Promise<boolean> {
  const end = clock.now().toMillis() + maxAdvanceMs;
  for (;;) {
    await settle();
    if (await done()) return true;
    const next = clock.nextTimerAt();
    // No timer: a store round trip is still under way.
    if (next === null || inFlight() > 0) continue;
    if (next > end) return false;
    const now = clock.now().toMillis();
    clock.advance({ milliseconds: Math.min(Math.max(next - now, 0), maxStepMs) });
  }
}
