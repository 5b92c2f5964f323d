/**
 * The application services the admin chat works through, built from the ports in one place
 * (src/main.ts, and the tests' harnesses the same way). Dialogs receive these, never a
 * repository.
 */
import { CampaignQueries } from './CampaignQueries.js';
import { CampaignService, type CampaignServiceDeps } from './CampaignService.js';
import { ListService } from './ListService.js';

export interface ChatServices {
  /** Reads: the admin's campaigns, one by name, its details and progress. */
  campaignQueries: CampaignQueries;
  /** Checks and saves the campaign form, tries and deletes campaigns. */
  campaigns: CampaignService;
  lists: ListService;
}

export function createChatServices(ports: CampaignServiceDeps): ChatServices {
  return {
    campaignQueries: new CampaignQueries(ports),
    campaigns: new CampaignService(ports),
    lists: new ListService(ports),
  };
}
