/**
 * What the chat, the jobs and the report routes read about campaigns (SPEC.md: Chat commands):
 * one campaign, the admin's campaign by name, their campaigns with progress, one campaign's
 * details. A campaign is only ever found among the asking admin's own tenant's campaigns.
 */
import type { Campaign } from '../domain/campaign.js';
import { summarizeProgress, type CampaignProgress } from '../domain/campaignProgress.js';
import { ALL_USERS_LIST_ID, type RecipientList } from '../domain/recipients.js';
import type { CampaignStore, DeliveryStore, ListStore } from './ports/repositories.js';

/** Typed commands name the campaign; card buttons carry its id. */
export type CampaignRef = { by: 'name'; name: string } | { by: 'id'; id: string };

export interface CampaignRow {
  campaign: Campaign;
  progress: CampaignProgress;
}

/** The newest campaigns of a tenant, and how many it has in all. */
export interface CampaignPage {
  rows: CampaignRow[];
  total: number;
}

export interface CampaignDetails {
  campaign: Campaign;
  /** Null until the campaign starts. */
  progress: CampaignProgress | null;
  /** The saved list it goes to; null for the built-in list of every reachable user, or a list gone. */
  list: RecipientList | null;
}

export interface CampaignQueriesDeps {
  campaigns: CampaignStore;
  lists: Pick<ListStore, 'get'>;
  deliveries: Pick<DeliveryStore, 'countByStatus'>;
}

export class CampaignQueries {
  constructor(private readonly deps: CampaignQueriesDeps) {}

  get(campaignId: string): Promise<Campaign | null> {
    return this.deps.campaigns.get(campaignId);
  }

  /** The campaign `ref` names, when it belongs to `tenantId`. Names are case-insensitive. */
  async find(tenantId: string, ref: CampaignRef): Promise<Campaign | null> {
    if (ref.by === 'name') {
      return this.deps.campaigns.findByName(tenantId, ref.name);
    }
    const campaign = await this.deps.campaigns.get(ref.id);
    return campaign?.tenantId === tenantId ? campaign : null;
  }

  /** Newest first. */
  async names(tenantId: string): Promise<string[]> {
    return (await this.deps.campaigns.list(tenantId)).map((campaign) => campaign.name);
  }

  /** The `limit` newest campaigns with their progress. */
  async page(tenantId: string, limit: number): Promise<CampaignPage> {
    const campaigns = await this.deps.campaigns.list(tenantId);
    const rows = await Promise.all(
      campaigns.slice(0, limit).map(async (campaign) => ({
        campaign,
        progress: await this.progress(campaign.id),
      })),
    );
    return { rows, total: campaigns.length };
  }

  async details(campaign: Campaign): Promise<CampaignDetails> {
    const started = campaign.status === 'running' || campaign.status === 'finished';
    return {
      campaign,
      progress: started ? await this.progress(campaign.id) : null,
      list:
        campaign.listId === ALL_USERS_LIST_ID ? null : await this.deps.lists.get(campaign.listId),
    };
  }

  async progress(campaignId: string): Promise<CampaignProgress> {
    return summarizeProgress(await this.deps.deliveries.countByStatus(campaignId));
  }
}
