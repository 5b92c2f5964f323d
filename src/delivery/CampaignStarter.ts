/**
 * Campaign start (SPEC.md: Delivery rule 1): moves the campaign to `running` and gives every
 * recipient a pre-calculated random first attempt inside the first working day's hours.
 * Safe to run again after a crash: deliveries are unique per (campaign, address), so a re-run
 * only adds the recipients the interrupted run had not reached.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../application/ports/Clock.js';
import type { Campaign } from '../domain/campaign.js';
import type { Delivery } from '../domain/delivery.js';
import type { AppInstallation } from '../domain/installation.js';
import { planFirstAttempts } from '../domain/firstAttempt.js';
import { isEmptyProfile, profileOf } from '../domain/recipientProfile.js';
import { seededRng, type Rng } from '../domain/random.js';
import type { Logger } from '../logger.js';
import type {
  CampaignStore,
  DeliveryStore,
  InstallationStore,
  ListStore,
  UserStore,
} from '../application/ports/repositories.js';
import type { TenantGraphs } from '../application/ports/TenantGraph.js';
import type { GraphServices } from '../graph/graphServices.js';
import {
  needsInstallation,
  parkedForInstallation,
  plannedInstallation,
} from '../installation/plannedInstallation.js';
import { resolveRecipients, type Recipient } from './recipientResolver.js';
import { directoryAudienceOf } from '../domain/directory.js';
import { audienceWithoutConsent } from '../directory/AudienceUnreadable.js';

export interface StartSummary {
  campaignId: string;
  started: boolean;
  planned: number;
  unreachable: number;
  unscheduled: number;
}

export interface CampaignStarterDeps {
  campaigns: CampaignStore;
  lists: ListStore;
  users: UserStore;
  deliveries: DeliveryStore;
  clock: Clock;
  logger: Logger;
  /** Randomness for the first attempts; seeded per campaign by default so a re-run plans alike. */
  rngFor?: (campaign: Campaign) => Rng;
  /**
   * Graph configured: the campaign's tenant's own directory (directory audiences, list addresses
   * matched to directory users), and installations for that tenant only.
   */
  graphs?: TenantGraphs<Pick<GraphServices, 'directory'>>;
  /** The Teams app catalog id is configured: the app is installed for whom the bot can't reach. */
  installations?: InstallationStore;
}

export class CampaignStarter {
  constructor(private readonly deps: CampaignStarterDeps) {}

  async start(campaignId: string): Promise<StartSummary> {
    const { campaigns, deliveries, clock, logger } = this.deps;
    const summary: StartSummary = {
      campaignId,
      started: false,
      planned: 0,
      unreachable: 0,
      unscheduled: 0,
    };
    const campaign = await campaigns.get(campaignId);
    if (!campaign || !(await this.markRunning(campaign))) {
      logger.info({ campaignId, status: campaign?.status }, 'campaign start skipped');
      return summary;
    }
    const now = clock.now();
    const nowMs = now.toMillis();
    const rng = this.deps.rngFor?.(campaign) ?? seededRng(campaign.id);
    const nextId = deliveryIds();
    const { directory, installations, consentUrl } = await this.graphOf(campaign);
    for await (const page of resolveRecipients(this.deps, campaign, directory, consentUrl)) {
      const firstAttempts = planFirstAttempts(campaign, now, rng, page.length);
      // One plain loop, one object per recipient: a campaign for everyone plans 100k of them.
      const planned: Delivery[] = new Array<Delivery>(page.length);
      const installs: AppInstallation[] = [];
      for (let i = 0; i < page.length; i++) {
        const recipient = page[i]!;
        const firstAttemptAt = firstAttempts?.[i] ?? null;
        let delivery = plannedDelivery(nextId(), campaign.id, recipient, nowMs, firstAttemptAt);
        if (installations && firstAttemptAt !== null && needsInstallation(campaign, recipient)) {
          installs.push(plannedInstallation(campaign, recipient, firstAttemptAt, nowMs));
          delivery = { ...delivery, ...parkedForInstallation() };
        }
        planned[i] = delivery;
        if (delivery.status === 'pending') summary.planned++;
        else if (delivery.status === 'unreachable') summary.unreachable++;
        else summary.unscheduled++;
      }
      await deliveries.insert(planned);
      await installations?.insert(installs);
    }
    await campaigns.markPlanned(campaign.id, clock.now().toMillis());
    summary.started = true;
    logger.info({ ...summary }, 'campaign started');
    return summary;
  }

  /**
   * A campaign reads and acts on its own tenant's directory only, and on none without consent:
   * a directory audience then cannot be read, and its author hears why and where consent is
   * granted.
   */
  private async graphOf(campaign: Campaign) {
    const access = await this.deps.graphs?.graphFor(campaign.tenantId);
    const audience = directoryAudienceOf(campaign.listId);
    if (access?.kind === 'not-consented' && audience !== undefined) {
      throw audienceWithoutConsent(audience, access.consentUrl);
    }
    if (access?.kind !== 'granted') return {};
    return {
      directory: access.graph.directory,
      installations: this.deps.installations,
      consentUrl: access.consentUrl,
    };
  }

  /** `scheduled` → `running`; an already running campaign is a re-run after a crash. */
  private async markRunning(campaign: Campaign): Promise<boolean> {
    if (campaign.status === 'running') return true;
    if (campaign.status !== 'scheduled') return false;
    const now = this.deps.clock.now().toMillis();
    return this.deps.campaigns.setStatus(campaign.id, 'scheduled', 'running', now);
  }
}

/**
 * Ids for one run: a random prefix, unique per run, then a counter. Ids in insertion order keep
 * the store's primary-key index appending instead of writing all over the B-tree as random
 * UUIDs do (on SQLite, 100k deliveries plan in a fifth of the time).
 */
function deliveryIds(): () => string {
  const run = randomUUID();
  let sequence = 0;
  return () => `${run}-${String(sequence++).padStart(8, '0')}`;
}

/** `firstAttemptAt` is null when no working window is left in the campaign. */
function plannedDelivery(
  id: string,
  campaignId: string,
  recipient: Recipient,
  now: number,
  firstAttemptAt: number | null,
): Delivery {
  const delivery: Delivery = {
    id,
    campaignId,
    email: recipient.address,
    userId: recipient.user?.id,
    dayCycle: 1,
    step: 0,
    attempts: 0,
    updatedAt: now,
    status: 'pending',
    dueAt: firstAttemptAt,
  };
  // Kept only when Graph gave it: a mailing-list address nobody looked up has no department.
  const profile = recipient.directoryUser && profileOf(recipient.directoryUser);
  if (profile && !isEmptyProfile(profile)) delivery.profile = profile;
  if (!recipient.user) {
    delivery.status = 'unreachable';
    delivery.dueAt = null;
    delivery.reason = recipient.inDirectory === false ? 'not-in-directory' : 'no-reachable-user';
  } else if (firstAttemptAt === null) {
    delivery.status = 'unscheduled';
    delivery.reason = 'campaign-ended';
  }
  return delivery;
}
