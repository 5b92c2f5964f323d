/**
 * What the chat does to campaigns: check and save the campaign form, try a campaign on one
 * address, delete a campaign. Each action is a use case of its own file; this service hands
 * them the ports, so dialogs never hold a repository.
 */
import type { CampaignDraft } from '../domain/campaign.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { CampaignField, FormValues } from '../domain/campaignFields.js';
import {
  checkFields,
  reviewForm,
  type CheckContext,
  type CheckResult,
} from './campaignFormChecks.js';
import {
  deletableCampaign,
  deleteCampaign,
  type Deletable,
  type DeleteOutcome,
} from './deleteCampaign.js';
import { saveCampaign, type SaveOutcome, type SaveTarget } from './saveCampaign.js';
import { tryCampaign, type TryOutcome } from './tryCampaign.js';
import type { UseCaseDeps } from './UseCaseDeps.js';

/** Whose form is checked: the tenant, the campaign being edited, a list made inside the form. */
export type FormScope = Pick<CheckContext, 'tenantId' | 'campaignId' | 'newListId'>;

export type FormReview = Awaited<ReturnType<typeof reviewForm>>;

export interface CampaignServiceDeps extends UseCaseDeps {
  presenceConfigured: boolean;
  defaultTimeZone: string;
}

export class CampaignService {
  constructor(private readonly deps: CampaignServiceDeps) {}

  /** Checks `fields` of the form; on success the values come back normalised. */
  checkForm(fields: CampaignField[], values: FormValues, scope: FormScope): Promise<CheckResult> {
    return checkFields(fields, values, this.checkContext(scope));
  }

  /** The whole form, as checked before the summary and again before saving. */
  reviewForm(values: FormValues, scope: FormScope): Promise<FormReview> {
    return reviewForm(values, this.checkContext(scope));
  }

  save(draft: CampaignDraft, target: SaveTarget): Promise<SaveOutcome> {
    return saveCampaign(this.deps, draft, target);
  }

  /** The admin as the reachable user a summary's sample message is rendered for, if known. */
  sampleRecipient(userId: string): Promise<ReachableUser | null> {
    return this.deps.users.get(userId);
  }

  tryOn(campaignId: string, email: string): Promise<TryOutcome> {
    return tryCampaign(this.deps, campaignId, email);
  }

  deletable(campaignId: string): Promise<Deletable> {
    return deletableCampaign(this.deps, campaignId);
  }

  delete(campaignId: string): Promise<DeleteOutcome> {
    return deleteCampaign(this.deps, campaignId);
  }

  private checkContext(scope: FormScope): CheckContext {
    return {
      campaigns: this.deps.campaigns,
      lists: this.deps.lists,
      now: this.deps.clock.now(),
      presenceConfigured: this.deps.presenceConfigured,
      defaultTimeZone: this.deps.defaultTimeZone,
      ...scope,
    };
  }
}
