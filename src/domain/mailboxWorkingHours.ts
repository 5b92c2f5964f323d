/**
 * A recipient's working hours from their Exchange mailbox settings, as Graph gives them
 * (`GET /users/{id}/mailboxSettings`):
 *
 *   { "timeZone": "Romance Standard Time",
 *     "workingHours": { "daysOfWeek": ["monday", …], "startTime": "08:00:00.0000000",
 *                       "endTime": "17:00:00.0000000", "timeZone": { "name": "Romance Standard Time" } } }
 *
 * The hours are in `workingHours.timeZone` (the mailbox's own zone when that is absent); either
 * may be a Windows or an IANA name.
 */
import type { Weekday, WorkingHours } from './campaign.js';
import type { RecipientHours } from './recipientHours.js';
import { ianaZoneOf } from './timeZoneNames.js';

const WEEKDAYS: Record<string, Weekday> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

interface MailboxSettingsBody {
  timeZone?: unknown;
  workingHours?: {
    daysOfWeek?: unknown;
    startTime?: unknown;
    endTime?: unknown;
    timeZone?: { name?: unknown } | null;
  } | null;
}

export function recipientHoursFromMailbox(settings: unknown): RecipientHours {
  const body = (
    typeof settings === 'object' && settings !== null ? settings : {}
  ) as MailboxSettingsBody;
  const working = body.workingHours;
  const weekdays = weekdaysOf(working?.daysOfWeek);
  const open = clockTime(working?.startTime);
  const close = clockTime(working?.endTime);
  // Hours past midnight (a night shift) do not fit the campaign's one-window-a-day rules.
  if (weekdays.length === 0 || open === null || close === null || open >= close) {
    return { source: 'campaign', reason: 'no-working-hours' };
  }
  const zoneName = text(working?.timeZone?.name) ?? text(body.timeZone);
  const timeZone = zoneName === undefined ? null : ianaZoneOf(zoneName);
  if (timeZone === null) return { source: 'campaign', reason: 'unknown-time-zone' };
  const hours: WorkingHours = { open, close, weekdays, timeZone };
  return { source: 'own', hours };
}

function weekdaysOf(days: unknown): Weekday[] {
  if (!Array.isArray(days)) return [];
  const numbers = days.flatMap((day) =>
    typeof day === 'string' && Object.hasOwn(WEEKDAYS, day.toLowerCase())
      ? [WEEKDAYS[day.toLowerCase()]!]
      : [],
  );
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/** "08:30:00.0000000" → "08:30" (seconds dropped: the campaign's hours are whole minutes). */
function clockTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (match === null || Number(match[1]) > 23 || Number(match[2]) > 59) return null;
  return `${match[1]}:${match[2]}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
