/**
 * Calendar rules of a campaign: which days are working days, when a day opens and closes, and which
 * period the campaign covers. Everything is computed in the working hours' time zone, so opening
 * hours stay at the same wall-clock time across daylight-saving changes; clock times a change
 * skips or repeats are read as RFC 5545 does (wallClock.ts).
 */
import type { DateTime } from 'luxon';
import type { CampaignDraft, WorkingHours } from './campaign.js';
import {
  addDays,
  localDateOf,
  startOfLocalDay,
  wallClockInstant,
  weekdayOf,
  type LocalDate,
} from './wallClock.js';

/** The part of a campaign the scheduling rules need. */
export type CampaignSchedule = Pick<CampaignDraft, 'startDate' | 'durationDays' | 'workingHours'>;

/** Half-open interval [open, close). */
export interface WorkingWindow {
  open: DateTime;
  close: DateTime;
}

export function isWorkingDay(day: DateTime, hours: WorkingHours): boolean {
  return isWorkingDate(localDateOf(day, hours.timeZone), hours);
}

/**
 * The opening hours of `day`'s calendar day in the hours' zone; null on a non-working day, and on
 * a day whose clocks jump over their opening so far that it falls after closing (02:52–03:02 on a
 * 02:00 → 03:00 night opens at 03:52).
 */
export function workingWindow(day: DateTime, hours: WorkingHours): WorkingWindow | null {
  return workingWindowOn(localDateOf(day, hours.timeZone), hours);
}

/** Opening inclusive, closing exclusive; a non-working day (null window) has no hours. */
export function isWithinWindow(instant: DateTime, window: WorkingWindow | null): boolean {
  return window !== null && instant >= window.open && instant < window.close;
}

/** Start (00:00 in the zone) of the first working day strictly after `after`'s calendar day. */
export function nextWorkingDay(after: DateTime, hours: WorkingHours): DateTime {
  const today = localDateOf(after, hours.timeZone);
  for (let offset = 1; offset <= 7; offset++) {
    const date = addDays(today, offset);
    if (isWorkingDate(date, hours)) {
      return startOfLocalDay(date, hours.timeZone);
    }
  }
  throw new RangeError('working hours have no working weekday');
}

/**
 * [start, end): from the first instant of the start date to the first instant of the day after
 * its last, `durationDays` calendar days later, in the zone (01:00 on a day whose midnight the
 * clocks skip, as in Havana or Beirut).
 */
export function campaignWindow(campaign: CampaignSchedule): { start: DateTime; end: DateTime } {
  const zone = campaign.workingHours.timeZone;
  return {
    start: startOfLocalDay(campaign.startDate, zone),
    end: startOfLocalDay(endDateOf(campaign), zone),
  };
}

/**
 * The working hours of the campaign still ahead at `from`: the first working day of the campaign
 * whose window closes after `from`, its opening moved up to `from` when that day is already open.
 * Null when the campaign has no working time left.
 */
export function remainingWorkingWindow(
  campaign: CampaignSchedule,
  from: DateTime,
): WorkingWindow | null {
  const hours = campaign.workingHours;
  const fromDate = localDateOf(from, hours.timeZone);
  const endDate = endDateOf(campaign);
  const firstDate = fromDate > campaign.startDate ? fromDate : campaign.startDate;
  // yyyy-MM-dd strings sort as the days they name.
  for (let date = firstDate; date < endDate; date = addDays(date, 1)) {
    const window = workingWindowOn(date, hours);
    if (window !== null && window.close > from) {
      return { open: window.open > from ? window.open : from, close: window.close };
    }
  }
  return null;
}

/** When the campaign starts: the opening of its first working day; null if it has none. */
export function campaignStartInstant(campaign: CampaignSchedule): DateTime | null {
  return remainingWorkingWindow(campaign, campaignWindow(campaign).start)?.open ?? null;
}

/** Whether the campaign's period has a working weekday, whether or not its hours fit that day. */
export function hasWorkingWeekday(campaign: CampaignSchedule): boolean {
  return Array.from({ length: Math.min(campaign.durationDays, 7) }, (_, i) =>
    addDays(campaign.startDate, i),
  ).some((date) => isWorkingDate(date, campaign.workingHours));
}

function isWorkingDate(date: LocalDate, hours: WorkingHours): boolean {
  return hours.weekdays.includes(weekdayOf(date));
}

/** Opening and closing read as RFC 5545 does (wallClock.ts), so both may move on a DST day. */
function workingWindowOn(date: LocalDate, hours: WorkingHours): WorkingWindow | null {
  if (!isWorkingDate(date, hours)) {
    return null;
  }
  const open = wallClockInstant(date, hours.open, hours.timeZone);
  const close = wallClockInstant(date, hours.close, hours.timeZone);
  return open < close ? { open, close } : null;
}

/** The first calendar day after the campaign. */
function endDateOf(campaign: CampaignSchedule): LocalDate {
  return addDays(campaign.startDate, campaign.durationDays);
}

/**
 * When the first message of a campaign saved at `now` can go out: its start, or `now` when its
 * hours are open, or the next opening still inside the campaign. Null when, at `now`, the
 * campaign has no working time left (a 1-day campaign starting today after closing time).
 */
export function firstSendInstant(campaign: CampaignSchedule, now: DateTime): DateTime | null {
  return remainingWorkingWindow(campaign, now)?.open ?? null;
}

/**
 * The instant `durationMs` of working time after `from`: only the open hours of working days
 * count, so 4 working hours from Friday 15:00 with 09:00–18:00 hours end Monday 10:00. An
 * instant that would land exactly on closing time lands on the next opening instead (closing
 * is outside the hours). A function of the hours alone, so a recipient's own hours can be given.
 */
export function addWorkingTime(from: DateTime, durationMs: number, hours: WorkingHours): DateTime {
  let remaining = durationMs;
  for (let day: DateTime = from.setZone(hours.timeZone); ; day = nextWorkingDay(day, hours)) {
    const window = workingWindow(day, hours);
    if (window === null) continue;
    const start = window.open > from ? window.open : from;
    const open = window.close.toMillis() - start.toMillis();
    if (open <= 0) continue;
    if (remaining < open) return start.plus({ milliseconds: remaining });
    remaining -= open;
  }
}
