/**
 * SPEC.md Delivery rules 2–5 as one question: a due delivery is being attempted at `now` —
 * what happens to it? The dispatcher gathers the facts (campaign, recipient, presence, time),
 * asks once, and carries the answer out; it holds no timing rule of its own.
 */
import { DateTime } from 'luxon';
import type { Campaign } from './campaign.js';
import type { LadderPosition } from './delivery.js';
import { planFirstAttempt } from './firstAttempt.js';
import { drawOnNextWorkingDay, nextLadderStep, type UnscheduledReason } from './ladder.js';
import { allowsSend, effectivePolicy } from './presencePolicy.js';
import type { Rng } from './random.js';
import type { ReachableUser } from './recipients.js';
import type { ReminderCheck, ReminderDropReason } from './reminders.js';
import {
  campaignWindow,
  isWithinWindow,
  workingWindow,
  type WorkingWindow,
} from './workingTime.js';
import type { PresenceClass } from './presencePolicy.js';

/** When Graph could not be read, how long until the next try (Graph's throttling windows are 30 s). */
const PRESENCE_RETRY_MINUTES = 1;

/**
 * The ladder's reasons; one for a delivery found due after its working day closed when the
 * campaign has no working day left: it was never attempted, so its ladder did not run out; and
 * one for a recipient out of office with no working day of the campaign left to wait for.
 */
export type UnscheduleReason =
  UnscheduledReason | 'closed-before-attempt' | 'out-of-office' | ReminderDropReason;

/** Why a delivery waits without using up a rung of its ladder. */
export type DeferReason =
  'outside-working-hours' | 'presence-unavailable' | 'out-of-office' | 'reminder-not-due';

/** The reason a delivery carries while it waits for, or was given up on for, a recipient out of office. */
export const OUT_OF_OFFICE: DeferReason & UnscheduleReason = 'out-of-office';

export type AttemptDecision =
  /** Send now, and only while `sendBefore` (closing time) has not passed. */
  | { kind: 'send'; sendBefore: DateTime }
  /** The recipient is absent: the next rung of the ladder. */
  | { kind: 'retry'; dueAt: DateTime; position: LadderPosition }
  /** Not attempted now: due again at `dueAt`, same rung, the attempt not counted. */
  | { kind: 'defer'; dueAt: DateTime; reason: DeferReason }
  | { kind: 'unschedule'; reason: UnscheduleReason }
  | { kind: 'fail'; reason: 'user-not-found' };

/** When a campaign may send, worked out once per batch (luxon is too slow to redo per delivery). */
export interface SendingHours {
  /** The end of the campaign's duration. */
  end: DateTime;
  /** The working window of the day the batch started in; null on a non-working day. */
  today: WorkingWindow | null;
}

export function sendingHours(campaign: Campaign, at: DateTime): SendingHours {
  return { end: campaignWindow(campaign).end, today: workingWindow(at, campaign.workingHours) };
}

export interface AttemptFacts {
  delivery: LadderPosition & { dueAt: number | null };
  /** Null when the campaign is gone. */
  campaign: Campaign | null;
  /** sendingHours(campaign, …) at the start of the batch; unused when `campaign` is null. */
  hours: SendingHours | null;
  /** The reachable user the delivery is for; undefined when it is gone. */
  user: ReachableUser | undefined;
  /** Whether a presence source (Graph) is configured at all. */
  presenceConfigured: boolean;
  /** The user's presence read this round; undefined when it could not be read (or was not asked). */
  presence: PresenceClass | undefined;
  now: DateTime;
  /** Draws the random time of a move to another working day. */
  rng: Rng;
}

export function decideAttempt(facts: AttemptFacts): AttemptDecision {
  const { campaign, hours, now } = facts;
  // A finished campaign's sends are over, whatever is still due (a 429 answered after the finish
  // brings a delivery back to `pending`).
  if (campaign === null || hours === null || campaign.status !== 'running') {
    return { kind: 'unschedule', reason: 'campaign-ended' };
  }
  if (now >= hours.end) return { kind: 'unschedule', reason: 'campaign-ended' };
  // Closing time can pass while a long batch is being worked through: checked per delivery.
  if (!isWithinWindow(now, hours.today)) return afterClosingTime(campaign, now, facts.rng);
  const { user } = facts;
  if (user === undefined) return { kind: 'fail', reason: 'user-not-found' };
  const policy = effectivePolicy(
    campaign.presencePolicy,
    facts.presenceConfigured,
    user.aadObjectId,
  );
  if (policy !== 'ignore') {
    if (facts.presence === undefined) {
      // Graph could not tell: that says nothing about the recipient, so the rung is kept.
      return {
        kind: 'defer',
        dueAt: now.plus({ minutes: PRESENCE_RETRY_MINUTES }),
        reason: 'presence-unavailable',
      };
    }
    if (facts.presence === 'out-of-office') return untilBackInOffice(campaign, now, facts.rng);
    if (!allowsSend(policy, facts.presence)) return climbLadder(facts, campaign);
  }
  return { kind: 'send', sendBefore: hours.today!.close };
}

/**
 * Recipients get messages only inside working hours. A delivery found due outside them (the
 * dispatcher was down or behind, or closing time came while it waited for its turn) was not
 * attempted: it keeps its rung and moves to a random time of the next working window, so a
 * backlog is neither sent at night nor all at opening. With no working window left it is
 * unscheduled, saying it was never attempted.
 */
export function afterClosingTime(
  campaign: Campaign,
  now: DateTime,
  rng: Rng,
): Extract<AttemptDecision, { kind: 'defer' | 'unschedule' }> {
  const dueAt = planFirstAttempt(campaign, now, rng);
  if (dueAt === null) return { kind: 'unschedule', reason: 'closed-before-attempt' };
  return { kind: 'defer', dueAt, reason: 'outside-working-hours' };
}

/**
 * A recipient out of office is not absent: trying again ten minutes or an hour later would find
 * them out again and use up their ladder. The delivery waits for their next working day, at a
 * random time of its window (so people back from the same holiday do not all get it at
 * opening), on the same rung, the attempt not counted. With no working day of the campaign left,
 * it is unscheduled saying so.
 */
function untilBackInOffice(
  campaign: Campaign,
  now: DateTime,
  rng: Rng,
): Extract<AttemptDecision, { kind: 'defer' | 'unschedule' }> {
  const dueAt = drawOnNextWorkingDay(campaign, now, rng);
  if (dueAt === null) return { kind: 'unschedule', reason: OUT_OF_OFFICE };
  return { kind: 'defer', dueAt, reason: OUT_OF_OFFICE };
}

function climbLadder(facts: AttemptFacts, campaign: Campaign): AttemptDecision {
  const { delivery, now } = facts;
  const next = nextLadderStep({
    campaign,
    position: { dayCycle: delivery.dayCycle, step: delivery.step },
    // Steps count from the planned time, so a late round keeps the promised times (see ladder.ts).
    attemptAt: DateTime.fromMillis(delivery.dueAt ?? now.toMillis(), {
      zone: campaign.workingHours.timeZone,
    }),
    rng: facts.rng,
  });
  return next.kind === 'unscheduled'
    ? { kind: 'unschedule', reason: next.reason }
    : { kind: 'retry', dueAt: next.dueAt, position: next.position };
}

/**
 * A due reminder its check holds back: dropped (the recipient reacted, or the message before it
 * was never sent), or due again later with its rung kept. Null: it is attempted like any delivery.
 */
export function reminderHeldBack(
  check: ReminderCheck,
): Extract<AttemptDecision, { kind: 'defer' | 'unschedule' }> | null {
  switch (check.kind) {
    case 'send':
      return null;
    case 'wait':
      return { kind: 'defer', dueAt: check.dueAt, reason: 'reminder-not-due' };
    case 'drop':
      return { kind: 'unschedule', reason: check.reason };
  }
}
