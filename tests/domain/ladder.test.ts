import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import type { WorkingHours } from '../../src/domain/campaign.js';
import type { LadderPosition } from '../../src/domain/delivery.js';
import { planFirstAttempt } from '../../src/domain/firstAttempt.js';
import { MAX_DAY_CYCLES, nextLadderStep, type LadderStep } from '../../src/domain/ladder.js';
import { seededRng, type Rng } from '../../src/domain/random.js';
import type { CampaignSchedule } from '../../src/domain/workingTime.js';
import { parisOfficeHours } from '../support/fixtures.js';
import { always, paris, utc, zone } from './parisTime.js';

const officeHours = parisOfficeHours();
/** Monday 2026-12-07 for two weeks. */
const twoWeeks: CampaignSchedule = {
  startDate: '2026-12-07',
  durationDays: 14,
  workingHours: officeHours,
};
/** Every day 01:00–06:00, across both 2026 daylight-saving changes in Paris. */
const nightShift: WorkingHours = {
  open: '01:00',
  close: '06:00',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  timeZone: zone,
};
const springNights: CampaignSchedule = {
  startDate: '2026-03-27',
  durationDays: 5,
  workingHours: nightShift,
};
const autumnNights: CampaignSchedule = {
  startDate: '2026-10-23',
  durationDays: 5,
  workingHours: nightShift,
};

type Expected =
  | { dueAt: string; utc?: string; position: LadderPosition }
  | { unscheduled: 'ladder-exhausted' | 'campaign-ended' };

interface LadderCase {
  title: string;
  campaign: CampaignSchedule;
  attemptAt: DateTime;
  position: LadderPosition;
  rng?: Rng;
  expected: Expected;
}

function describeStep(step: LadderStep): Expected {
  return step.kind === 'retry'
    ? { dueAt: step.dueAt.toISO() ?? 'invalid', position: step.position }
    : { unscheduled: step.reason };
}

const cases: LadderCase[] = [
  {
    title: 'step 0 at 14:27 → step 1 at 14:37',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-07T14:27'),
    position: { dayCycle: 1, step: 0 },
    expected: { dueAt: '2026-12-07T14:37:00.000+01:00', position: { dayCycle: 1, step: 1 } },
  },
  {
    title: 'step 1 at 14:37 → step 2 at 15:00',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-07T14:37'),
    position: { dayCycle: 1, step: 1 },
    expected: { dueAt: '2026-12-07T15:00:00.000+01:00', position: { dayCycle: 1, step: 2 } },
  },
  {
    title: 'seconds are kept: 14:27:13 → 14:37:13',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-07T14:27:13'),
    position: { dayCycle: 1, step: 0 },
    expected: { dueAt: '2026-12-07T14:37:13.000+01:00', position: { dayCycle: 1, step: 1 } },
  },
  {
    title: 'step 1 exactly on the hour → the next hour (strictly after)',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-07T15:00'),
    position: { dayCycle: 1, step: 1 },
    expected: { dueAt: '2026-12-07T16:00:00.000+01:00', position: { dayCycle: 1, step: 2 } },
  },
  {
    title: 'step 2 at 15:00 → next working day, new random time (lowest draw: opening)',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-07T15:00'),
    position: { dayCycle: 1, step: 2 },
    rng: always(0),
    expected: { dueAt: '2026-12-08T09:00:00.000+01:00', position: { dayCycle: 2, step: 0 } },
  },
  {
    title: 'step 2 → next working day, middle draw: 13:30',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-08T16:00'),
    position: { dayCycle: 2, step: 2 },
    rng: always(0.5),
    expected: { dueAt: '2026-12-09T13:30:00.000+01:00', position: { dayCycle: 3, step: 0 } },
  },
  {
    title: 'step 0 at 17:55 with an 18:00 close: T+10 is outside → next working day',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-07T17:55'),
    position: { dayCycle: 1, step: 0 },
    rng: always(0.5),
    expected: { dueAt: '2026-12-08T13:30:00.000+01:00', position: { dayCycle: 2, step: 0 } },
  },
  {
    title: 'step 0 at 17:50: T+10 is exactly closing time (exclusive) → next working day',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-07T17:50'),
    position: { dayCycle: 1, step: 0 },
    rng: always(0),
    expected: { dueAt: '2026-12-08T09:00:00.000+01:00', position: { dayCycle: 2, step: 0 } },
  },
  {
    title: 'step 0 at 17:49:59: T+10 is the last second before closing → same day',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-07T17:49:59'),
    position: { dayCycle: 1, step: 0 },
    expected: { dueAt: '2026-12-07T17:59:59.000+01:00', position: { dayCycle: 1, step: 1 } },
  },
  {
    title: 'step 1 at 17:05: the next full hour is closing time → next working day',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-07T17:05'),
    position: { dayCycle: 1, step: 1 },
    rng: always(0),
    expected: { dueAt: '2026-12-08T09:00:00.000+01:00', position: { dayCycle: 2, step: 0 } },
  },
  {
    title: 'Friday step 2 → Monday (Mon–Fri weekdays)',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-11T15:00'),
    position: { dayCycle: 1, step: 2 },
    rng: always(0),
    expected: { dueAt: '2026-12-14T09:00:00.000+01:00', position: { dayCycle: 2, step: 0 } },
  },
  {
    title: 'Tue/Thu weekdays: Thursday step 2 → next Tuesday',
    campaign: { ...twoWeeks, workingHours: { ...officeHours, weekdays: [2, 4] } },
    attemptAt: paris('2026-12-10T15:00'),
    position: { dayCycle: 1, step: 2 },
    rng: always(0),
    expected: { dueAt: '2026-12-15T09:00:00.000+01:00', position: { dayCycle: 2, step: 0 } },
  },
  {
    title: 'day cycle 3, step 2 → ladder exhausted',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-09T15:00'),
    position: { dayCycle: 3, step: 2 },
    expected: { unscheduled: 'ladder-exhausted' },
  },
  {
    title: 'day cycle 3 ended early by closing time → ladder exhausted',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-09T17:55'),
    position: { dayCycle: 3, step: 0 },
    expected: { unscheduled: 'ladder-exhausted' },
  },
  {
    title: 'day cycle 3 still runs its same-day steps',
    campaign: twoWeeks,
    attemptAt: paris('2026-12-09T10:42'),
    position: { dayCycle: 3, step: 1 },
    expected: { dueAt: '2026-12-09T11:00:00.000+01:00', position: { dayCycle: 3, step: 2 } },
  },
  {
    title: '1-day campaign: the second day cycle would be after the end → campaign ended',
    campaign: { ...twoWeeks, durationDays: 1 },
    attemptAt: paris('2026-12-07T15:00'),
    position: { dayCycle: 1, step: 2 },
    expected: { unscheduled: 'campaign-ended' },
  },
  {
    title: 'Thu–Sat campaign on Mon–Fri: Friday step 2 has no working day left → campaign ended',
    campaign: { ...twoWeeks, startDate: '2026-12-10', durationDays: 3 },
    attemptAt: paris('2026-12-11T15:00'),
    position: { dayCycle: 2, step: 2 },
    expected: { unscheduled: 'campaign-ended' },
  },
  {
    title: 'an attempt time given in UTC is read in the campaign zone',
    campaign: twoWeeks,
    attemptAt: utc('2026-12-07T13:37'),
    position: { dayCycle: 1, step: 1 },
    expected: { dueAt: '2026-12-07T15:00:00.000+01:00', position: { dayCycle: 1, step: 2 } },
  },
  {
    title: 'spring-forward: 01:55 CET + 10 min is 03:05 CEST',
    campaign: springNights,
    attemptAt: utc('2026-03-29T00:55'),
    position: { dayCycle: 1, step: 0 },
    expected: {
      dueAt: '2026-03-29T03:05:00.000+02:00',
      utc: '2026-03-29T01:05:00.000Z',
      position: { dayCycle: 1, step: 1 },
    },
  },
  {
    title:
      'spring-forward: the next full hour after 01:37 CET is 03:00 CEST (02:00 does not exist)',
    campaign: springNights,
    attemptAt: utc('2026-03-29T00:37'),
    position: { dayCycle: 1, step: 1 },
    expected: {
      dueAt: '2026-03-29T03:00:00.000+02:00',
      utc: '2026-03-29T01:00:00.000Z',
      position: { dayCycle: 1, step: 2 },
    },
  },
  {
    title: 'spring-forward: next day cycle keeps 01:00–06:00 wall-clock (lowest draw 01:00 CET)',
    campaign: springNights,
    attemptAt: utc('2026-03-28T03:00'),
    position: { dayCycle: 1, step: 2 },
    rng: always(0),
    expected: {
      dueAt: '2026-03-29T01:00:00.000+01:00',
      utc: '2026-03-29T00:00:00.000Z',
      position: { dayCycle: 2, step: 0 },
    },
  },
  {
    title: 'spring-forward: the short night is 4 real hours, middle draw is 02:00 UTC (04:00 CEST)',
    campaign: springNights,
    attemptAt: utc('2026-03-28T03:00'),
    position: { dayCycle: 1, step: 2 },
    rng: always(0.5),
    expected: {
      dueAt: '2026-03-29T04:00:00.000+02:00',
      utc: '2026-03-29T02:00:00.000Z',
      position: { dayCycle: 2, step: 0 },
    },
  },
  {
    title: 'spring-forward: the Monday after opens at 01:00 CEST',
    campaign: springNights,
    attemptAt: utc('2026-03-29T03:00'),
    position: { dayCycle: 1, step: 2 },
    rng: always(0),
    expected: {
      dueAt: '2026-03-30T01:00:00.000+02:00',
      utc: '2026-03-29T23:00:00.000Z',
      position: { dayCycle: 2, step: 0 },
    },
  },
  {
    title: 'fall-back: 02:55 CEST + 10 min is the second 02:05 (CET)',
    campaign: autumnNights,
    attemptAt: utc('2026-10-25T00:55'),
    position: { dayCycle: 1, step: 0 },
    expected: {
      dueAt: '2026-10-25T02:05:00.000+01:00',
      utc: '2026-10-25T01:05:00.000Z',
      position: { dayCycle: 1, step: 1 },
    },
  },
  {
    title: 'fall-back: the next full hour after 02:37 CEST is the second 02:00 (CET)',
    campaign: autumnNights,
    attemptAt: utc('2026-10-25T00:37'),
    position: { dayCycle: 1, step: 1 },
    expected: {
      dueAt: '2026-10-25T02:00:00.000+01:00',
      utc: '2026-10-25T01:00:00.000Z',
      position: { dayCycle: 1, step: 2 },
    },
  },
  {
    title: 'fall-back: the next full hour after 02:37 CET is 03:00 CET',
    campaign: autumnNights,
    attemptAt: utc('2026-10-25T01:37'),
    position: { dayCycle: 1, step: 1 },
    expected: {
      dueAt: '2026-10-25T03:00:00.000+01:00',
      utc: '2026-10-25T02:00:00.000Z',
      position: { dayCycle: 1, step: 2 },
    },
  },
  {
    title: 'fall-back: the long night is 6 real hours, middle draw is 03:00 CET',
    campaign: autumnNights,
    attemptAt: utc('2026-10-24T03:00'),
    position: { dayCycle: 1, step: 2 },
    rng: always(0.5),
    expected: {
      dueAt: '2026-10-25T03:00:00.000+01:00',
      utc: '2026-10-25T02:00:00.000Z',
      position: { dayCycle: 2, step: 0 },
    },
  },
];

describe('nextLadderStep', () => {
  for (const c of cases) {
    it(c.title, () => {
      const step = nextLadderStep({
        campaign: c.campaign,
        position: c.position,
        attemptAt: c.attemptAt,
        rng: c.rng ?? always(0),
      });
      const { utc: expectedUtc, ...expected } = { utc: undefined, ...c.expected };
      assert.deepEqual(describeStep(step), expected);
      if (expectedUtc !== undefined && step.kind === 'retry') {
        assert.equal(step.dueAt.toUTC().toISO(), expectedUtc);
      }
    });
  }

  it('walks an always-absent recipient through 3 day cycles, then unschedules it', () => {
    const rng = seededRng('always-absent');
    let attemptAt = planFirstAttempt(twoWeeks, paris('2026-12-07T08:00'), rng);
    let position: LadderPosition = { dayCycle: 1, step: 0 };
    const visited: string[] = [];
    for (;;) {
      assert.ok(attemptAt);
      visited.push(`${attemptAt.toISODate()} c${position.dayCycle} s${position.step}`);
      const step = nextLadderStep({ campaign: twoWeeks, position, attemptAt, rng });
      if (step.kind === 'unscheduled') {
        assert.equal(step.reason, 'ladder-exhausted');
        break;
      }
      assert.ok(step.dueAt > attemptAt, 'each step is later than the one before');
      attemptAt = step.dueAt;
      position = step.position;
    }
    assert.equal(MAX_DAY_CYCLES, 3);
    // Every day starts at step 0; a late random time may cut the day short at closing time.
    const days = [...new Set(visited.map((entry) => entry.slice(0, 10)))];
    assert.deepEqual(days, ['2026-12-07', '2026-12-08', '2026-12-09']);
    for (const [index, day] of days.entries()) {
      assert.ok(visited.includes(`${day} c${index + 1} s0`), visited.join(' | '));
    }
  });
});
