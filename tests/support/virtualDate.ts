/**
 * Agenda reads the time from `Date` (its own business, no clock option). An end-to-end test in
 * virtual time therefore makes `Date` read the injected ManualClock, so the scheduler, the
 * dispatch worker and every business rule see one time. Timers stay real: Agenda's scans and
 * the tests' waits still run on the event loop.
 */
import type { ManualClock } from '../../src/clock.js';

/** Makes `Date.now()` and `new Date()` read `clock` until the returned function is called. */
export function dateReads(clock: ManualClock): () => void {
  const RealDate = globalThis.Date;
  class VirtualDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(clock.now().toMillis());
      else super(...(args as [string | number]));
    }

    static override now(): number {
      return clock.now().toMillis();
    }
  }
  globalThis.Date = VirtualDate as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
  };
}
