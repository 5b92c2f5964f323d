/**
 * Recall and correction of a campaign's sent messages (SPEC.md: Recall and correct): the
 * emergency actions taken on a running or finished campaign, apart from `edit` and `delete`,
 * which still never touch a running one. Pure rules and figures; no I/O.
 */
import type { CampaignStatus } from './campaign.js';

export type RevisionKind = 'recall' | 'correct';

/** The trace a recall or correction leaves on its campaign: who, when, what. */
export interface CampaignRevision {
  kind: RevisionKind;
  /** Reachable-user id of the admin who asked; gets the report when it is done. */
  byUserId: string;
  /** Their display name, kept for the trace. */
  byName: string;
  /** Epoch ms of the confirmation. */
  at: number;
  /** A correction's new message (the campaign's message from then on). */
  message?: string;
  /** Epoch ms at which every delivered message was dealt with; absent while under way. */
  completedAt?: number;
}

/**
 * What became of one delivered message. Absent: still to do.
 * applying   → persisted right before the request; found here after a crash it becomes `unknown`
 * done       → deleted (recall) or replaced (correction)
 * failed     → the Bot Connector refused for good; the delivery's `revisionReason` says why
 * unknown    → the request was interrupted with an unknown outcome; never tried again
 * up-to-date → sent after the correction, with the new message already: nothing to replace
 */
export type RevisionStatus = 'applying' | 'done' | 'failed' | 'unknown' | 'up-to-date';

/** Reason of the pending deliveries a recall cancels. */
export const RECALLED_REASON = 'recalled';

/** The campaign's end reason when a recall stops it while it runs. */
export const RECALL_END_REASON = 'recalled by an admin';

const REVISABLE_STATUSES: readonly CampaignStatus[] = ['running', 'finished'];

/** Why the campaign cannot be recalled or corrected now, or null when it can. */
export function revisionRefusal(
  campaign: { status: CampaignStatus; revision?: CampaignRevision },
  kind: RevisionKind,
): string | null {
  if (!REVISABLE_STATUSES.includes(campaign.status)) {
    return `it has not started, so nothing was sent: ${kind === 'recall' ? '`delete` it' : '`edit` its message'} instead`;
  }
  const earlier = campaign.revision;
  if (earlier !== undefined) {
    return earlier.kind === 'recall'
      ? 'it was already recalled'
      : 'it was already corrected once; a campaign is corrected at most once';
  }
  return null;
}

/** Counts of a campaign's delivered messages by what became of them. */
export interface RevisionCounts {
  /** Delivered, not yet dealt with. */
  waiting: number;
  applying: number;
  done: number;
  failed: number;
  unknown: number;
  upToDate: number;
  /** Failed ones per reason (conversation-not-found, forbidden, …). */
  failures: Record<string, number>;
  /** Pending deliveries a recall cancelled (`unscheduled`, reason recalled). */
  cancelled: number;
}

export function zeroRevisionCounts(): RevisionCounts {
  return {
    waiting: 0,
    applying: 0,
    done: 0,
    failed: 0,
    unknown: 0,
    upToDate: 0,
    failures: {},
    cancelled: 0,
  };
}

/** Adds a group of sent messages, as a store counted them, to `counts`. */
export function addRevisionCount(
  counts: RevisionCounts,
  revision: RevisionStatus | null,
  reason: string | null,
  count: number,
): void {
  switch (revision) {
    case null:
      counts.waiting += count;
      return;
    case 'up-to-date':
      counts.upToDate += count;
      return;
    case 'failed': {
      const why = reason ?? 'unspecified';
      counts.failed += count;
      counts.failures[why] = (counts.failures[why] ?? 0) + count;
      return;
    }
    default:
      counts[revision] += count;
  }
}

/** Where a recall or correction stands: n of m delivered messages dealt with. */
export interface RevisionProgress {
  /** Delivered messages to delete or replace. */
  total: number;
  /** Dealt with, whatever the outcome. */
  handled: number;
  done: number;
  failed: number;
  unknown: number;
  failures: Record<string, number>;
  /** Pending deliveries cancelled (recall) or sent the new message already (correction). */
  cancelled: number;
  upToDate: number;
}

export function revisionProgress(counts: RevisionCounts): RevisionProgress {
  const handled = counts.done + counts.failed + counts.unknown;
  return {
    total: handled + counts.waiting + counts.applying,
    handled,
    done: counts.done,
    failed: counts.failed,
    unknown: counts.unknown,
    failures: counts.failures,
    cancelled: counts.cancelled,
    upToDate: counts.upToDate,
  };
}
