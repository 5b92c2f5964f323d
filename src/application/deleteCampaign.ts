/**
 * Deleting a campaign (SPEC.md: Campaign lifecycle): refused while it runs. The store checks the
 * status in the delete itself, so a start job firing between the admin's "yes" and the delete
 * leaves the running campaign whole; its jobs are removed only once it is gone.
 */
import type { Campaign } from '../domain/campaign.js';
import { DELETABLE_STATUSES, deleteRefusal } from '../domain/lifecycle.js';
import type { UseCaseDeps } from './UseCaseDeps.js';

export type DeleteRefusal =
  { kind: 'missing' } | { kind: 'refused'; campaign: Campaign; reason: string };

export type Deletable = { kind: 'deletable'; campaign: Campaign } | DeleteRefusal;

export type DeleteOutcome = { kind: 'deleted'; campaign: Campaign } | DeleteRefusal;

/** The campaign when it may be deleted now, or why not. */
export async function deletableCampaign(
  deps: Pick<UseCaseDeps, 'campaigns'>,
  campaignId: string,
): Promise<Deletable> {
  const campaign = await deps.campaigns.get(campaignId);
  if (campaign === null) {
    return { kind: 'missing' };
  }
  const reason = deleteRefusal(campaign.status);
  return reason === null ? { kind: 'deletable', campaign } : { kind: 'refused', campaign, reason };
}

export async function deleteCampaign(
  deps: Pick<UseCaseDeps, 'campaigns' | 'jobs' | 'logger'>,
  campaignId: string,
): Promise<DeleteOutcome> {
  const before = await deletableCampaign(deps, campaignId);
  if (before.kind !== 'deletable') {
    return before;
  }
  if (!(await deps.campaigns.delete(campaignId, DELETABLE_STATUSES))) {
    // It started (or went) since it was read: say why from what is stored now.
    const now = await deletableCampaign(deps, campaignId);
    return now.kind === 'deletable' ? { kind: 'missing' } : now;
  }
  await deps.jobs.cancel(campaignId);
  deps.logger.info({ campaignId }, 'campaign deleted');
  return { kind: 'deleted', campaign: before.campaign };
}
