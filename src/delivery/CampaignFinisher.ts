/**
 * Campaign finish (SPEC.md: Lifecycle): `running` → `finished` once every delivery is terminal
 * or the duration is over; whatever is still waiting then is `unscheduled` (campaign-ended).
 * The author is told with the report, once — only the call that wins the status change sends it.
 */
import type { Clock } from '../application/ports/Clock.js';
import type { Campaign } from '../domain/campaign.js';
import type { Logger } from '../logger.js';
import type { CampaignStore, DeliveryStore } from '../application/ports/repositories.js';

export interface CampaignFinisherDeps {
  campaigns: CampaignStore;
  deliveries: DeliveryStore;
  clock: Clock;
  logger: Logger;
  /** Pushes the final report to the campaign's author. */
  notifyAuthor: (campaign: Campaign) => Promise<void>;
}

export type FinishReason = 'all-delivered' | 'duration-over';

/** The reason recorded on the deliveries a campaign ended early never made. */
export const ENDED_EARLY = 'campaign-ended-early';

export class CampaignFinisher {
  constructor(private readonly deps: CampaignFinisherDeps) {}

  async finish(campaignId: string, reason: FinishReason): Promise<boolean> {
    const { campaigns, deliveries, clock, logger } = this.deps;
    const campaign = await campaigns.get(campaignId);
    if (campaign?.status !== 'running') return false;
    const now = clock.now().toMillis();
    if (reason === 'all-delivered') {
      // Its start is still reading the audience: recipients yet to come have no delivery.
      if (campaign.plannedAt === undefined) return false;
      // Reminders still to come keep it running.
      if ((await deliveries.countWaiting(campaignId)) > 0) return false;
    } else {
      await deliveries.unscheduleRemaining(campaignId, 'campaign-ended', now);
    }
    if (!(await campaigns.setStatus(campaignId, 'running', 'finished', now))) return false;
    logger.info({ campaignId, reason }, 'campaign finished');
    await this.notify({ ...campaign, status: 'finished', finishedAt: now });
    return true;
  }

  /**
   * Ends a running campaign that cannot go on (its audience cannot be read): what it had not
   * sent yet is `unscheduled`, `endReason` is recorded and its author is told, once.
   */
  async endEarly(campaignId: string, endReason: string): Promise<boolean> {
    const { campaigns, deliveries, clock, logger } = this.deps;
    const campaign = await campaigns.get(campaignId);
    if (campaign?.status !== 'running') return false;
    const now = clock.now().toMillis();
    await deliveries.unscheduleRemaining(campaignId, ENDED_EARLY, now);
    if (!(await campaigns.setStatus(campaignId, 'running', 'finished', now, endReason))) {
      return false;
    }
    logger.warn({ campaignId }, 'campaign ended early');
    await this.notify({ ...campaign, status: 'finished', finishedAt: now, endReason });
    return true;
  }

  private async notify(campaign: Campaign): Promise<void> {
    try {
      await this.deps.notifyAuthor(campaign);
    } catch (error) {
      this.deps.logger.error(
        { err: error, campaignId: campaign.id },
        'final report could not be pushed to the author',
      );
    }
  }
}
