/**
 * The sends of a rolling batch: claimed deliveries join while earlier ones are still in flight,
 * at most `concurrency` attempts run at once, and `held` counts those not finished. A throw
 * stops nothing already running; drain() rethrows the first one once all have finished.
 */
import type { Delivery } from '../domain/delivery.js';

export class AttemptPool<Context, Result> {
  /** Deliveries added and not yet finished (queued or in flight). */
  held = 0;
  private readonly queue: Array<{ delivery: Delivery; context: Context }> = [];
  private readonly results: Result[] = [];
  private readonly runners: Promise<void>[] = [];
  private running = 0;
  private failure: { error: unknown } | undefined;
  private onEmpty: (() => void) | undefined;

  constructor(
    private readonly concurrency: number,
    private readonly attempt: (delivery: Delivery, context: Context) => Promise<Result>,
  ) {}

  get failed(): boolean {
    return this.failure !== undefined;
  }

  add(batch: Delivery[], context: Context): void {
    this.held += batch.length;
    for (const delivery of batch) this.queue.push({ delivery, context });
    while (this.running < this.concurrency && this.queue.length > 0) {
      this.running++;
      this.runners.push(this.run());
    }
  }

  /** Runs `wait`, cut short (its signal aborted) once every held delivery has finished. */
  async settledOr(wait: (signal: AbortSignal) => Promise<void>): Promise<void> {
    if (this.held === 0) return;
    const empty = new AbortController();
    this.onEmpty = () => empty.abort();
    try {
      await wait(empty.signal);
    } finally {
      this.onEmpty = undefined;
    }
  }

  /** Every result once all have finished; the first error thrown, if any. */
  async drain(): Promise<Result[]> {
    while (this.runners.length > 0) await Promise.all(this.runners.splice(0));
    if (this.failure) throw this.failure.error;
    return this.results;
  }

  private async run(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      try {
        this.results.push(await this.attempt(next.delivery, next.context));
      } catch (error) {
        this.failure ??= { error };
      }
      if (--this.held === 0) this.onEmpty?.();
    }
    this.running--;
  }
}
