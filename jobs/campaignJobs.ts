/**
 * The Agenda jobs that drive campaigns: their start and finish timers. Agenda only decides
 * *when* a handler runs; what it does lives in src/delivery. Deliveries are rows with a due
 * time that every process's dispatch worker claims in batches (src/delivery/DispatchWorker.ts)
 * — not one Agenda job per recipient attempt, nor one cluster-wide locked dispatch job — so
 * 100k recipients cost 100k rows and every process sends.
 */
import type { Agenda, BackoffContext, Job } from 'agenda';
import type { Clock } from '../src/application/ports/Clock.js';
import type { CampaignJobs } from '../src/application/ports/CampaignJobs.js';
import { campaignEnd } from '../src/domain/recipientHours.js';
import { whileKeepingLock } from './keepJobLocked.js';
import { AudienceUnreadable } from '../src/directory/AudienceUnreadable.js';
import type { CampaignStarter } from '../src/delivery/CampaignStarter.js';
import type { CampaignFinisher } from '../src/delivery/CampaignFinisher.js';
import type { CampaignQueries } from '../src/application/CampaignQueries.js';

export const START_CAMPAIGN_JOB = 'campaign-start';
/** The cluster-wide dispatch job of earlier versions, removed from the queue at start. */
export const RETIRED_DISPATCH_JOB = 'deliveries-dispatch';
export const FINISH_CAMPAIGN_JOB = 'campaign-finish';

const MINUTE_MS = 60_000;
/** A start that failed (Graph unavailable, a store hiccup) runs again after 1, 2, 4 … 30 minutes. */
export function startRetryDelay({ attempt }: Pick<BackoffContext, 'attempt'>): number {
  return Math.min(MINUTE_MS * 2 ** (attempt - 1), 30 * MINUTE_MS);
}

interface CampaignJobData {
  campaignId: string;
}

export interface CampaignJobDeps {
  agenda: Agenda;
  campaigns: Pick<CampaignQueries, 'get'>;
  starter: CampaignStarter;
  finisher: CampaignFinisher;
  clock: Clock;
  /** Tells this process's dispatch worker that deliveries were just planned. */
  wakeDispatch: () => void;
}

/** Defines the job handlers and returns the port the chat side plans campaigns through. */
export function defineCampaignJobs(deps: CampaignJobDeps): CampaignJobs & {
  removeRetiredJobs(): Promise<void>;
} {
  const { agenda, campaigns, starter, finisher } = deps;

  /**
   * A failed start is retried by Agenda (startRetryDelay), except when its audience can never
   * be read, or could not be read before the campaign's end: then the campaign ends and its
   * author is told why, instead of staying `running` with nothing planned.
   */
  async function endedOnFailure(campaignId: string, error: unknown): Promise<boolean> {
    if (!(error instanceof AudienceUnreadable)) return false;
    const campaign = await campaigns.get(campaignId);
    if (!campaign) return false;
    const over = deps.clock.now() >= campaignEnd(campaign);
    if (!error.permanent && !over) return false;
    await finisher.endEarly(campaignId, error.reason);
    return true;
  }

  agenda.define<CampaignJobData>(
    START_CAMPAIGN_JOB,
    async (job: Job<CampaignJobData>) => {
      const { campaignId } = job.attrs.data;
      try {
        await whileKeepingLock(job, deps.clock, () => startCampaign(campaignId));
      } catch (error) {
        if (!(await endedOnFailure(campaignId, error))) throw error;
      }
    },
    { backoff: startRetryDelay },
  );

  async function startCampaign(campaignId: string): Promise<void> {
    const summary = await starter.start(campaignId);
    if (!summary.started) return;
    // A list with nobody reachable leaves nothing to dispatch, so no dispatch round would
    // ever report the campaign drained: it is finished here instead of at the duration's end.
    if (await finisher.finish(campaignId, 'all-delivered')) return;
    const campaign = await campaigns.get(campaignId);
    if (!campaign) return;
    // Unique per campaign: a start job run again after a crash must not plan a second finish.
    await agenda
      .create<CampaignJobData>(FINISH_CAMPAIGN_JOB, { campaignId })
      .unique({ name: FINISH_CAMPAIGN_JOB, 'data.campaignId': campaignId })
      .schedule(campaignEnd(campaign).toJSDate())
      .save();
    deps.wakeDispatch();
  }

  agenda.define<CampaignJobData>(FINISH_CAMPAIGN_JOB, async (job: Job<CampaignJobData>) => {
    await finisher.finish(job.attrs.data.campaignId, 'duration-over');
  });

  return {
    async scheduleStart(campaignId: string, at: Date): Promise<void> {
      // One upsert keyed by campaign: re-planning moves the start job instead of adding one.
      await agenda
        .create<CampaignJobData>(START_CAMPAIGN_JOB, { campaignId })
        .unique({ name: START_CAMPAIGN_JOB, 'data.campaignId': campaignId })
        .schedule(at)
        .save();
    },
    async cancel(campaignId: string): Promise<void> {
      await agenda.cancel({ data: { campaignId } });
    },
    async removeRetiredJobs(): Promise<void> {
      await agenda.cancel({ name: RETIRED_DISPATCH_JOB });
    },
  };
}
