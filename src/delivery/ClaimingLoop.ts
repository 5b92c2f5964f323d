/**
 * The life of a worker that claims its work through the store, shared by the dispatch worker
 * and the revision worker: one loop per process that works round after round while there is
 * work and sleeps in between (`wake` ends the sleep early), and a heartbeat every third of a
 * claim's lifetime that renews this process's claims and settles what dead processes left.
 * `stop` claims nothing more and waits for the round in hand.
 */
import type { Clock } from '../application/ports/Clock.js';
import type { Logger } from '../logger.js';

/** `idle`: asleep until the next look at the store. */
export type WorkerState = 'stopped' | 'idle' | 'working' | 'draining';

export interface ClaimingWork {
  clock: Clock;
  logger: Logger;
  workerId: string;
  claimLifetimeMs: number;
  /** One round of claims and their work; how many it claimed (0: nothing to do now). */
  round(keepClaiming: () => boolean): Promise<number>;
  /** How long to sleep after a round that claimed nothing. */
  restMs(): Promise<number>;
  /** Renews this worker's claims and recovers what dead processes left, at `nowMs`. */
  heartbeat(nowMs: number): Promise<void>;
}

export class ClaimingLoop {
  private current: WorkerState = 'stopped';
  private stopping = false;
  private wakeSignal = new AbortController();
  private readonly heartbeatStop = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly work: ClaimingWork) {}

  get state(): WorkerState {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.current = 'idle';
    const loop = this.loop();
    const heartbeat = this.heartbeatLoop();
    this.running = loop.finally(() => this.heartbeatStop.abort()).then(() => heartbeat);
  }

  /** Looks for work now instead of at the end of the sleep. */
  wake(): void {
    this.wakeSignal.abort();
  }

  /**
   * Claims nothing more, finishes the round in hand (its claims renewed meanwhile), then
   * stops. False when the round was still running after `timeoutMs`: its claims then lapse and
   * another process takes the rest.
   */
  async stop(timeoutMs: number): Promise<boolean> {
    if (!this.running) return true;
    this.stopping = true;
    this.current = 'draining';
    this.wake();
    const timeout = new AbortController();
    const drained = await Promise.race([
      this.running.then(() => true),
      this.work.clock.sleep(timeoutMs, timeout.signal).then(() => false),
    ]);
    timeout.abort();
    this.heartbeatStop.abort();
    this.current = 'stopped';
    return drained;
  }

  private async loop(): Promise<void> {
    const keepClaiming = () => !this.stopping;
    while (!this.stopping) {
      this.current = 'working';
      const claimed = await this.work.round(keepClaiming).catch((error: unknown) => {
        this.work.logger.error({ err: error, workerId: this.work.workerId }, 'work round failed');
        return 0;
      });
      if (claimed > 0 || this.stopping) continue;
      const rest = await this.work.restMs();
      if (this.stopping) continue;
      this.current = 'idle';
      if (this.wakeSignal.signal.aborted) this.wakeSignal = new AbortController();
      await this.work.clock.sleep(rest, this.wakeSignal.signal);
    }
  }

  private async heartbeatLoop(): Promise<void> {
    const { clock, claimLifetimeMs, logger, workerId } = this.work;
    while (!this.heartbeatStop.signal.aborted) {
      await clock.sleep(claimLifetimeMs / 3, this.heartbeatStop.signal);
      if (this.heartbeatStop.signal.aborted) return;
      try {
        await this.work.heartbeat(clock.now().toMillis());
      } catch (error) {
        logger.error({ err: error, workerId }, 'claim heartbeat failed');
      }
    }
  }
}
