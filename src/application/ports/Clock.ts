import type { DateTime } from 'luxon';

/**
 * The one time seam: every read of "now" and every timer goes through a Clock, so tests drive
 * time (and Agenda reads the same time, see tests/support/virtualTime.ts).
 */
export interface Clock {
  now(): DateTime;
  /** Resolves once `ms` have passed on this clock, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
