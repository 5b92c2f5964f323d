/** What an admin may do with a campaign in each status (SPEC.md: Campaign, lifecycle). */
import type { CampaignStatus } from './campaign.js';

/** "Modified only when it has not yet been broadcast." */
export function canEdit(status: CampaignStatus): boolean {
  return status === 'draft' || status === 'scheduled';
}

/** Draft, scheduled (its jobs are removed) and finished campaigns can be deleted. */
export const DELETABLE_STATUSES: CampaignStatus[] = ['draft', 'scheduled', 'finished'];

export function canDelete(status: CampaignStatus): boolean {
  return DELETABLE_STATUSES.includes(status);
}

const RUNNING_REASON =
  'it is running: a running campaign can be neither modified nor cancelled; its information and report stay available';

/** Why the campaign cannot be edited, or null when it can. */
export function editRefusal(status: CampaignStatus): string | null {
  switch (status) {
    case 'draft':
    case 'scheduled':
      return null;
    case 'running':
      return RUNNING_REASON;
    case 'finished':
      return 'it is finished: only a campaign that has not started yet can be modified; its information and report stay available';
  }
}

/** Why the campaign cannot be deleted, or null when it can. */
export function deleteRefusal(status: CampaignStatus): string | null {
  return status === 'running' ? RUNNING_REASON : null;
}

/**
 * The per-recipient CSV has a line per delivery, and deliveries exist only once a campaign has
 * started: before that, or for a campaign that reached nobody, the export would be a bare header.
 */
export function canExport(status: CampaignStatus, recipients: number): boolean {
  return (status === 'running' || status === 'finished') && recipients > 0;
}
