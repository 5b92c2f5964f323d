/** The campaign as the product knows it (SPEC.md: Campaign). Pure data, no behaviour. */
import type { CampaignOptions } from './campaignOptions.js';
import type { CampaignRevision } from './revision.js';

export type Channel = 'teams' | 'skype';

/**
 * `available`: send only when Available.
 * `available-away-busy`: also Away / BeRightBack / Busy.
 * `ignore`: no presence source is configured, so presence is not checked.
 */
export type PresencePolicy = 'available' | 'available-away-busy' | 'ignore';

export type CampaignStatus = 'draft' | 'scheduled' | 'running' | 'finished';

/** Luxon weekday numbers: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface WorkingHours {
  /** Opening time, "HH:mm", local to `timeZone`. */
  open: string;
  /** Closing time, "HH:mm", local to `timeZone`; strictly after `open`. */
  close: string;
  /** Working weekdays, sorted, no duplicates. Default Mon–Fri. */
  weekdays: Weekday[];
  /** IANA time zone, e.g. "Europe/Paris". */
  timeZone: string;
}

/** The fields an admin enters in chat. */
export interface CampaignDraft {
  name: string;
  /** Markdown with placeholders {{firstName}} {{lastName}} {{fullName}} {{email}}. */
  message: string;
  channel: Channel;
  listId: string;
  /** Calendar day "yyyy-MM-dd" in `workingHours.timeZone`. */
  startDate: string;
  /** 1–30. */
  durationDays: number;
  workingHours: WorkingHours;
  presencePolicy: PresencePolicy;
  /** The settings beyond these fields, declared in campaignOptions.ts. */
  options: CampaignOptions;
}

export interface Campaign extends CampaignDraft {
  id: string;
  tenantId: string;
  status: CampaignStatus;
  /** Reachable-user id of the admin who created it; gets the final report. */
  authorUserId: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  startedAt?: number;
  /**
   * When its start had planned every recipient. Until then the audience is still being read
   * (page by page, perhaps retried after a Graph failure), so deliveries all done do not mean
   * the campaign is done.
   */
  plannedAt?: number;
  finishedAt?: number;
  /**
   * Why the campaign ended before it could reach anyone, in words for its author (e.g. its
   * directory audience could not be read); absent when it ran its course.
   */
  endReason?: string;
  /** The recall or correction of its sent messages, once an admin asked for one. */
  revision?: CampaignRevision;
}
