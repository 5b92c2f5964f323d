/**
 * Local calendar dates and wall-clock times of a time zone turned into instants, the way
 * RFC 5545 (§3.3.5) reads them: a clock time the zone skips (a spring-forward gap) is taken with
 * the offset in force before the gap, so 02:30 on a 02:00 → 03:00 night is 03:30; a clock time
 * the zone shows twice (a fall-back overlap) is its first occurrence, the earlier instant.
 *
 * Every scheduling rule turns a date and a time into an instant here, and only here: luxon's own
 * reading of an ambiguous time depends on the offset in force on the day the code runs, so the
 * same campaign would be planned differently in winter and in summer.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Weekday } from './campaign.js';

/** A calendar day, yyyy-MM-dd. */
export type LocalDate = string;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

/**
 * The instant at which `zone`'s clocks show `time` (HH:mm) on `date` (yyyy-MM-dd), read as
 * RFC 5545 does (see above). Zones change offset at most once in any 48 hours, so the offsets a
 * day before and a day after are the only candidates.
 */
export function wallClockInstant(date: LocalDate, time: string, zone: string): DateTime {
  const tz = ianaZone(zone);
  const wall = wallAsUtcMillis(date, time);
  const before = tz.offset(wall - DAY_MS);
  const after = tz.offset(wall + DAY_MS);
  const occurrences = [before, after]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((instant) => wall - tz.offset(instant) * MINUTE_MS === instant);
  // No occurrence: a gap, read with the offset before it. Two: an overlap, the earlier one.
  const instant = occurrences.length === 0 ? wall - before * MINUTE_MS : Math.min(...occurrences);
  return DateTime.fromMillis(instant, { zone: tz });
}

/** The first instant of `date` in `zone`: its 00:00, or where midnight is skipped, 01:00. */
export function startOfLocalDay(date: LocalDate, zone: string): DateTime {
  return wallClockInstant(date, '00:00', zone);
}

/** The calendar day `instant` falls on in `zone`. */
export function localDateOf(instant: DateTime, zone: string): LocalDate {
  return instant.setZone(ianaZone(zone)).toFormat('yyyy-MM-dd');
}

/** `date` moved by `days` calendar days (no time zone involved). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(dateAsUtcMillis(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Monday = 1 … Sunday = 7, as Weekday counts. */
export function weekdayOf(date: LocalDate): Weekday {
  return (((new Date(dateAsUtcMillis(date)).getUTCDay() + 6) % 7) + 1) as Weekday;
}

function ianaZone(zone: string): IANAZone {
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new RangeError(`invalid time zone "${zone}"`);
  return tz;
}

/** The wall-clock reading as if it were UTC: what an offset is subtracted from. */
function wallAsUtcMillis(date: LocalDate, time: string): number {
  const match = TIME_PATTERN.exec(time);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (match === null || hour > 23 || minute > 59) {
    throw new RangeError(`invalid clock time "${time}", expected HH:mm`);
  }
  return dateAsUtcMillis(date) + hour * 60 * MINUTE_MS + minute * MINUTE_MS;
}

function dateAsUtcMillis(date: LocalDate): number {
  const match = DATE_PATTERN.exec(date);
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  const millis = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2026-02-30 over into March: only a day that reads back the same is valid.
  if (match === null || new Date(millis).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`invalid date "${date}", expected yyyy-MM-dd`);
  }
  return millis;
}
