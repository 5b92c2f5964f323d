/**
 * The Agenda jobs that drive campaigns. Agenda only decides *when* a handler runs; what it
 * does lives in src/delivery. Deliveries are rows with a due time claimed in batches by one
 * recurring dispatch job — not one Agenda job per recipient attempt — so 100k recipients
 * cost 100k rows, not 300k+ job documents.
 */
import type { Agenda, Job } from 'agenda';
import type { CampaignJobs } from '../src/scheduler/CampaignJobs.js';
import { campaignWindow } from '../src/domain/workingTime.js';
import type { CampaignStarter } from '../src/delivery/CampaignStarter.js';
import type { CampaignFinisher } from '../src/delivery/CampaignFinisher.js';
import type { DeliveryDispatcher } from '../src/delivery/DeliveryDispatcher.js';
import type { CampaignStore } from '../src/store/Store.js';
import type { Logger } from '../src/logger.js';

export const START_CAMPAIGN_JOB = 'campaign-start';
export const DISPATCH_DELIVERIES_JOB = 'deliveries-dispatch';
export const FINISH_CAMPAIGN_JOB = 'campaign-finish';

interface CampaignJobData {
  campaignId: string;
}

export interface CampaignJobDeps {
  agenda: Agenda;
  campaigns: CampaignStore;
  starter: CampaignStarter;
  dispatcher: DeliveryDispatcher;
  finisher: CampaignFinisher;
  logger: Logger;
  /** How often due deliveries are looked for, e.g. '15 seconds'. */
  dispatchEvery: string;
}

/** Defines the job handlers and returns the port the chat side plans campaigns through. */
export function defineCampaignJobs(deps: CampaignJobDeps): CampaignJobs & {
  startRecurringDispatch(): Promise<void>;
} {
  const { agenda, campaigns, starter, dispatcher, finisher, logger } = deps;

  agenda.define<CampaignJobData>(START_CAMPAIGN_JOB, async (job: Job<CampaignJobData>) => {
    const { campaignId } = job.attrs.data;
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
      .schedule(campaignWindow(campaign).end.toJSDate())
      .save();
    await agenda.now(DISPATCH_DELIVERIES_JOB);
  });

  // One dispatcher at a time per process; the store's claims keep several processes apart.
  agenda.define(
    DISPATCH_DELIVERIES_JOB,
    async () => {
      const summary = await dispatcher.dispatchDue();
      if (summary.claimed > 0) logger.info({ ...summary }, 'dispatch round');
    },
    { concurrency: 1 },
  );

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
    async startRecurringDispatch(): Promise<void> {
      await agenda.every(deps.dispatchEvery, DISPATCH_DELIVERIES_JOB);
    },
  };
}
