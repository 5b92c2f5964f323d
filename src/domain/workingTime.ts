/**
 * Calendar rules of a campaign: which days are working days, when a day opens and closes, and which
 * period the campaign covers. Everything is computed in the campaign's time zone, so opening hours
 * stay at the same wall-clock time across daylight-saving changes.
 */
import { DateTime } from 'luxon';
import type { CampaignDraft, Weekday, WorkingHours } from './campaign.js';

/** The part of a campaign the scheduling rules need. */
export type CampaignSchedule = Pick<CampaignDraft, 'startDate' | 'durationDays' | 'workingHours'>;

/** Half-open interval [open, close). */
export interface WorkingWindow {
  open: DateTime;
  close: DateTime;
}

export function isWorkingDay(day: DateTime, hours: WorkingHours): boolean {
  return hours.weekdays.includes(day.setZone(hours.timeZone).weekday as Weekday);
}

/**
 * The opening hours of `day`'s calendar day in the campaign zone; null on a non-working day, and
 * on a day whose clocks jump over the whole of them (02:10–02:50 on a 02:00 → 03:00 night).
 */
export function workingWindow(day: DateTime, hours: WorkingHours): WorkingWindow | null {
  const local = day.setZone(hours.timeZone);
  if (!isWorkingDay(local, hours)) {
    return null;
  }
  const open = atClockTime(local, hours.open);
  const close = atClockTime(local, hours.close);
  return open < close ? { open, close } : null;
}

/** Opening inclusive, closing exclusive; a non-working day (null window) has no hours. */
export function isWithinWindow(instant: DateTime, window: WorkingWindow | null): boolean {
  return window !== null && instant >= window.open && instant < window.close;
}

/** Start (00:00 in the zone) of the first working day strictly after `after`'s calendar day. */
export function nextWorkingDay(after: DateTime, hours: WorkingHours): DateTime {
  const today = after.setZone(hours.timeZone).startOf('day');
  for (let offset = 1; offset <= 7; offset++) {
    const day = today.plus({ days: offset }).startOf('day');
    if (isWorkingDay(day, hours)) {
      return day;
    }
  }
  throw new RangeError('working hours have no working weekday');
}

/** [start, end): from 00:00 of the start date, `durationDays` calendar days long, in the zone. */
export function campaignWindow(campaign: CampaignSchedule): { start: DateTime; end: DateTime } {
  const start = DateTime.fromISO(campaign.startDate, { zone: campaign.workingHours.timeZone });
  if (!start.isValid) {
    throw new RangeError(`invalid start date or time zone: ${start.invalidExplanation ?? ''}`);
  }
  // The start of the day, not the start's clock time: on a day whose clocks jump at midnight
  // (Havana, Beirut) the first instant is 01:00, and `plus` would keep that hour.
  return { start, end: start.plus({ days: campaign.durationDays }).startOf('day') };
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
  const { start, end } = campaignWindow(campaign);
  const firstDay = from > start ? from.setZone(hours.timeZone).startOf('day') : start;
  for (let day = firstDay; day < end; day = nextWorkingDay(day, hours)) {
    const window = workingWindow(day, hours);
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

/**
 * The first instant of `day`'s calendar day at which the zone's clock shows `hhmm` or later.
 * Where a spring-forward jump skips `hhmm` (Gaza 02:00 → 03:00, Havana 00:00 → 01:00), that is
 * the end of the jump: the moment the clock has passed `hhmm`. (Luxon would instead move the
 * time forward by the jump's length, 02:52 → 03:52, past a 03:02 closing time.)
 */
function atClockTime(day: DateTime, hhmm: string): DateTime {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (match === null) {
    throw new RangeError(`invalid clock time "${hhmm}", expected HH:mm`);
  }
  const wanted = {
    year: day.year,
    month: day.month,
    day: day.day,
    hour: Number(match[1]),
    minute: Number(match[2]),
  };
  const instant = DateTime.fromObject(wanted, { zone: day.zone });
  if (instant.hour === wanted.hour && instant.minute === wanted.minute) {
    return instant;
  }
  return endOfJumpOver(
    instant,
    Date.UTC(wanted.year, wanted.month - 1, wanted.day, wanted.hour, wanted.minute),
  );
}

/** Longest jump of any zone's clock (Samoa skipped a whole day in 2011), with room to spare. */
const LONGEST_JUMP_MS = 25 * 3_600_000;

/**
 * `shifted` is luxon's reading of a clock time the zone skips; `skippedWall` that clock time as
 * if it were UTC. The jump ends before `shifted` and within a day of it: the first instant whose
 * clock shows `skippedWall` or later is found by bisection.
 */
function endOfJumpOver(shifted: DateTime, skippedWall: number): DateTime {
  const zone = shifted.zone;
  const wallAt = (ms: number) => ms + zone.offset(ms) * 60_000;
  let before = shifted.toMillis() - LONGEST_JUMP_MS;
  let after = shifted.toMillis();
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (wallAt(middle) >= skippedWall) after = middle;
    else before = middle;
  }
  return DateTime.fromMillis(after, { zone });
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
