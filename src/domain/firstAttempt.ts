/**
 * SPEC.md Delivery rule 1: each recipient's first attempt is a pre-calculated random time spread
 * uniformly over the working hours of the first working day of the campaign, so sends never burst.
 *
 * Resolution is whole seconds: with 100k recipients over a 9-hour day that is about 3 sends per
 * second instead of ~185 per minute at minute resolution, which keeps the channel rate limits easy.
 * Uniform means uniform in elapsed time, which only differs from wall-clock time when working
 * hours span a daylight-saving change.
 */
import { DateTime } from 'luxon';
import { uniformWholeSecond, type Rng } from './random.js';
import { scheduleFor, type RecipientHours } from './recipientHours.js';
import {
  remainingWorkingWindow,
  type CampaignSchedule,
  type WorkingWindow,
} from './workingTime.js';

/**
 * A first-attempt time in the first working window of the campaign still open at `now` (from `now`
 * on if that window is already open). Null when the campaign has no working time left.
 */
export function planFirstAttempt(
  campaign: CampaignSchedule,
  now: DateTime,
  rng: Rng,
): DateTime | null {
  const window = firstAttemptWindow(campaign, now);
  if (window === null) {
    return null;
  }
  const dueAt = uniformWholeSecond(window.open.toMillis(), window.close.toMillis(), rng);
  return DateTime.fromMillis(dueAt, { zone: campaign.workingHours.timeZone });
}

/**
 * `count` first-attempt times as epoch milliseconds (the form `Delivery.dueAt` stores), drawn
 * exactly as `count` calls of planFirstAttempt would be but without building a DateTime each —
 * for campaigns with very many recipients. Null when the campaign has no working time left.
 */
export function planFirstAttempts(
  campaign: CampaignSchedule,
  now: DateTime,
  rng: Rng,
  count: number,
): number[] | null {
  const window = firstAttemptWindow(campaign, now);
  if (window === null) {
    return null;
  }
  const openMs = window.open.toMillis();
  const closeMs = window.close.toMillis();
  return Array.from({ length: count }, () => uniformWholeSecond(openMs, closeMs, rng));
}

function firstAttemptWindow(campaign: CampaignSchedule, now: DateTime): WorkingWindow | null {
  // Attempts fall on whole seconds, so a window with less than a second left is already over.
  const fromWholeSecond = now.millisecond === 0 ? now : now.startOf('second').plus({ seconds: 1 });
  return remainingWorkingWindow(campaign, fromWholeSecond);
}

/**
 * First attempts for recipients each with their own hours or none (undefined: the campaign's),
 * each drawn in their own window: recipients sharing hours share one window, worked out once.
 * Null for a recipient whose hours leave no working time in the campaign.
 */
export function planFirstAttemptsByHours(
  campaign: CampaignSchedule,
  now: DateTime,
  rng: Rng,
  recipientHours: readonly (RecipientHours | undefined)[],
): (number | null)[] {
  const groups = new Map<string, number[]>();
  recipientHours.forEach((hours, i) => {
    const key = hours?.source === 'own' ? JSON.stringify(hours.hours) : '';
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  });
  const planned = new Array<number | null>(recipientHours.length).fill(null);
  for (const indices of groups.values()) {
    const schedule = scheduleFor(campaign, { recipientHours: recipientHours[indices[0]!] });
    const dueAts = planFirstAttempts(schedule, now, rng, indices.length);
    if (dueAts !== null) indices.forEach((index, j) => (planned[index] = dueAts[j]!));
  }
  return planned;
}
