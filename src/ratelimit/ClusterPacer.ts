/**
 * A rate shared by every process on the store: each request reserves the next slot of its key
 * through the store (SendRateStore.reserveSlot), then waits on the clock until that slot.
 * Slots are evenly spaced, so no window of any length holds more than its share — the
 * property a sliding "n per second" limit asks for — and N processes together reach the
 * rate, because whoever asks next gets the next free slot.
 */
import type { Clock } from '../application/ports/Clock.js';
import type { SendRateStore } from '../application/ports/repositories.js';
import type { RateWindow } from './RateLimiter.js';

/**
 * Slots are spaced for this share of the documented limit: network jitter can bring two
 * requests closer together on arrival than they left, and the limit is counted on arrival.
 */
export const PACING_SHARE = 0.93;

/** The evenly spaced pace that keeps every one of `windows`, with the jitter margin. */
export function slotIntervalMs(windows: readonly RateWindow[]): number {
  const tightest = Math.max(...windows.map((w) => w.intervalMs / w.limit));
  return tightest / PACING_SHARE;
}

interface Waiter {
  resolve: (slot: number) => void;
  reject: (error: unknown) => void;
}

export class ClusterPacer {
  /** Per key, callers waiting for the next reservation; one reservation per key in flight. */
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly reserving = new Set<string>();
  private readonly burstMs: number;

  constructor(
    private readonly slots: SendRateStore,
    private readonly clock: Clock,
    /** Prefix of the store keys, e.g. 'tenant' or 'conversation'. */
    private readonly scope: string,
    private readonly intervalMs: number,
    /**
     * Requests a key that was idle may make at once, before the even spacing applies: a few
     * Graph reads in one chat turn then wait for nothing. The limit's window must hold this
     * burst on top of its paced share.
     */
    burst = 0,
  ) {
    this.burstMs = burst * intervalMs;
  }

  /**
   * Resolves at this caller's slot: it may then make one request. Slots of an idle key start
   * up to `burst` intervals in the past. A caller that wakes up more than half an interval late
   * (a busy event loop) gives its slot up and takes another: using it late would crowd the next
   * callers' slots into fewer milliseconds than the limit allows.
   */
  async acquire(key = ''): Promise<void> {
    for (;;) {
      const slot = await this.nextSlot(key);
      await this.clock.sleep(slot - this.clock.now().toMillis());
      if (this.clock.now().toMillis() - slot <= this.intervalMs / 2 + this.burstMs) return;
    }
  }

  private nextSlot(key: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(key) ?? [];
      queue.push({ resolve, reject });
      this.waiting.set(key, queue);
      if (!this.reserving.has(key)) void this.reserveForWaiting(key);
    });
  }

  /** Everyone waiting on `key` gets a slot from one store call: consecutive slots, in order. */
  private async reserveForWaiting(key: string): Promise<void> {
    this.reserving.add(key);
    try {
      for (let waiters = this.waiting.get(key); waiters; waiters = this.waiting.get(key)) {
        this.waiting.delete(key);
        try {
          const first = await this.slots.reserve(
            `${this.scope}:${key}`,
            this.intervalMs,
            waiters.length,
            this.clock.now().toMillis() - this.burstMs,
          );
          waiters.forEach((w, i) => w.resolve(first + i * this.intervalMs));
        } catch (error) {
          for (const w of waiters) w.reject(error);
        }
      }
    } finally {
      this.reserving.delete(key);
    }
  }
}
