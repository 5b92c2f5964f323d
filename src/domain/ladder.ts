/**
 * SPEC.md Delivery rules 3–5: what happens after an attempt that found the recipient absent.
 *
 * Each day cycle runs T → T + 10 min → the first full hour after that (14:27 → 14:37 → 15:00).
 * A step that would fall at or after closing time ends the day's cycle early. The next cycle runs
 * on the campaign's next working day from a new random T. After MAX_DAY_CYCLES cycles, or when no
 * working day of the campaign is left, the delivery is unscheduled.
 *
 * Steps are counted from the attempt's planned due time, not from when a busy dispatcher actually
 * ran it: the ladder then stays on the times the rules promise (15:00 stays 15:00). A late
 * dispatcher may find the next step already due and run it straight away.
 */
import { DateTime } from 'luxon';
import type { LadderPosition } from './delivery.js';
import { uniformWholeSecond, type Rng } from './random.js';
import {
  campaignWindow,
  nextWorkingDay,
  remainingWorkingWindow,
  workingWindow,
  type CampaignSchedule,
} from './workingTime.js';

export const MAX_DAY_CYCLES = 3;
export const SECOND_STEP_DELAY_MINUTES = 10;

export type UnscheduledReason = 'ladder-exhausted' | 'campaign-ended';

export type LadderStep =
  | { kind: 'retry'; dueAt: DateTime; position: LadderPosition }
  | { kind: 'unscheduled'; reason: UnscheduledReason };

export interface LadderInput {
  campaign: CampaignSchedule;
  /** Where the attempt that just found the recipient absent stood on the ladder. */
  position: LadderPosition;
  /** That attempt's planned due time. */
  attemptAt: DateTime;
  /** Draws the random time of the next day cycle. */
  rng: Rng;
}

export function nextLadderStep(input: LadderInput): LadderStep {
  const { campaign, position } = input;
  const attemptAt = input.attemptAt.setZone(campaign.workingHours.timeZone);
  const sameDayDueAt = sameDayStep(attemptAt, position.step);
  if (sameDayDueAt !== null && isSameWorkingDay(sameDayDueAt, attemptAt, campaign)) {
    if (sameDayDueAt >= campaignWindow(campaign).end) {
      return { kind: 'unscheduled', reason: 'campaign-ended' };
    }
    return {
      kind: 'retry',
      dueAt: sameDayDueAt,
      position: { ...position, step: position.step + 1 },
    };
  }
  return nextDayCycle(input, attemptAt);
}

/** Null once the day's ladder has no step left. */
function sameDayStep(attemptAt: DateTime, step: number): DateTime | null {
  if (step === 0) {
    return attemptAt.plus({ minutes: SECOND_STEP_DELAY_MINUTES });
  }
  if (step === 1) {
    return nextFullHour(attemptAt);
  }
  return null;
}

const QUARTER_HOUR_MS = 15 * 60_000;
const HOUR_MS = 60 * 60_000;
/** Past a jumped-over hour, a full hour is at most a couple of hours away; this bound is ample. */
const FULL_HOUR_SEARCH_QUARTERS = 2 * 24 * 4;

/**
 * The first instant after `after` at which the zone's clock shows a full hour (hh:00:00), e.g.
 * 01:34 → 02:00 on Lord Howe's night where 02:00 falls back to 01:30: the clock then shows 01:30
 * and 01:34 again before it reaches 02:00. (Adding an hour to the start of the hour gives 01:30
 * there, or an instant before the attempt for an attempt in the repeated half hour.)
 * Zones' offsets are whole quarter hours, so their full hours fall on UTC quarter hours.
 */
function nextFullHour(after: DateTime): DateTime {
  const zone = after.zone;
  let candidate = Math.floor(after.toMillis() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  for (let i = 0; i < FULL_HOUR_SEARCH_QUARTERS; i++) {
    candidate += QUARTER_HOUR_MS;
    if ((candidate + zone.offset(candidate) * 60_000) % HOUR_MS === 0) {
      return DateTime.fromMillis(candidate, { zone });
    }
  }
  throw new RangeError(`no full hour after ${after.toISO()} in ${zone.name}`);
}

function isSameWorkingDay(candidate: DateTime, attemptAt: DateTime, campaign: CampaignSchedule) {
  const window = workingWindow(attemptAt, campaign.workingHours);
  return window !== null && candidate >= window.open && candidate < window.close;
}

function nextDayCycle(input: LadderInput, attemptAt: DateTime): LadderStep {
  const { campaign, position, rng } = input;
  if (position.dayCycle >= MAX_DAY_CYCLES) {
    return { kind: 'unscheduled', reason: 'ladder-exhausted' };
  }
  const dueAt = drawOnNextWorkingDay(campaign, attemptAt, rng);
  if (dueAt === null) {
    return { kind: 'unscheduled', reason: 'campaign-ended' };
  }
  return { kind: 'retry', dueAt, position: { dayCycle: position.dayCycle + 1, step: 0 } };
}

/**
 * A random time, uniform over the working window of the first working day of the campaign after
 * `after`'s day, so deliveries moved to the same day do not all fall due at its opening. Null
 * when the campaign has no working day left.
 */
export function drawOnNextWorkingDay(
  campaign: CampaignSchedule,
  after: DateTime,
  rng: Rng,
): DateTime | null {
  const hours = campaign.workingHours;
  const window = remainingWorkingWindow(campaign, nextWorkingDay(after, hours));
  if (window === null) {
    return null;
  }
  const dueAt = uniformWholeSecond(window.open.toMillis(), window.close.toMillis(), rng);
  return DateTime.fromMillis(dueAt, { zone: hours.timeZone });
}
