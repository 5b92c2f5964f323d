/**
 * A sliding-window limiter over one or more windows (e.g. 7/s and 60/30 s and 1,800/h at
 * once). It keeps the grant times of the last `limit` acquisitions per window, so no
 * interval of `intervalMs` ever holds more than `limit` grants — a token bucket would let
 * a full burst through right after a refill and break the "60 per 30 s" kind of rule.
 */
import { systemClock } from '../clock.js';
import { type Clock } from '../application/ports/Clock.js';
import { realSleep, type Sleep } from './sleep.js';

export interface RateWindow {
  limit: number;
  intervalMs: number;
}

export interface RateLimiterOptions {
  windows: readonly RateWindow[];
  clock?: Clock;
  sleep?: Sleep;
}

export class RateLimiter {
  private readonly windows: readonly RateWindow[];
  /** Per window, grant times (epoch ms), oldest first. */
  private readonly grants: number[][];
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  /** Callers are served one after the other, in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    if (options.windows.length === 0) {
      throw new Error('RateLimiter needs at least one window');
    }
    for (const w of options.windows) {
      if (!(w.limit >= 1) || !(w.intervalMs > 0)) {
        throw new Error(`Invalid rate window ${w.limit}/${w.intervalMs} ms`);
      }
    }
    this.windows = options.windows;
    this.grants = options.windows.map(() => []);
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Resolves once the caller may make one request; the grant is counted from that moment. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.clock.now().toMillis();
      this.forgetExpired(now);
      const waitMs = this.waitNeeded(now);
      if (waitMs <= 0) {
        for (const g of this.grants) {
          g.push(now);
        }
        return;
      }
      await this.sleep(waitMs);
    }
  }

  private forgetExpired(now: number): void {
    this.windows.forEach((w, i) => {
      const g = this.grants[i]!;
      while (g.length > 0 && g[0]! <= now - w.intervalMs) {
        g.shift();
      }
    });
  }

  /** How long until every window has room; the oldest grant of a full window must expire. */
  private waitNeeded(now: number): number {
    let waitMs = 0;
    this.windows.forEach((w, i) => {
      const g = this.grants[i]!;
      if (g.length >= w.limit) {
        waitMs = Math.max(waitMs, g[0]! + w.intervalMs - now);
      }
    });
    return waitMs;
  }
}
