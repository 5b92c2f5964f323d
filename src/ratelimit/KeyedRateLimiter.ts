/**
 * One RateLimiter per key (a conversation, a tenant), created on first use. The map is
 * bounded so 100k recipients do not keep 100k limiters alive: past `maxKeys` the least
 * recently used limiter is forgotten. A campaign sends one message per conversation, so the
 * forgotten ones are conversations nobody is writing to; a key that comes back starts with
 * a fresh history.
 */
import { systemClock } from '../clock.js';
import { type Clock } from '../application/ports/Clock.js';
import { RateLimiter, type RateWindow } from './RateLimiter.js';
import { realSleep, type Sleep } from './sleep.js';

export interface KeyedRateLimiterOptions {
  windows: readonly RateWindow[];
  maxKeys: number;
  clock?: Clock;
  sleep?: Sleep;
}

export class KeyedRateLimiter {
  /** Insertion order is recency order: a used key is moved to the end. */
  private readonly limiters = new Map<string, RateLimiter>();
  private readonly windows: readonly RateWindow[];
  private readonly maxKeys: number;
  private readonly clock: Clock;
  private readonly sleep: Sleep;

  constructor(options: KeyedRateLimiterOptions) {
    if (!(options.maxKeys >= 1)) {
      throw new Error('KeyedRateLimiter needs maxKeys ≥ 1');
    }
    this.windows = options.windows;
    this.maxKeys = options.maxKeys;
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
  }

  acquire(key: string): Promise<void> {
    return this.limiterFor(key).acquire();
  }

  /** Number of keys currently remembered. */
  get size(): number {
    return this.limiters.size;
  }

  private limiterFor(key: string): RateLimiter {
    let limiter = this.limiters.get(key);
    if (limiter === undefined) {
      limiter = new RateLimiter({ windows: this.windows, clock: this.clock, sleep: this.sleep });
    } else {
      this.limiters.delete(key);
    }
    this.limiters.set(key, limiter);
    this.evictBeyondBound();
    return limiter;
  }

  private evictBeyondBound(): void {
    while (this.limiters.size > this.maxKeys) {
      const leastRecent = this.limiters.keys().next().value as string;
      this.limiters.delete(leastRecent);
    }
  }
}
