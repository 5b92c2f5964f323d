/**
 * Recall and correction as the chat asks for them (SPEC.md: Recall and correct): the plan a
 * confirmation shows, the check of a correction's new message, starting either, and where one
 * stands. Each action is a use case of reviseCampaign.ts; this service hands them the ports.
 */
import type { Campaign } from '../domain/campaign.js';
import type { RevisionKind } from '../domain/revision.js';
import type { Validation } from '../domain/campaignValidation.js';
import {
  checkNewMessage,
  correctCampaign,
  planRevision,
  recallCampaign,
  revisionState,
  type Reviser,
  type RevisionDeps,
  type RevisionPlan,
  type RevisionRefusal,
  type RevisionStart,
  type RevisionState,
} from './reviseCampaign.js';

export class RevisionService {
  constructor(private readonly deps: RevisionDeps) {}

  plan(campaignId: string, kind: RevisionKind): Promise<RevisionPlan | RevisionRefusal> {
    return planRevision(this.deps, campaignId, kind);
  }

  checkMessage(campaign: Campaign, text: string): Validation<string> {
    return checkNewMessage(campaign, text, this.deps.clock);
  }

  recall(campaignId: string, by: Reviser): Promise<RevisionStart> {
    return recallCampaign(this.deps, campaignId, by);
  }

  correct(campaignId: string, message: string, by: Reviser): Promise<RevisionStart> {
    return correctCampaign(this.deps, campaignId, message, by);
  }

  state(campaign: Campaign): Promise<RevisionState | null> {
    return revisionState(this.deps, campaign);
  }
}
