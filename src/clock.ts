import { DateTime } from 'luxon';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from './application/ports/Clock.js';

export const systemClock: Clock = {
  now: () => DateTime.utc(),
  sleep: async (ms, signal) => {
    if (signal?.aborted) return;
    await delay(Math.max(0, ms), undefined, { signal }).catch((error: unknown) => {
      if (!signal?.aborted) throw error;
    });
  },
};

interface PendingTimer {
  at: number;
  resolve: () => void;
  /** Stops listening to the caller's abort signal. */
  forget: () => void;
}

/** A clock tests move by hand; its timers fire when it is moved past them. */
export class ManualClock implements Clock {
  private current: DateTime;
  private timers: PendingTimer[] = [];

  constructor(start: DateTime) {
    this.current = start;
  }

  now(): DateTime {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = () => this.fire(timer);
      const timer: PendingTimer = {
        // Whole milliseconds, as the instants this clock can be set to.
        at: this.current.toMillis() + Math.ceil(ms),
        resolve,
        forget: () => signal?.removeEventListener('abort', onAbort),
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** When the earliest pending timer fires (epoch ms), or null when none is pending. */
  nextTimerAt(): number | null {
    return this.timers.reduce<number | null>(
      (min, t) => (min === null || t.at < min ? t.at : min),
      null,
    );
  }

  set(instant: DateTime): void {
    this.current = instant;
    for (const timer of this.timers.filter((t) => t.at <= instant.toMillis())) this.fire(timer);
  }

  advance(duration: {
    milliseconds?: number;
    seconds?: number;
    minutes?: number;
    hours?: number;
    days?: number;
  }): void {
    this.set(this.current.plus(duration));
  }

  private fire(timer: PendingTimer): void {
    this.timers = this.timers.filter((t) => t !== timer);
    timer.forget();
    timer.resolve();
  }
}
