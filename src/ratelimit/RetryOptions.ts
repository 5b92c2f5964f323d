import { systemClock } from '../clock.js';
import { type Clock } from '../application/ports/Clock.js';
import { realSleep, type Sleep } from './sleep.js';

/** How an outbound HTTP adapter retries throttled or failing calls; every field has a default. */
export interface RetryOptions {
  clock?: Clock;
  sleep?: Sleep;
  /** Jitter source, 0 ≤ x < 1. */
  random?: () => number;
  /** Tries per call, the first one included. Default 3. */
  maxAttempts?: number;
  /** First backoff step when the server gives no Retry-After. Default 1 s. */
  backoffBaseMs?: number;
  /** A longer Retry-After is not slept here but ends the tries at once. Default 30 s. */
  maxInlineWaitMs?: number;
  /** A request without an answer by then is abandoned. Default 30 s. */
  requestTimeoutMs?: number;
}

export type RetrySettings = Required<RetryOptions>;

/** The options with their defaults filled in. */
export function retrySettings(options: RetryOptions): RetrySettings {
  return {
    clock: options.clock ?? systemClock,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    maxAttempts: options.maxAttempts ?? 3,
    backoffBaseMs: options.backoffBaseMs ?? 1_000,
    maxInlineWaitMs: options.maxInlineWaitMs ?? 30_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
  };
}
