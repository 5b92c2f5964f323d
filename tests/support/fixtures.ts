/**
 * The campaign every suite starts from: a valid draft, then that draft as stored. Each suite
 * keeps its own `aCampaign`-style builder for its world (tenant, author, clock) on top of these.
 */
import type { Campaign, CampaignDraft, WorkingHours } from '../../src/domain/campaign.js';
import { defaultCampaignOptions } from '../../src/domain/campaignOptions.js';

/** Monday to Friday, 09:00–18:00 in Paris. */
export function parisOfficeHours(): WorkingHours {
  return { open: '09:00', close: '18:00', weekdays: [1, 2, 3, 4, 5], timeZone: 'Europe/Paris' };
}

/**
 * What an admin enters for a five-day Teams campaign to all reachable users, from Monday
 * 7 December 2026 in Paris office hours, sent when the recipient is Available, every option at
 * its default.
 */
export function aCampaignDraft(overrides: Partial<CampaignDraft> = {}): CampaignDraft {
  return {
    name: 'Spring Sale',
    message: 'Hello {{firstName}}',
    channel: 'teams',
    listId: 'all-users',
    startDate: '2026-12-07',
    durationDays: 5,
    workingHours: parisOfficeHours(),
    presencePolicy: 'available',
    options: defaultCampaignOptions(),
    ...overrides,
  };
}

/** Who saved a draft, its state, and when: created and last updated at `at`. */
export interface SavedAs {
  id: string;
  tenantId: string;
  status: Campaign['status'];
  authorUserId: string;
  at: number;
}

export function savedCampaign(draft: CampaignDraft, saved: SavedAs): Campaign {
  const { at, ...record } = saved;
  return { ...record, ...draft, createdAt: at, updatedAt: at };
}
