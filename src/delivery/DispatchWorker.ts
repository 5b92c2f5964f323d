/**
 * Every process runs one dispatch worker. It claims one bounded batch at a time through the
 * store (claims are atomic across processes), works it through, and claims again at once while
 * anything is due; when nothing is, it sleeps until the next due delivery — at most
 * `idlePollMs`, so deliveries planned by other processes are found quickly too.
 *
 * There is no lock to strand: a claim lives `claimLifetimeMs` and a heartbeat renews this
 * worker's claims every third of that. A process that dies stops renewing, so its claimed
 * `pending` deliveries are claimable again and its `sending` ones become `unknown` (never
 * re-sent: the heartbeat of any live worker marks them) within one claim lifetime. One loop per
 * process, so a batch that outlasts any lifetime still never runs twice at once.
 */
import type { Clock } from '../application/ports/Clock.js';
import type { Logger } from '../logger.js';
import type { DeliveryStore } from '../application/ports/repositories.js';
import type { DeliveryDispatcher } from './DeliveryDispatcher.js';
import { ClaimingLoop, type WorkerState } from './ClaimingLoop.js';

export interface DispatchWorkerDeps {
  dispatcher: Pick<DeliveryDispatcher, 'dispatchBatch' | 'recoverStaleSends'>;
  store: Pick<DeliveryStore, 'nextDueAt' | 'renewClaims'>;
  clock: Clock;
  logger: Logger;
  workerId: string;
  /** Lifetime of a claim the heartbeat does not renew; the dispatcher's claims use it too. */
  claimLifetimeMs: number;
  /** Longest sleep between two looks at the store. */
  idlePollMs: number;
  /** Sleep when deliveries are due but all held by other processes' claims. */
  busyPollMs: number;
}

export type { WorkerState } from './ClaimingLoop.js';

export interface WorkerStatus {
  workerId: string;
  state: WorkerState;
  batches: number;
  claimed: number;
  sent: number;
  /** Epoch ms of the last batch that claimed something, or null. */
  lastBatchAt: number | null;
}

export class DispatchWorker {
  private readonly loop: ClaimingLoop;
  private readonly totals = { batches: 0, claimed: 0, sent: 0, lastBatchAt: null as number | null };

  constructor(private readonly deps: DispatchWorkerDeps) {
    this.loop = new ClaimingLoop({
      clock: deps.clock,
      logger: deps.logger,
      workerId: deps.workerId,
      claimLifetimeMs: deps.claimLifetimeMs,
      round: (keepClaiming) => this.oneBatch(keepClaiming),
      restMs: () => this.msUntilNextLook(),
      heartbeat: (now) => this.heartbeat(now),
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Looks for due deliveries now (e.g. a campaign this process just started). */
  wake(): void {
    this.loop.wake();
  }

  /**
   * SIGTERM: claims nothing more, finishes the batch in hand (its claims renewed meanwhile),
   * then stops. Returns false when the batch was still running after `timeoutMs`: its claims
   * then lapse and another process takes the rest.
   */
  stop(timeoutMs: number): Promise<boolean> {
    return this.loop.stop(timeoutMs);
  }

  status(): WorkerStatus {
    return { workerId: this.deps.workerId, state: this.loop.state, ...this.totals };
  }

  private async oneBatch(keepClaiming: () => boolean): Promise<number> {
    const summary = await this.deps.dispatcher.dispatchBatch({ keepClaiming });
    if (summary.claimed > 0) {
      this.totals.batches++;
      this.totals.claimed += summary.claimed;
      this.totals.sent += summary.sent;
      this.totals.lastBatchAt = this.deps.clock.now().toMillis();
      this.deps.logger.debug({ workerId: this.deps.workerId, ...summary }, 'dispatch batch');
    }
    return summary.claimed;
  }

  /** Until the next due delivery, within [busyPollMs when one is already due, idlePollMs]. */
  private async msUntilNextLook(): Promise<number> {
    const { store, clock, idlePollMs, busyPollMs } = this.deps;
    try {
      const next = await store.nextDueAt();
      if (next === null) return idlePollMs;
      const wait = next - clock.now().toMillis();
      return wait <= 0 ? busyPollMs : Math.min(wait, idlePollMs);
    } catch (error) {
      this.deps.logger.error({ err: error, workerId: this.deps.workerId }, 'next due unreadable');
      return idlePollMs;
    }
  }

  /**
   * Renews this worker's claims and turns dead processes' interrupted sends into `unknown`
   * (finishing the campaigns that leaves without a delivery to wait for).
   */
  private async heartbeat(now: number): Promise<void> {
    const { store, dispatcher, workerId, claimLifetimeMs } = this.deps;
    await store.renewClaims(workerId, now + claimLifetimeMs, now);
    const unknown = await dispatcher.recoverStaleSends();
    if (unknown > 0) {
      this.deps.logger.info({ workerId, unknown }, 'interrupted sends marked unknown');
    }
  }
}
