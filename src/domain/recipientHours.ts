/**
 * "Each recipient's working hours" (campaign option `recipientHours`): a recipient whose mailbox
 * settings could be read gets their own working hours — their zone, days, opening and closing —
 * for every timing rule of their delivery; the campaign's dates are then their local dates.
 * Anyone else gets the campaign's hours, and the reason is kept for the report.
 */
import { DateTime } from 'luxon';
import type { CampaignDraft, WorkingHours } from './campaign.js';
import { campaignWindow, type CampaignSchedule } from './workingTime.js';

/** Why a recipient got the campaign's hours instead of their own. */
export type HoursFallbackReason =
  /** The account has no Exchange Online mailbox (Graph: 404 MailboxNotEnabledForRESTAPI). */
  | 'no-mailbox'
  /** The bot may not read it: MailboxSettings.Read not granted (403). */
  | 'not-permitted'
  /** Graph knows no such user (404). */
  | 'not-found'
  /** Its time zone is neither an IANA nor a known Windows name (a custom zone). */
  | 'unknown-time-zone'
  /** No working days, or hours that do not open and close on the same day. */
  | 'no-working-hours'
  /** Graph did not answer, or kept throttling, after the retries. */
  | 'graph-unavailable'
  /** The bot reads no directory for this campaign's tenant (Graph not configured). */
  | 'no-directory';

export const FALLBACK_REASON_LABELS: Record<HoursFallbackReason, string> = {
  'no-mailbox': 'no mailbox',
  'not-permitted': 'not permitted',
  'not-found': 'user not found',
  'unknown-time-zone': 'unknown time zone',
  'no-working-hours': 'no working hours set',
  'graph-unavailable': 'Graph unavailable',
  'no-directory': 'no directory',
};

/** Whose hours a delivery follows, recorded when the campaign starts. */
export type RecipientHours =
  { source: 'own'; hours: WorkingHours } | { source: 'campaign'; reason: HoursFallbackReason };

/**
 * The campaign as seen by one delivery: with the recipient's own hours when it has them, so
 * the campaign's dates are read in the recipient's zone. Unchanged otherwise.
 */
export function scheduleFor<T extends CampaignSchedule>(
  campaign: T,
  delivery: { recipientHours?: RecipientHours },
): T {
  const own = delivery.recipientHours;
  return own?.source === 'own' ? { ...campaign, workingHours: own.hours } : campaign;
}

/** The zones where a calendar day begins first (UTC+14) and ends last (UTC−12). */
const EARLIEST_ZONE = 'Etc/GMT-14';
const LATEST_ZONE = 'Etc/GMT+12';

/**
 * The instants a campaign's dates cover in some zone of the world: from the start date's
 * midnight where it comes first to the end of its last day where that comes last. A campaign
 * with each recipient's hours starts (reads their settings) and ends within it.
 */
export function anyZoneSpan(campaign: Pick<CampaignSchedule, 'startDate' | 'durationDays'>): {
  start: DateTime;
  end: DateTime;
} {
  const day = (zone: string) => DateTime.fromISO(campaign.startDate, { zone });
  return {
    start: day(EARLIEST_ZONE),
    end: day(LATEST_ZONE).plus({ days: campaign.durationDays }),
  };
}

type ScheduleWithOptions = CampaignSchedule & Pick<CampaignDraft, 'options'>;

/**
 * When the campaign's start runs (its recipients are read and planned): the first send in its
 * own hours; with each recipient's hours, as soon as its start date has begun anywhere, so a
 * recipient ahead of the campaign's zone loses no working time.
 */
export function startInstant(
  campaign: ScheduleWithOptions,
  firstSendAt: DateTime,
  now: DateTime,
): DateTime {
  if (!campaign.options.recipientHours) return firstSendAt;
  const { start } = anyZoneSpan(campaign);
  return start > now ? start : now;
}

/** When the campaign's duration is over for every recipient. */
export function campaignEnd(campaign: ScheduleWithOptions): DateTime {
  const own = campaignWindow(campaign).end;
  if (!campaign.options.recipientHours) return own;
  const { end } = anyZoneSpan(campaign);
  return end > own ? end : own;
}

/** How many recipients got their own hours, and the campaign's by reason. */
export interface RecipientHoursCounts {
  own: number;
  campaign: Partial<Record<HoursFallbackReason, number>>;
}

/** "Own working hours: 812 · campaign's hours: 40 (no mailbox 31, not permitted 9)". */
export function describeRecipientHoursCounts(
  counts: RecipientHoursCounts,
  format: (n: number) => string = String,
): string {
  const reasons = (Object.entries(counts.campaign) as [HoursFallbackReason, number][])
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a);
  const fallback = reasons.reduce((sum, [, n]) => sum + n, 0);
  const why =
    reasons.length === 0
      ? ''
      : ` (${reasons.map(([reason, n]) => `${FALLBACK_REASON_LABELS[reason]} ${format(n)}`).join(', ')})`;
  return `Own working hours: ${format(counts.own)} · campaign's hours: ${format(fallback)}${why}`;
}

const WEEKDAY_ABBREVIATIONS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** One delivery's hours for the CSV: "own: Europe/Paris Mon Tue Wed Thu Fri 08:00–17:00", "campaign's: no mailbox". */
export function describeRecipientHours(hours: RecipientHours): string {
  if (hours.source === 'campaign') return `campaign's: ${FALLBACK_REASON_LABELS[hours.reason]}`;
  const { timeZone, weekdays, open, close } = hours.hours;
  const days = weekdays.map((day) => WEEKDAY_ABBREVIATIONS[day - 1]).join(' ');
  return `own: ${timeZone} ${days} ${open}–${close}`;
}
