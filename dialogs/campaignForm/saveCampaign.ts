/**
 * Saving a confirmed form: a new campaign is stored as `scheduled`, an edited one replaces
 * the stored one only while it is still editable; either way its start job is (re-)planned
 * at the opening of its first working day.
 */
import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { Campaign, CampaignDraft } from '../../src/domain/campaign.js';
import { editRefusal } from '../../src/domain/lifecycle.js';
import { campaignStartInstant } from '../../src/domain/workingTime.js';
import { DuplicateError } from '../../src/store/Store.js';
import type { DialogDeps } from '../DialogDeps.js';

export interface Author {
  tenantId: string;
  userId: string;
}

export type SaveOutcome =
  | { kind: 'saved'; campaign: Campaign; startsAt: DateTime }
  | { kind: 'nameTaken' }
  /** Edit only: the campaign was deleted, or started, since the form was opened. */
  | { kind: 'notEditable'; reason: string };

export async function saveCampaign(
  deps: DialogDeps,
  draft: CampaignDraft,
  target: { mode: 'create'; author: Author } | { mode: 'edit'; campaignId: string },
): Promise<SaveOutcome> {
  const startsAt = campaignStartInstant(draft);
  if (startsAt === null) {
    // The form's review refuses such drafts; reaching this is a programming error.
    throw new RangeError('a campaign without a working day cannot be saved');
  }
  const now = deps.clock.now().toMillis();
  let campaign: Campaign;
  try {
    if (target.mode === 'create') {
      campaign = {
        ...draft,
        id: randomUUID(),
        tenantId: target.author.tenantId,
        authorUserId: target.author.userId,
        status: 'scheduled',
        createdAt: now,
        updatedAt: now,
      };
      await deps.campaigns.create(campaign);
    } else {
      const stored = await deps.campaigns.get(target.campaignId);
      if (stored === null) {
        return { kind: 'notEditable', reason: 'it was deleted meanwhile' };
      }
      campaign = { ...stored, ...draft, status: 'scheduled', updatedAt: now };
      const refusal = editRefusal(stored.status);
      if (refusal !== null || !(await deps.campaigns.update(campaign, ['draft', 'scheduled']))) {
        return {
          kind: 'notEditable',
          reason: refusal === null ? 'it started meanwhile' : `it started meanwhile; ${refusal}`,
        };
      }
    }
  } catch (error) {
    if (error instanceof DuplicateError) {
      return { kind: 'nameTaken' };
    }
    throw error;
  }
  await deps.jobs.scheduleStart(campaign.id, startsAt.toJSDate());
  deps.logger.info(
    { campaignId: campaign.id, tenantId: campaign.tenantId, startsAt: startsAt.toISO() },
    target.mode === 'create' ? 'campaign created' : 'campaign updated',
  );
  return { kind: 'saved', campaign, startsAt };
}
