/**
 * What reports read (SPEC.md: Reports): a campaign's aggregated figures, its funnel per
 * department, the size of its list before it starts, its installation funnel, and its
 * deliveries page by page for the CSV.
 * The report replies and the report routes read through here, never from a repository.
 */
import type { Campaign } from '../domain/campaign.js';
import type { Delivery } from '../domain/delivery.js';
import type { AppInstallation, InstallationFunnel } from '../domain/installation.js';
import { ALL_USERS_LIST_ID, type ReachableUser } from '../domain/recipients.js';
import type { RecipientHoursCounts } from '../domain/recipientHours.js';
import type { CampaignReport } from '../domain/report.js';
import type { GroupedFunnel } from '../domain/groupedFunnel.js';
import { directoryAudienceOf } from '../domain/directory.js';
import { groupingAttribute } from '../domain/recipientProfile.js';
import type {
  CampaignStore,
  DeliveryStore,
  InstallationStore,
  ListStore,
  ReportStore,
  TrackingStore,
  UserStore,
} from './ports/repositories.js';

/** One page of a campaign's deliveries, in id order, with what the CSV shows beside each. */
export interface ExportPage {
  deliveries: Delivery[];
  /** Clicks per delivery id. */
  clicks: Map<string, number>;
  /** Reminders sent per delivery id; deliveries reminded of nothing are absent. */
  reminders: Map<string, number>;
  /** App installations by address; undefined when the bot installs no apps. */
  installations?: Map<string, AppInstallation>;
}

export interface ReportQueriesDeps {
  campaigns: Pick<CampaignStore, 'get'>;
  reports: ReportStore;
  users: Pick<UserStore, 'get' | 'count'>;
  lists: Pick<ListStore, 'get'>;
  deliveries: Pick<DeliveryStore, 'list' | 'countRecipientHours' | 'remindersSent'>;
  tracking: Pick<TrackingStore, 'clicksByDelivery'>;
  /** App installations: their funnel is shown for campaigns that went through the directory. */
  installations?: Pick<InstallationStore, 'funnel' | 'byEmail'>;
}

export class ReportQueries {
  constructor(private readonly deps: ReportQueriesDeps) {}

  campaign(campaignId: string): Promise<Campaign | null> {
    return this.deps.campaigns.get(campaignId);
  }

  /** Aggregated in the database. */
  report(campaignId: string): Promise<CampaignReport> {
    return this.deps.reports.campaignReport(campaignId);
  }

  /**
   * The funnel per department, aggregated in the database; per the rule's first attribute for
   * an audience chosen by country or office.
   */
  funnelBy(campaign: Campaign): Promise<GroupedFunnel> {
    const audience = directoryAudienceOf(campaign.listId);
    const ruleAttributes =
      audience?.kind === 'attributes' ? audience.rule.map((c) => c.attribute) : [];
    return this.deps.reports.funnelBy(campaign.id, groupingAttribute(ruleAttributes));
  }

  funnel(campaignId: string): Promise<InstallationFunnel | undefined> {
    return this.deps.installations?.funnel(campaignId) ?? Promise.resolve(undefined);
  }

  /** Who got their own working hours and who the campaign's, for a campaign that follows them. */
  async recipientHours(campaign: Campaign): Promise<RecipientHoursCounts | undefined> {
    if (!campaign.options.recipientHours) return undefined;
    return this.deps.deliveries.countRecipientHours(campaign.id);
  }

  /** A campaign's author, when the bot can still reach them. */
  author(campaign: Campaign): Promise<ReachableUser | null> {
    return this.deps.users.get(campaign.authorUserId);
  }

  /**
   * What `lists` shows: every reachable user of the tenant, the mailing list's addresses, or
   * the size Graph gave for a directory audience when it was chosen.
   */
  async listSize(campaign: Campaign): Promise<number> {
    if (campaign.listId === ALL_USERS_LIST_ID) return this.deps.users.count(campaign.tenantId);
    const list = await this.deps.lists.get(campaign.listId);
    return list?.directoryAudience?.estimatedSize ?? list?.emails.length ?? 0;
  }

  async exportPage(
    campaign: Campaign,
    page: { afterId?: string; limit: number },
  ): Promise<ExportPage> {
    const deliveries = await this.deps.deliveries.list(campaign.id, page);
    if (deliveries.length === 0) return { deliveries, clicks: new Map(), reminders: new Map() };
    const ids = deliveries.map((d) => d.id);
    const clicks = await this.deps.tracking.clicksByDelivery(ids);
    const reminders =
      campaign.options.reminders === 'off'
        ? new Map<string, number>()
        : await this.deps.deliveries.remindersSent(ids);
    const installations = await this.deps.installations?.byEmail(
      campaign.id,
      deliveries.map((d) => d.email),
    );
    return {
      deliveries,
      clicks,
      reminders,
      ...(installations === undefined ? {} : { installations }),
    };
  }
}
