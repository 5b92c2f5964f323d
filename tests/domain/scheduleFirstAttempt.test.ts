import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { planFirstAttempt, planFirstAttempts } from '../../src/domain/firstAttempt.js';
import { seededRng, type Rng } from '../../src/domain/random.js';
import type { CampaignSchedule } from '../../src/domain/workingTime.js';
import { parisOfficeHours } from '../support/fixtures.js';
import { always, paris } from './parisTime.js';

const justBelowOne = 1 - 2 ** -52;

const officeHours = parisOfficeHours();
/** Monday 2026-12-07 to Friday 2026-12-11. */
const week: CampaignSchedule = {
  startDate: '2026-12-07',
  durationDays: 5,
  workingHours: officeHours,
};

describe('planFirstAttempt', () => {
  const cases: {
    title: string;
    campaign: CampaignSchedule;
    now: DateTime;
    rng: Rng;
    expected: string | null;
  }[] = [
    {
      title: 'before the start, lowest draw: the first day opening',
      campaign: week,
      now: paris('2026-12-04T16:00'),
      rng: always(0),
      expected: '2026-12-07T09:00:00.000+01:00',
    },
    {
      title: 'before the start, middle draw: half-way through the first day',
      campaign: week,
      now: paris('2026-12-04T16:00'),
      rng: always(0.5),
      expected: '2026-12-07T13:30:00.000+01:00',
    },
    {
      title: 'before the start, highest draw: the last second before closing',
      campaign: week,
      now: paris('2026-12-04T16:00'),
      rng: always(justBelowOne),
      expected: '2026-12-07T17:59:59.000+01:00',
    },
    {
      title: 'mid-day start, lowest draw: the next whole second after now',
      campaign: week,
      now: paris('2026-12-07T14:27:30.500'),
      rng: always(0),
      expected: '2026-12-07T14:27:31.000+01:00',
    },
    {
      title: 'mid-day start, middle draw: half-way between now and closing',
      campaign: week,
      now: paris('2026-12-07T14:00'),
      rng: always(0.5),
      expected: '2026-12-07T16:00:00.000+01:00',
    },
    {
      title: 'mid-day start, highest draw: still before closing',
      campaign: week,
      now: paris('2026-12-07T14:00'),
      rng: always(justBelowOne),
      expected: '2026-12-07T17:59:59.000+01:00',
    },
    {
      title: 'less than a second before closing: the next day',
      campaign: week,
      now: paris('2026-12-07T17:59:59.200'),
      rng: always(0),
      expected: '2026-12-08T09:00:00.000+01:00',
    },
    {
      title: 'start after closing: the next working day',
      campaign: week,
      now: paris('2026-12-07T18:00'),
      rng: always(0.5),
      expected: '2026-12-08T13:30:00.000+01:00',
    },
    {
      title: 'Friday after closing on a longer campaign: Monday',
      campaign: { ...week, durationDays: 10 },
      now: paris('2026-12-11T19:00'),
      rng: always(0),
      expected: '2026-12-14T09:00:00.000+01:00',
    },
    {
      title: 'weekend start date: the first working day (Monday)',
      campaign: { ...week, startDate: '2026-12-12', durationDays: 3 },
      now: paris('2026-12-12T00:00'),
      rng: always(0),
      expected: '2026-12-14T09:00:00.000+01:00',
    },
    {
      title: 'custom weekdays Tue/Thu, Wednesday start: Thursday',
      campaign: {
        startDate: '2026-12-09',
        durationDays: 7,
        workingHours: { ...officeHours, weekdays: [2, 4] },
      },
      now: paris('2026-12-09T08:00'),
      rng: always(0.5),
      expected: '2026-12-10T13:30:00.000+01:00',
    },
    {
      title: 'no window left: the last day has closed',
      campaign: week,
      now: paris('2026-12-11T18:00'),
      rng: always(0),
      expected: null,
    },
    {
      title: 'no window left: a weekend-only campaign on Mon–Fri',
      campaign: { ...week, startDate: '2026-12-12', durationDays: 2 },
      now: paris('2026-12-11T12:00'),
      rng: always(0),
      expected: null,
    },
    {
      title: 'no window left: the campaign is over',
      campaign: week,
      now: paris('2026-12-20T10:00'),
      rng: always(0),
      expected: null,
    },
    {
      title: 'a window spanning spring-forward is uniform in elapsed time (2 real hours)',
      campaign: {
        startDate: '2026-03-29',
        durationDays: 1,
        workingHours: { ...officeHours, open: '01:00', close: '04:00', weekdays: [7] },
      },
      now: paris('2026-03-28T12:00'),
      rng: always(0.5),
      expected: '2026-03-29T03:00:00.000+02:00',
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const dueAt = planFirstAttempt(c.campaign, c.now, c.rng);
      assert.equal(dueAt?.toISO() ?? null, c.expected);
    });
  }
});

describe('planFirstAttempts', () => {
  it('spreads a seeded sample over the whole window, on whole seconds', () => {
    const rng = seededRng('first-attempt-spread');
    const open = paris('2026-12-07T09:00').toMillis();
    const close = paris('2026-12-07T18:00').toMillis();
    const samples = planFirstAttempts(week, paris('2026-12-06T12:00'), rng, 9000)!;
    const hourCounts = new Array<number>(9).fill(0);
    for (const ms of samples) {
      assert.ok(ms >= open && ms < close, `${ms} outside the window`);
      assert.equal(ms % 1000, 0);
      const hour = Math.floor((ms - open) / 3_600_000);
      hourCounts[hour] = (hourCounts[hour] ?? 0) + 1;
    }
    assert.ok(Math.min(...samples) < open + 60_000, 'earliest draw within a minute of opening');
    assert.ok(Math.max(...samples) >= close - 60_000, 'latest draw within a minute of closing');
    // 9000 draws over 9 hours: ~1000 per hour; a fair draw stays well inside ±15 %.
    for (const count of hourCounts) {
      assert.ok(count > 850 && count < 1150, `hour bucket counts ${hourCounts.join(',')}`);
    }
  });

  it('draws the same instants as repeated planFirstAttempt calls with the same seed', () => {
    const now = paris('2026-12-07T11:15:42.300');
    const batch = planFirstAttempts(week, now, seededRng(42), 50);
    const rng = seededRng(42);
    const single = Array.from({ length: 50 }, () => planFirstAttempt(week, now, rng)!.toMillis());
    assert.deepEqual(batch, single);
  });

  it('returns null when the campaign has no working time left', () => {
    assert.equal(planFirstAttempts(week, paris('2026-12-11T18:00'), seededRng(1), 10), null);
  });

  it('plans 100k recipients inside the remaining window', () => {
    const now = paris('2026-12-07T16:30');
    const batch = planFirstAttempts(week, now, seededRng('big'), 100_000);
    assert.equal(batch?.length, 100_000);
    const close = paris('2026-12-07T18:00').toMillis();
    assert.ok(batch!.every((ms) => ms >= now.toMillis() && ms < close));
  });
});
