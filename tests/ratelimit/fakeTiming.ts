/** A ManualClock and a sleep that moves it instead of waiting, recording every wait. */
import { DateTime } from 'luxon';
import { ManualClock } from '../../src/clock.js';
import type { Sleep } from '../../src/ratelimit/sleep.js';

export interface FakeTiming {
  clock: ManualClock;
  sleep: Sleep;
  /** Every duration passed to `sleep`, in call order. */
  sleeps: number[];
  /** Milliseconds since the start. */
  elapsed(): number;
}

export function fakeTiming(startIso = '2026-03-02T09:00:00Z'): FakeTiming {
  const start = DateTime.fromISO(startIso, { zone: 'utc' });
  const clock = new ManualClock(start);
  const sleeps: number[] = [];
  return {
    clock,
    sleeps,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance({ milliseconds: ms });
    },
    elapsed: () => clock.now().toMillis() - start.toMillis(),
  };
}
