/**
 * The input rules of a campaign's fields (SPEC.md: Campaign). Each validator takes what the
 * admin typed or submitted and returns either the normalised value or an error that says
 * what was wrong and what is accepted. Pure: "now" is passed in, uniqueness of the name and
 * existence of the list are checked against the store by the dialog.
 */
import { DateTime } from 'luxon';
import type { Channel, PresencePolicy, Weekday, WorkingHours } from './campaign.js';
import { findUnknownPlaceholders, PLACEHOLDERS } from './placeholders.js';
import {
  MAX_REMINDER_DELAY_HOURS,
  MAX_REMINDERS,
  type ReminderCount,
  type ReminderSchedule,
} from './reminders.js';
import { excerpt, hasVisibleCharacter, visibleLength } from './text.js';
import { addDays, localDateOf, type LocalDate } from './wallClock.js';

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

const valid = <T>(value: T): Validation<T> => ({ ok: true, value });
const invalid = <T>(error: string): Validation<T> => ({ ok: false, error });

/** `"x" is not a date.` — or, for an empty answer, `missing.` (a quoted "" reads like a bug). */
function notA(what: string, input: string): string {
  const text = input.trim();
  return text === '' ? 'missing.' : `"${excerpt(text)}" is not ${what}.`;
}

export const NAME_MAX_LENGTH = 80;
export const MESSAGE_MAX_LENGTH = 4000;
export const DURATION_MIN_DAYS = 1;
export const DURATION_MAX_DAYS = 30;
export const DEFAULT_WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5];

/** A campaign or list name: 1 to 80 characters as a person counts them, at least one visible. */
export function validateName(input: string): Validation<string> {
  const name = input.trim();
  const accepted = `Accepted: 1 to ${NAME_MAX_LENGTH} characters, at least one of them visible.`;
  if (name.length === 0) {
    return invalid(`it is empty. ${accepted}`);
  }
  if (!hasVisibleCharacter(name)) {
    return invalid(`it has no visible character. ${accepted}`);
  }
  const length = visibleLength(name);
  if (length > NAME_MAX_LENGTH) {
    return invalid(`it is ${length} characters long. ${accepted}`);
  }
  return valid(name);
}

export function validateMessage(input: string): Validation<string> {
  const message = input.trim();
  const accepted = `Accepted: 1 to ${MESSAGE_MAX_LENGTH} characters of Markdown, with the placeholders ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')} (spelled exactly, no spaces inside the braces).`;
  if (!hasVisibleCharacter(message)) {
    return invalid(`it is empty. ${accepted}`);
  }
  const length = visibleLength(message);
  if (length > MESSAGE_MAX_LENGTH) {
    return invalid(`it is ${length} characters long. ${accepted}`);
  }
  const unknown = findUnknownPlaceholders(message);
  if (unknown.length > 0) {
    const list = unknown.join(', ');
    return invalid(`unknown placeholder${unknown.length > 1 ? 's' : ''} ${list}. ${accepted}`);
  }
  return valid(message);
}

export function validateChannel(input: string): Validation<Channel> {
  const channel = input.trim().toLowerCase();
  if (channel === 'teams' || channel === 'skype') {
    return valid(channel);
  }
  return invalid(`${notA('a channel', input)} Accepted: Teams or Skype.`);
}

/** A list id must be chosen; whether the list exists is the dialog's business (store). */
export function validateListId(input: string): Validation<string> {
  const listId = input.trim();
  return listId.length > 0 ? valid(listId) : invalid('no list was chosen. Accepted: one list.');
}

/** IANA names for the abbreviations people type, offered when they are refused. */
const ABBREVIATION_SUGGESTIONS: Record<string, string> = {
  est: 'America/New_York (Eastern, with daylight saving) or America/Panama (no daylight saving)',
  edt: 'America/New_York',
  cst: 'America/Chicago (US Central) or Asia/Shanghai (China)',
  cdt: 'America/Chicago',
  mst: 'America/Denver (with daylight saving) or America/Phoenix (without)',
  mdt: 'America/Denver',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  gmt: 'Europe/London (with summer time) or UTC',
  bst: 'Europe/London',
  cet: 'Europe/Paris, Europe/Berlin or Europe/Madrid',
  cest: 'Europe/Paris, Europe/Berlin or Europe/Madrid',
  eet: 'Europe/Athens or Europe/Helsinki',
  ist: 'Asia/Kolkata (India), Europe/Dublin (Ireland) or Asia/Jerusalem (Israel)',
  jst: 'Asia/Tokyo',
  aest: 'Australia/Sydney',
};

/**
 * Canonical IANA name ("europe/paris" → "Europe/Paris"). Abbreviations and fixed offsets are
 * refused: "EST" is both New York without its summer time and Panama, a guess either way.
 */
export function validateTimeZone(input: string): Validation<string> {
  const zone = input.trim();
  const accepted = 'Accepted: an IANA time zone such as Europe/Paris, America/New_York or UTC.';
  if (zone.length === 0) {
    return invalid(`it is empty. ${accepted}`);
  }
  const suggestion = ABBREVIATION_SUGGESTIONS[zone.toLowerCase()];
  const hint = suggestion === undefined ? '' : ` Did you mean ${suggestion}?`;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return invalid(`"${excerpt(zone)}" is not a known time zone.${hint} ${accepted}`);
  }
  // ICU resolves "EST" to America/Panama and "CET" to Europe/Brussels: only an IANA Area/Location
  // name (Europe/Paris, or an explicit Etc/GMT-2) or UTC says which rules apply.
  if (!zone.includes('/') && zone.toLowerCase() !== 'utc') {
    return invalid(
      `"${excerpt(zone)}" is an abbreviation, not a time zone name, so which region's daylight-saving rules apply is unknown.${hint} ${accepted}`,
    );
  }
  return valid(canonical);
}

const DATE_FORMATS = ['yyyy-MM-dd', 'dd/MM/yyyy', 'd/M/yyyy'];

/**
 * A calendar day, today or later in `timeZone` at `now`. Accepts yyyy-MM-dd (what card date
 * inputs send), dd/MM/yyyy (what people type), "today" and "tomorrow". Returns yyyy-MM-dd.
 */
export function validateStartDate(
  input: string,
  ctx: { now: DateTime; timeZone: string },
): Validation<string> {
  const text = input.trim().toLowerCase();
  const today = localDateOf(ctx.now, ctx.timeZone);
  const accepted = `Accepted: today (${today} in ${ctx.timeZone}) or a later day, as yyyy-MM-dd or dd/MM/yyyy, or "today" / "tomorrow".`;
  let iso: LocalDate | undefined;
  if (text === 'today') {
    iso = today;
  } else if (text === 'tomorrow') {
    iso = addDays(today, 1);
  } else {
    // Parsed as calendar days, in no zone: only the day counts, not an instant of it.
    iso = DATE_FORMATS.map((format) => DateTime.fromFormat(text, format, { zone: 'utc' }))
      .find((parsed) => parsed.isValid)
      ?.toFormat('yyyy-MM-dd');
  }
  if (iso === undefined) {
    return invalid(`${notA('a date', input)} ${accepted}`);
  }
  // yyyy-MM-dd strings sort as the days they name.
  if (iso < today) {
    return invalid(`${iso} is in the past. ${accepted}`);
  }
  return valid(iso);
}

export function validateDuration(input: string | number): Validation<number> {
  const text = String(input)
    .trim()
    .replace(/\s*days?$/i, '');
  const accepted = `Accepted: a whole number of days from ${DURATION_MIN_DAYS} to ${DURATION_MAX_DAYS}.`;
  if (!/^\d+$/.test(text)) {
    return invalid(`${notA('a whole number', String(input))} ${accepted}`);
  }
  const days = Number(text);
  if (days < DURATION_MIN_DAYS || days > DURATION_MAX_DAYS) {
    return invalid(`${days} is out of range. ${accepted}`);
  }
  return valid(days);
}

/** "9:00", "09:00", "09h00", "9h" → "09:00" (24-hour clock). */
export function validateClockTime(input: string): Validation<string> {
  const text = input.trim().toLowerCase();
  const accepted = 'Accepted: a 24-hour time such as 09:00, 9:00, 09h00 or 18h.';
  const match = /^(\d{1,2})(?:[:h](\d{2})?)?$/.exec(text);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2] ?? '0');
  if (
    match === null ||
    (match[2] === undefined && !text.endsWith('h')) ||
    hour > 23 ||
    minute > 59
  ) {
    return invalid(`${notA('a time', input)} ${accepted}`);
  }
  return valid(`${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
}

/** Opening and closing time of the working day; closing strictly after opening, same day. */
export function validateOpeningHours(
  openInput: string,
  closeInput: string,
): Validation<Pick<WorkingHours, 'open' | 'close'>> {
  const open = validateClockTime(openInput);
  if (!open.ok) {
    return invalid(`opening time ${open.error}`);
  }
  const close = validateClockTime(closeInput);
  if (!close.ok) {
    return invalid(`closing time ${close.error}`);
  }
  // "HH:mm" strings compare in clock order.
  if (close.value <= open.value) {
    return invalid(
      `closing time ${close.value} is not after opening time ${open.value}. Accepted: a closing time later on the same day, e.g. 09:00–18:00.`,
    );
  }
  return valid({ open: open.value, close: close.value });
}

/** Both times in one answer, as typed in chat: "09:00-18:00", "9h to 18h". */
export function validateOpeningHoursRange(
  input: string,
): Validation<Pick<WorkingHours, 'open' | 'close'>> {
  const parts = input.trim().split(/\s*(?:-|–|\bto\b)\s*/i);
  if (parts.length !== 2) {
    return invalid(
      `${notA('an opening and a closing time', input)} Accepted: two 24-hour times such as 09:00-18:00.`,
    );
  }
  return validateOpeningHours(parts[0] ?? '', parts[1] ?? '');
}

const WEEKDAY_NAMES: Record<Weekday, string> = {
  1: 'monday',
  2: 'tuesday',
  3: 'wednesday',
  4: 'thursday',
  5: 'friday',
  6: 'saturday',
  7: 'sunday',
};

/** "mon", "monday", "1" (card choice values, luxon numbering) → 1. */
function parseWeekday(token: string): Weekday | null {
  if (/^[1-7]$/.test(token)) {
    return Number(token) as Weekday;
  }
  for (const [number, name] of Object.entries(WEEKDAY_NAMES)) {
    if (token.length >= 3 && name.startsWith(token)) {
      return Number(number) as Weekday;
    }
  }
  return null;
}

/** Each day from `from` to `to` inclusive; a range may wrap over the week end (Sat-Mon). */
function weekdayRange(from: Weekday, to: Weekday): Weekday[] {
  const days: Weekday[] = [from];
  for (let day = from; day !== to;) {
    day = ((day % 7) + 1) as Weekday;
    days.push(day);
  }
  return days;
}

/**
 * Working weekdays from names, abbreviations, numbers 1–7 (Monday = 1) and ranges, separated
 * by commas, semicolons or spaces: "Mon-Fri", "mon, wed, fri", "1,2,3". Sorted, no repeats.
 */
export function validateWeekdays(input: string | string[]): Validation<Weekday[]> {
  const text = (Array.isArray(input) ? input.join(',') : input).trim().toLowerCase();
  const accepted =
    'Accepted: at least one day, as names or abbreviations separated by commas, or a range such as Mon-Fri.';
  const tokens = text
    .replace(/\s*-\s*/g, '-')
    .split(/[\s,;]+/)
    .filter((token) => token.length > 0);
  if (tokens.length === 0) {
    return invalid(`no day was given. ${accepted}`);
  }
  const days = new Set<Weekday>();
  for (const token of tokens) {
    const [fromText, toText, ...rest] = token.split('-');
    const from = parseWeekday(fromText ?? '');
    const to = toText === undefined ? from : parseWeekday(toText);
    if (from === null || to === null || rest.length > 0) {
      return invalid(`${notA('a weekday', token)} ${accepted}`);
    }
    weekdayRange(from, to).forEach((day) => days.add(day));
  }
  return valid([...days].sort((a, b) => a - b));
}

/** Without a presence source every message is sent regardless of presence: the policy is forced. */
export function validatePresencePolicy(
  input: string,
  presenceConfigured: boolean,
): Validation<PresencePolicy> {
  if (!presenceConfigured) {
    return valid('ignore');
  }
  const policy = input.trim().toLowerCase();
  if (policy === 'available' || policy === 'available-away-busy') {
    return valid(policy);
  }
  return invalid(
    `${notA('a presence policy', input)} Accepted: available (send only when Available) or available-away-busy (also Away, Be right back, Busy).`,
  );
}

const SWITCH_WORDS: Readonly<Record<string, boolean>> = {
  on: true,
  yes: true,
  true: true,
  off: false,
  no: false,
  false: false,
};

/** A yes/no option: on/off as the card's toggle submits it, yes/no as an admin types it. */
export function validateSwitch(input: string): Validation<boolean> {
  const value = SWITCH_WORDS[input.trim().toLowerCase()];
  return value === undefined
    ? invalid(`${notA('on or off', input)} Accepted: on or off (also yes or no).`)
    : valid(value);
}

const REMINDERS_ACCEPTED = `Accepted: "off"; "after N hours" (one reminder, N working hours after the message); "2 after N hours" (a second one N working hours after the first); N from 1 to ${MAX_REMINDER_DELAY_HOURS}.`;

/**
 * `off`, `after 4 hours`, `1 after 4 hours`, `2 after 4 hours` (also `2 reminders after 4h`):
 * how many reminders go to those who did not react, and after how many working hours.
 */
export function validateReminders(input: string): Validation<ReminderSchedule> {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (['off', 'no', 'none'].includes(text)) return valid('off');
  const match = /^(?:(\d+) (?:reminders? )?)?after (\d+) ?(?:h|hrs?|hours?)$/.exec(text);
  if (match === null) return invalid(`${notA('a reminder setting', input)} ${REMINDERS_ACCEPTED}`);
  const count = match[1] === undefined ? 1 : Number(match[1]);
  const afterHours = Number(match[2]);
  if (count < 1 || count > MAX_REMINDERS) {
    return invalid(`${count} reminders: at most ${MAX_REMINDERS}. ${REMINDERS_ACCEPTED}`);
  }
  if (afterHours < 1 || afterHours > MAX_REMINDER_DELAY_HOURS) {
    return invalid(`${afterHours} hours is out of range. ${REMINDERS_ACCEPTED}`);
  }
  return valid({ count: count as ReminderCount, afterHours });
}
