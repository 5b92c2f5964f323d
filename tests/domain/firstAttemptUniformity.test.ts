/**
 * SPEC.md Delivery rule 1 per zone: first attempts are spread uniformly, in elapsed time, over
 * the day's working window — also on a day whose clocks jump inside it or at its opening.
 * Kolmogorov–Smirnov against the uniform distribution, fixed seeds.
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import type { Weekday } from '../../src/domain/campaign.js';
import { planFirstAttempts } from '../../src/domain/firstAttempt.js';
import { seededRng } from '../../src/domain/random.js';
import { campaignWindow, type CampaignSchedule } from '../../src/domain/workingTime.js';

const DRAWS = 20_000;
/** KS critical value at α = 0.001: 1.95 / √n. */
const KS_CRITICAL = 1.95 / Math.sqrt(DRAWS);
const EVERY_DAY: Weekday[] = [1, 2, 3, 4, 5, 6, 7];

const cases = [
  {
    title: 'Paris, an ordinary Monday 09:00–18:00',
    zone: 'Europe/Paris',
    date: '2026-12-07',
    hours: ['09:00', '18:00'],
    window: ['2026-12-07T09:00:00.000+01:00', '2026-12-07T18:00:00.000+01:00'],
  },
  {
    title: 'New York, spring-forward night 01:00–04:00 (2 real hours)',
    zone: 'America/New_York',
    date: '2027-03-14',
    hours: ['01:00', '04:00'],
    window: ['2027-03-14T01:00:00.000-05:00', '2027-03-14T04:00:00.000-04:00'],
  },
  {
    title: 'Lord Howe, half-hour fall-back 01:00–03:00 (2.5 real hours)',
    zone: 'Australia/Lord_Howe',
    date: '2028-04-02',
    hours: ['01:00', '03:00'],
    window: ['2028-04-02T01:00:00.000+11:00', '2028-04-02T03:00:00.000+10:30'],
  },
  {
    title: 'Chatham, spring-forward at 02:45, 02:00–05:00 (2 real hours)',
    zone: 'Pacific/Chatham',
    date: '2028-09-24',
    hours: ['02:00', '05:00'],
    window: ['2028-09-24T02:00:00.000+12:45', '2028-09-24T05:00:00.000+13:45'],
  },
  {
    title: 'Havana, midnight skipped, 00:30–03:00 opens at 01:30',
    zone: 'America/Havana',
    date: '2028-03-12',
    hours: ['00:30', '03:00'],
    window: ['2028-03-12T01:30:00.000-04:00', '2028-03-12T03:00:00.000-04:00'],
  },
  {
    title: 'Cairo, midnight skipped, 00:00–02:00 opens at 01:00',
    zone: 'Africa/Cairo',
    date: '2028-04-28',
    hours: ['00:00', '02:00'],
    window: ['2028-04-28T01:00:00.000+03:00', '2028-04-28T02:00:00.000+03:00'],
  },
];

describe('first attempts are uniform over the working window, per zone', () => {
  for (const c of cases) {
    it(c.title, () => {
      const campaign: CampaignSchedule = {
        startDate: c.date,
        durationDays: 1,
        workingHours: {
          timeZone: c.zone,
          open: c.hours[0]!,
          close: c.hours[1]!,
          weekdays: EVERY_DAY,
        },
      };
      const [open, close] = c.window.map((iso) => DateTime.fromISO(iso).toMillis()) as [
        number,
        number,
      ];
      const now = campaignWindow(campaign).start;
      const draws = planFirstAttempts(campaign, now, seededRng(c.title), DRAWS)!;
      assert.ok(
        draws.every((t) => t >= open && t < close),
        'every draw inside the window',
      );
      // With 20,000 draws both ends are reached within a minute: the window is where RFC 5545 says.
      assert.ok(Math.min(...draws) - open < 60_000, 'draws start at the opening');
      assert.ok(close - Math.max(...draws) < 60_000, 'draws reach the closing');
      const statistic = ksAgainstUniform(draws, open, close);
      assert.ok(statistic < KS_CRITICAL, `KS ${statistic.toFixed(4)} < ${KS_CRITICAL.toFixed(4)}`);
    });
  }

  it('the test can fail: draws packed into the first half of a window are not uniform', () => {
    const draws = Array.from({ length: DRAWS }, (_, i) => (i % 1800) * 1000);
    assert.ok(ksAgainstUniform(draws, 0, 3_600_000) > KS_CRITICAL);
  });
});

/** The largest gap between the draws' empirical distribution and the uniform one on [from, to). */
function ksAgainstUniform(draws: number[], from: number, to: number): number {
  const sorted = [...draws].sort((a, b) => a - b);
  let statistic = 0;
  sorted.forEach((t, i) => {
    const expected = (t - from) / (to - from);
    statistic = Math.max(
      statistic,
      (i + 1) / sorted.length - expected,
      expected - i / sorted.length,
    );
  });
  return statistic;
}
