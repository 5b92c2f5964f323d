/** Campaign fields in the words admins read in `campaigns` and `info`. Pure formatting. */
import { DateTime } from 'luxon';
import { ACKNOWLEDGE_WORD } from '../src/domain/acknowledgement.js';
import type { Channel, PresencePolicy, Weekday, WorkingHours } from '../src/domain/campaign.js';
import { ALL_USERS_LIST_ID, type RecipientList } from '../src/domain/recipients.js';
import type { ReminderSchedule } from '../src/domain/reminders.js';
import { campaignStartInstant, type CampaignSchedule } from '../src/domain/workingTime.js';
import { weekdayOf } from '../src/domain/wallClock.js';

export const ALL_USERS_LIST_NAME = 'All reachable users';

const WEEKDAY_NAMES: Record<Weekday, string> = {
  1: 'Mon',
  2: 'Tue',
  3: 'Wed',
  4: 'Thu',
  5: 'Fri',
  6: 'Sat',
  7: 'Sun',
};

const PRESENCE_POLICIES: Record<PresencePolicy, string> = {
  available: 'send only when Available',
  'available-away-busy': 'send when Available, Away, Be right back or Busy',
  ignore: 'presence not checked (no presence source configured)',
};

export function channelLabel(channel: Channel): string {
  return channel === 'teams' ? 'Teams' : 'Skype';
}

/** `list` is what the store returned for `listId`; null when it was deleted since. */
export function listLabel(listId: string, list: Pick<RecipientList, 'name'> | null): string {
  if (listId === ALL_USERS_LIST_ID) {
    return ALL_USERS_LIST_NAME;
  }
  return list?.name ?? 'a list that no longer exists';
}

/** "Mon 2 Jun 2025, 09:00 (Europe/Paris)". */
export function readableInstant(instant: DateTime, timeZone: string): string {
  return `${instant.setZone(timeZone).toFormat('ccc d LLL yyyy, HH:mm', { locale: 'en' })} (${timeZone})`;
}

/**
 * The first opening of the campaign's working hours — when sending can begin, which is what admins
 * mean by "start". A campaign whose days are all non-working shows its start date only.
 */
export function readableStart(
  campaign: CampaignSchedule,
  startsAt: DateTime | null = campaignStartInstant(campaign),
): string {
  const zone = campaign.workingHours.timeZone;
  if (startsAt === null) {
    return `${campaign.startDate} (${zone}; no working day in the campaign period)`;
  }
  return readableInstant(startsAt, zone);
}

/**
 * `readableStart`, preceded by the start date the admin entered when that day is not a working
 * day — otherwise they would silently see a different day than the one they typed. `startsAt`:
 * when sending begins (by default the first opening of the campaign's hours).
 */
export function readableEnteredStart(
  campaign: CampaignSchedule,
  startsAt: DateTime | null = campaignStartInstant(campaign),
): string {
  const begins = readableStart(campaign, startsAt);
  if (campaign.workingHours.weekdays.includes(weekdayOf(campaign.startDate))) return begins;
  const day = DateTime.fromISO(campaign.startDate, { zone: 'utc' }).toFormat('ccc d LLL yyyy', {
    locale: 'en',
  });
  return `${day}, not a working day: sending begins ${begins}`;
}

export function describeDuration(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

/** "09:00–18:00, Mon–Fri (Europe/Paris)". */
export function describeWorkingHours(hours: WorkingHours): string {
  return `${hours.open}–${hours.close}, ${describeWeekdays(hours.weekdays)} (${hours.timeZone})`;
}

/** Runs of three or more consecutive days read as a range: "Mon–Fri", "Mon, Wed–Sat". */
export function describeWeekdays(weekdays: readonly Weekday[]): string {
  const sorted = [...new Set(weekdays)].sort((a, b) => a - b);
  const runs: Weekday[][] = [];
  for (const day of sorted) {
    const run = runs.at(-1);
    if (run !== undefined && run.at(-1) === day - 1) {
      run.push(day);
    } else {
      runs.push([day]);
    }
  }
  return runs
    .flatMap((run) =>
      run.length >= 3
        ? [`${WEEKDAY_NAMES[run[0]!]}–${WEEKDAY_NAMES[run.at(-1)!]}`]
        : run.map((d) => WEEKDAY_NAMES[d]),
    )
    .join(', ');
}

export function describePresencePolicy(policy: PresencePolicy): string {
  return PRESENCE_POLICIES[policy];
}

/** Whether recipients are asked to acknowledge, and how they do it on the campaign's channel. */
export function describeAcknowledgement(asked: boolean, channel: Channel): string {
  if (!asked) return 'not asked';
  return channel === 'skype'
    ? `asked: recipients reply “${ACKNOWLEDGE_WORD}”`
    : 'asked: recipients press Acknowledge';
}

/** "off", or "2, each 4 working hours after the message before". */
export function describeReminders(schedule: ReminderSchedule): string {
  if (schedule === 'off') return 'off';
  const hours = `${schedule.afterHours} working hour${schedule.afterHours === 1 ? '' : 's'}`;
  return schedule.count === 1
    ? `1, ${hours} after the message, to those who have not read or clicked`
    : `${schedule.count}, each ${hours} after the message before, to those who have not read or clicked`;
}
