/**
 * Graph counts each request of a `$batch` against the service's limit at the instant the batch
 * arrives: twenty requests paced over 0.7 s still land at once. This window holds a batch back
 * until the requests that arrived in the last interval, plus the batch, stay within the limit,
 * so no sliding interval ever holds more than the limit, however the batches are paced.
 */
import type { Clock } from '../application/ports/Clock.js';
import type { RateWindow } from '../ratelimit/RateLimiter.js';
import type { Sleep } from '../ratelimit/sleep.js';

export class ArrivalWindow {
  /** Requests sent, oldest first, each batch once with its size. */
  private readonly sent: Array<{ at: number; count: number }> = [];

  constructor(
    private readonly window: RateWindow,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {}

  /** Resolves when `count` requests may arrive now; they are counted as sent then. */
  async admit(count: number): Promise<void> {
    for (;;) {
      const now = this.clock.now().toMillis();
      while (this.sent.length > 0 && this.sent[0]!.at <= now - this.window.intervalMs) {
        this.sent.shift();
      }
      const inWindow = this.sent.reduce((sum, batch) => sum + batch.count, 0);
      if (this.sent.length === 0 || inWindow + count <= this.window.limit) {
        this.sent.push({ at: now, count });
        return;
      }
      await this.sleep(this.sent[0]!.at + this.window.intervalMs - now);
    }
  }
}
