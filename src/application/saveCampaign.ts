/**
 * Saving a confirmed campaign form: a new campaign is stored as `scheduled` (with the mailing list
 * made inside the form, saved only now), an edited one replaces the stored one only while it is
 * still editable; either way its start job is (re-)planned at its first send time. Creating is
 * idempotent: the form picks the campaign id when it opens, so a second Confirm of the same form
 * (a double click, two turns at once) finds its campaign saved instead of a name clash.
 */
import type { DateTime } from 'luxon';
import type { Campaign, CampaignDraft } from '../domain/campaign.js';
import { editRefusal } from '../domain/lifecycle.js';
import { firstSendInstant } from '../domain/workingTime.js';
import { startInstant } from '../domain/recipientHours.js';
import { DuplicateError } from './ports/repositories.js';
import { createList, type ListToCreate } from './createList.js';
import type { UseCaseDeps } from './UseCaseDeps.js';

export interface Author {
  tenantId: string;
  userId: string;
}

export type SaveTarget =
  | { mode: 'create'; campaignId: string; author: Author; newList?: ListToCreate }
  | { mode: 'edit'; campaignId: string; newList?: ListToCreate };

export type SaveOutcome =
  /** `again`: this very form had already been saved (a repeated Confirm). */
  | { kind: 'saved'; campaign: Campaign; firstSendAt: DateTime; again: boolean }
  | { kind: 'nameTaken' }
  | { kind: 'listNameTaken'; listName: string }
  /** No working time is left at the moment of saving. */
  | { kind: 'nothingToSend' }
  /** Edit only: the campaign was deleted, or started, since the form was opened. */
  | { kind: 'notEditable'; reason: string };

export async function saveCampaign(
  deps: Pick<UseCaseDeps, 'campaigns' | 'lists' | 'clock' | 'jobs' | 'logger'>,
  draft: CampaignDraft,
  target: SaveTarget,
): Promise<SaveOutcome> {
  const firstSendAt = firstSendInstant(draft, deps.clock.now());
  if (firstSendAt === null) {
    return { kind: 'nothingToSend' };
  }
  if (target.newList !== undefined) {
    const list = await createList(deps, target.newList);
    if (list.kind === 'nameTaken') {
      return { kind: 'listNameTaken', listName: target.newList.name };
    }
  }
  const stored =
    target.mode === 'create'
      ? await createCampaign(deps, draft, target)
      : await updateCampaign(deps, draft, target.campaignId);
  if (stored.kind !== 'stored') {
    return stored;
  }
  const startAt = startInstant(stored.campaign, firstSendAt, deps.clock.now());
  await deps.jobs.scheduleStart(stored.campaign.id, startAt.toJSDate());
  deps.logger.info(
    {
      campaignId: stored.campaign.id,
      tenantId: stored.campaign.tenantId,
      firstSendAt: firstSendAt.toISO(),
    },
    target.mode === 'create' ? 'campaign created' : 'campaign updated',
  );
  return { kind: 'saved', campaign: stored.campaign, firstSendAt, again: stored.again };
}

type StoreOutcome =
  | { kind: 'stored'; campaign: Campaign; again: boolean }
  | Extract<SaveOutcome, { kind: 'nameTaken' | 'notEditable' }>;

async function createCampaign(
  deps: Pick<UseCaseDeps, 'campaigns' | 'clock'>,
  draft: CampaignDraft,
  target: Extract<SaveTarget, { mode: 'create' }>,
): Promise<StoreOutcome> {
  const now = deps.clock.now().toMillis();
  const campaign: Campaign = {
    ...draft,
    id: target.campaignId,
    tenantId: target.author.tenantId,
    authorUserId: target.author.userId,
    status: 'scheduled',
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.campaigns.create(campaign);
    return { kind: 'stored', campaign, again: false };
  } catch (error) {
    if (!(error instanceof DuplicateError)) {
      throw error;
    }
    const same = await deps.campaigns.get(target.campaignId);
    return same === null ? { kind: 'nameTaken' } : { kind: 'stored', campaign: same, again: true };
  }
}

async function updateCampaign(
  deps: Pick<UseCaseDeps, 'campaigns' | 'clock'>,
  draft: CampaignDraft,
  campaignId: string,
): Promise<StoreOutcome> {
  const stored = await deps.campaigns.get(campaignId);
  if (stored === null) {
    return { kind: 'notEditable', reason: 'it was deleted meanwhile' };
  }
  const campaign: Campaign = {
    ...stored,
    ...draft,
    // The form holds the options this version declares; one a newer version saved stays.
    options: { ...stored.options, ...draft.options },
    status: 'scheduled',
    updatedAt: deps.clock.now().toMillis(),
  };
  const refusal = editRefusal(stored.status);
  try {
    if (refusal === null && (await deps.campaigns.update(campaign, ['draft', 'scheduled']))) {
      return { kind: 'stored', campaign, again: false };
    }
  } catch (error) {
    if (error instanceof DuplicateError) {
      return { kind: 'nameTaken' };
    }
    throw error;
  }
  return {
    kind: 'notEditable',
    reason: refusal === null ? 'it started meanwhile' : `it started meanwhile; ${refusal}`,
  };
}
