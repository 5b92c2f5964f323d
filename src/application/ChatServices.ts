/**
 * The application services the admin chat works through, built from the ports in one place
 * (src/main.ts, and the tests' harnesses the same way). Dialogs receive these, never a
 * repository.
 */
import { CampaignQueries } from './CampaignQueries.js';
import { CampaignService, type CampaignServiceDeps } from './CampaignService.js';
import { ListService } from './ListService.js';
import type { RevisionStore } from './ports/repositories.js';
import { RevisionService } from './RevisionService.js';

export interface ChatServices {
  /** Reads: the admin's campaigns, one by name, its details and progress. */
  campaignQueries: CampaignQueries;
  /** Checks and saves the campaign form, tries and deletes campaigns. */
  campaigns: CampaignService;
  lists: ListService;
  /** Recalls and corrects sent messages, and says where that stands. */
  revisions: RevisionService;
}

export interface ChatServicePorts extends CampaignServiceDeps {
  revisions: RevisionStore;
  /** The operator's RECALL_AND_CORRECT setting; on unless given. */
  recallAndCorrect?: boolean;
}

export function createChatServices(ports: ChatServicePorts): ChatServices {
  return {
    campaignQueries: new CampaignQueries(ports),
    campaigns: new CampaignService(ports),
    lists: new ListService(ports),
    revisions: new RevisionService({ ...ports, enabled: ports.recallAndCorrect ?? true }),
  };
}
