/**
 * `recall` and `correct` (SPEC.md: Recall and correct): what a confirmation says will happen,
 * and starting it. Starting writes the trace on the campaign (one conditional write: two admins
 * confirming at once, one wins), then a recall stops the campaign and cancels its pending
 * deliveries; the revision workers of every process then delete or replace the sent messages.
 */
import type { Campaign } from '../domain/campaign.js';
import { checkField, formValuesOf } from '../domain/campaignFields.js';
import {
  RECALL_END_REASON,
  RECALLED_REASON,
  revisionProgress,
  revisionRefusal,
  type CampaignRevision,
  type RevisionKind,
  type RevisionProgress,
} from '../domain/revision.js';
import type { Validation } from '../domain/campaignValidation.js';
import type { Clock } from './ports/Clock.js';
import type { Logger } from './ports/Logger.js';
import type { CampaignStore, DeliveryStore, RevisionStore } from './ports/repositories.js';

export interface RevisionDeps {
  campaigns: Pick<CampaignStore, 'get' | 'setStatus'>;
  deliveries: Pick<DeliveryStore, 'countByStatus' | 'unscheduleRemaining'>;
  revisions: RevisionStore;
  clock: Clock;
  logger: Logger;
  /** False when the operator turned recall and correction off (RECALL_AND_CORRECT=off). */
  enabled: boolean;
}

export type RevisionRefusal =
  | { kind: 'disabled' }
  | { kind: 'missing' }
  | { kind: 'refused'; campaign: Campaign; reason: string };

/** What a confirmation tells the admin before anything happens. */
export interface RevisionPlan {
  kind: 'allowed';
  campaign: Campaign;
  /** Messages delivered so far: deleted by a recall, replaced by a correction. */
  delivered: number;
  /** Deliveries still to come: cancelled by a recall, sent the new message by a correction. */
  pending: number;
}

export type RevisionStart =
  { kind: 'started'; campaign: Campaign; cancelled: number } | RevisionRefusal;

/** Who confirmed. */
export interface Reviser {
  userId: string;
  name: string;
}

/** Where a campaign's recall or correction stands, for `info` and the report. */
export interface RevisionState {
  revision: CampaignRevision;
  progress: RevisionProgress;
}

export async function planRevision(
  deps: RevisionDeps,
  campaignId: string,
  kind: RevisionKind,
): Promise<RevisionPlan | RevisionRefusal> {
  if (!deps.enabled) return { kind: 'disabled' };
  const campaign = await deps.campaigns.get(campaignId);
  if (campaign === null) return { kind: 'missing' };
  const reason = revisionRefusal(campaign, kind);
  if (reason !== null) return { kind: 'refused', campaign, reason };
  const counts = await deps.deliveries.countByStatus(campaignId);
  return {
    kind: 'allowed',
    campaign,
    delivered: counts.sent,
    pending: counts.pending + counts.sending,
  };
}

/** The new message of a correction, checked by the campaign form's message rule. */
export function checkNewMessage(
  campaign: Campaign,
  text: string,
  clock: Clock,
): Validation<string> {
  // Only the message field's rule runs; the rest of the context is what the table asks of any field.
  return checkField(
    'message',
    { ...formValuesOf(campaign), message: text },
    { now: clock.now(), timeZone: campaign.workingHours.timeZone, presenceConfigured: true },
  );
}

export async function recallCampaign(
  deps: RevisionDeps,
  campaignId: string,
  by: Reviser,
): Promise<RevisionStart> {
  const started = await startRevision(deps, campaignId, 'recall', by);
  if (started.kind !== 'started') return started;
  const now = deps.clock.now().toMillis();
  // Stopped first, so no finish job or drained round reports it as having run its course.
  await deps.campaigns.setStatus(campaignId, 'running', 'finished', now, RECALL_END_REASON);
  const cancelled = await deps.deliveries.unscheduleRemaining(campaignId, RECALLED_REASON, now);
  deps.logger.info({ campaignId, cancelled }, 'campaign recalled');
  return { ...started, cancelled };
}

export async function correctCampaign(
  deps: RevisionDeps,
  campaignId: string,
  message: string,
  by: Reviser,
): Promise<RevisionStart> {
  const started = await startRevision(deps, campaignId, 'correct', by, message);
  if (started.kind === 'started') deps.logger.info({ campaignId }, 'campaign corrected');
  return started;
}

async function startRevision(
  deps: RevisionDeps,
  campaignId: string,
  kind: RevisionKind,
  by: Reviser,
  message?: string,
): Promise<RevisionStart> {
  const plan = await planRevision(deps, campaignId, kind);
  if (plan.kind !== 'allowed') return plan;
  const revision: CampaignRevision = {
    kind,
    byUserId: by.userId,
    byName: by.name,
    at: deps.clock.now().toMillis(),
    ...(message === undefined ? {} : { message }),
  };
  if (!(await deps.revisions.start(campaignId, revision))) {
    // Someone else recalled or corrected it meanwhile: say why from what is stored now.
    const now = await planRevision(deps, campaignId, kind);
    return now.kind === 'allowed' ? { kind: 'missing' } : now;
  }
  const campaign = { ...plan.campaign, revision, message: message ?? plan.campaign.message };
  return { kind: 'started', campaign, cancelled: 0 };
}

/** Null when the campaign was never recalled nor corrected. */
export async function revisionState(
  deps: Pick<RevisionDeps, 'revisions'>,
  campaign: Campaign,
): Promise<RevisionState | null> {
  if (campaign.revision === undefined) return null;
  const counts = await deps.revisions.counts(campaign.id);
  return { revision: campaign.revision, progress: revisionProgress(counts) };
}
