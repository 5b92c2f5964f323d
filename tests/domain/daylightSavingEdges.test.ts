/**
 * Timing rules on the days a zone's clocks jump, where an independent model of the rules found
 * the planner throwing, the campaign running a day too long and the ladder going backwards.
 * Clock times are read as RFC 5545 does: a skipped time with the offset before the jump, a
 * repeated time at its first occurrence (tests/domain/wallClock.test.ts).
 */
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import type { Weekday, WorkingHours } from '../../src/domain/campaign.js';
import { planFirstAttempts } from '../../src/domain/firstAttempt.js';
import { nextLadderStep } from '../../src/domain/ladder.js';
import { seededRng } from '../../src/domain/random.js';
import {
  campaignStartInstant,
  campaignWindow,
  remainingWorkingWindow,
  workingWindow,
  type CampaignSchedule,
} from '../../src/domain/workingTime.js';
import { always } from './parisTime.js';

const EVERY_DAY: Weekday[] = [1, 2, 3, 4, 5, 6, 7];

function hours(timeZone: string, open: string, close: string, weekdays = EVERY_DAY): WorkingHours {
  return { open, close, weekdays, timeZone };
}

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone });

describe('timing rules across daylight-saving jumps', () => {
  describe('a working window cut by a spring-forward gap (RFC 5545: the offset before the gap)', () => {
    // Gaza jumps 02:00 → 03:00 on Saturday 2028-03-25, Adelaide on Sunday 2026-10-04.
    const cases = [
      {
        zone: 'Asia/Gaza',
        campaign: {
          startDate: '2028-03-24',
          durationDays: 3,
          workingHours: hours('Asia/Gaza', '02:30', '04:00', [6]),
        },
        open: '2028-03-25T03:30:00.000+03:00',
        close: '2028-03-25T04:00:00.000+03:00',
      },
      {
        zone: 'Australia/Adelaide',
        campaign: {
          startDate: '2026-10-01',
          durationDays: 4,
          workingHours: hours('Australia/Adelaide', '02:30', '04:00', [7]),
        },
        open: '2026-10-04T03:30:00.000+10:30',
        close: '2026-10-04T04:00:00.000+10:30',
      },
    ];
    for (const c of cases) {
      it(`${c.zone}: a 02:30 opening skipped by the jump opens at 03:30, and plans inside`, () => {
        const start = campaignStartInstant(c.campaign);
        assert.equal(start?.toISO(), c.open);
        const window = workingWindow(start!, c.campaign.workingHours);
        assert.equal(window?.open.toISO(), c.open);
        assert.equal(window?.close.toISO(), c.close);
        const planned = planFirstAttempts(c.campaign, start!, seededRng(c.zone), 500)!;
        const [open, close] = [local(c.open, c.zone), local(c.close, c.zone)];
        assert.equal(planned.length, 500);
        assert.ok(planned.every((t) => t >= open.toMillis() && t < close.toMillis()));
      });
    }

    it('a 02:30 closing skipped by the jump closes at 03:30: 01:00–02:30 in Paris lasts 1.5 real hours', () => {
      const window = workingWindow(
        local('2026-03-29T12:00', 'Europe/Paris'),
        hours('Europe/Paris', '01:00', '02:30'),
      );
      assert.equal(window?.open.toISO(), '2026-03-29T01:00:00.000+01:00');
      assert.equal(window?.close.toISO(), '2026-03-29T03:30:00.000+02:00');
    });

    it('a window wholly inside the jump moves with it: 02:10–02:50 is 03:10–03:50', () => {
      const window = workingWindow(
        local('2028-03-25T12:00', 'Asia/Gaza'),
        hours('Asia/Gaza', '02:10', '02:50', [6]),
      );
      assert.equal(window?.open.toISO(), '2028-03-25T03:10:00.000+03:00');
      assert.equal(window?.close.toISO(), '2028-03-25T03:50:00.000+03:00');
    });

    it('an opening the jump pushes past closing (02:52 → 03:52, closing 03:02) leaves no working time: the next day is used', () => {
      const campaign: CampaignSchedule = {
        startDate: '2028-03-25',
        durationDays: 14,
        workingHours: hours('Asia/Gaza', '02:52', '03:02', [6]),
      };
      assert.equal(
        workingWindow(local('2028-03-25T12:00', 'Asia/Gaza'), campaign.workingHours),
        null,
      );
      assert.equal(campaignStartInstant(campaign)?.toISO(), '2028-04-01T02:52:00.000+03:00');
    });
  });

  describe('a working window at a fall-back overlap (RFC 5545: the first occurrence)', () => {
    it('Paris 02:30–05:00 on 2026-10-25 opens at the first 02:30 (CEST) and lasts 3.5 real hours', () => {
      const window = workingWindow(
        local('2026-10-25T12:00', 'Europe/Paris'),
        hours('Europe/Paris', '02:30', '05:00'),
      );
      assert.equal(window?.open.toISO(), '2026-10-25T02:30:00.000+02:00');
      assert.equal(window?.close.toISO(), '2026-10-25T05:00:00.000+01:00');
    });

    it('Havana repeats its first hour: a campaign starting 2028-11-05 starts at the first 00:00', () => {
      const campaign: CampaignSchedule = {
        startDate: '2028-11-05',
        durationDays: 1,
        workingHours: hours('America/Havana', '00:30', '02:00'),
      };
      assert.equal(campaignWindow(campaign).start.toISO(), '2028-11-05T00:00:00.000-04:00');
      assert.equal(campaignStartInstant(campaign)?.toISO(), '2028-11-05T00:30:00.000-04:00');
    });
  });

  describe('a start date without a local midnight (clocks jump at 00:00)', () => {
    const cases = [
      {
        zone: 'America/Havana',
        startDate: '2028-03-12',
        start: '2028-03-12T01:00:00.000-04:00',
        end: '2028-03-13T00:00:00.000-04:00',
      },
      {
        zone: 'Asia/Beirut',
        startDate: '2027-03-28',
        start: '2027-03-28T01:00:00.000+03:00',
        end: '2027-03-29T00:00:00.000+03:00',
      },
    ];
    for (const c of cases) {
      const campaign: CampaignSchedule = {
        startDate: c.startDate,
        durationDays: 1,
        workingHours: hours(c.zone, '09:00', '18:00'),
      };

      it(`${c.zone}: a 1-day campaign ends at the next midnight, not an hour into the next day`, () => {
        const window = campaignWindow(campaign);
        assert.equal(window.start.toISO(), c.start);
        assert.equal(window.end.toISO(), c.end);
      });

      it(`${c.zone}: no working time and no day cycle after the campaign's only day`, () => {
        const evening = local(`${c.startDate}T19:00`, c.zone);
        assert.equal(remainingWorkingWindow(campaign, evening), null);
        const step = nextLadderStep({
          campaign,
          position: { dayCycle: 1, step: 2 },
          attemptAt: local(`${c.startDate}T15:00`, c.zone),
          rng: always(0.5),
        });
        assert.deepEqual(step, { kind: 'unscheduled', reason: 'campaign-ended' });
      });
    }
  });

  describe('the "next full hour" rung', () => {
    const lordHowe = hours('Australia/Lord_Howe', '00:00', '23:59');
    const chatham = hours('Pacific/Chatham', '00:00', '23:59');
    const cases = [
      {
        title:
          'Lord Howe falls back 30 min at 02:00: after 01:34 (+11) comes 02:00 (+10:30), not 01:30',
        workingHours: lordHowe,
        attemptAt: '2028-04-02T01:34:00.000+11:00',
        expected: '2028-04-02T02:00:00.000+10:30',
      },
      {
        title: 'Lord Howe, 01:34 the second time (+10:30): 02:00 (+10:30), never back to 15:00Z',
        workingHours: lordHowe,
        attemptAt: '2028-04-02T01:34:00.000+10:30',
        expected: '2028-04-02T02:00:00.000+10:30',
      },
      {
        title: 'Lord Howe springs forward 30 min at 02:00: after 01:40 (+10:30) comes 03:00 (+11)',
        workingHours: lordHowe,
        attemptAt: '2028-10-01T01:40:00.000+10:30',
        expected: '2028-10-01T03:00:00.000+11:00',
      },
      {
        title:
          "Chatham falls back at 03:45: after 03:20 (+13:45) comes 03:00 (+12:45), the next o'clock",
        workingHours: chatham,
        attemptAt: '2028-04-02T03:20:00.000+13:45',
        expected: '2028-04-02T03:00:00.000+12:45',
      },
    ];
    for (const c of cases) {
      it(c.title, () => {
        const attemptAt = DateTime.fromISO(c.attemptAt, { setZone: true });
        const step = nextLadderStep({
          campaign: { startDate: '2028-03-30', durationDays: 200, workingHours: c.workingHours },
          position: { dayCycle: 1, step: 1 },
          attemptAt,
          rng: always(0.5),
        });
        assert.equal(step.kind, 'retry');
        assert.equal(
          step.kind === 'retry' && step.dueAt.setZone(c.workingHours.timeZone).toISO(),
          c.expected,
        );
      });
    }

    it("never goes backwards: every step-1 attempt around zones' jumps climbs to a later :00", () => {
      const days = [
        ['Australia/Lord_Howe', '2028-04-02'],
        ['Australia/Lord_Howe', '2028-10-01'],
        ['Pacific/Chatham', '2028-04-02'],
        ['Pacific/Chatham', '2028-09-24'],
        ['Asia/Kathmandu', '2028-06-01'],
        ['Europe/Paris', '2026-10-25'],
        ['Europe/Paris', '2026-03-29'],
      ] as const;
      for (const [zone, day] of days) {
        const campaign = {
          startDate: day,
          durationDays: 2,
          workingHours: hours(zone, '00:00', '23:59'),
        };
        const first = local(`${day}T00:00`, zone);
        for (let minutes = 0; minutes < 23 * 60; minutes += 7) {
          const attemptAt = first.plus({ minutes });
          const step = nextLadderStep({
            campaign,
            position: { dayCycle: 1, step: 1 },
            attemptAt,
            rng: always(0.5),
          });
          if (step.kind !== 'retry' || step.position.step !== 2) continue;
          const label = `${zone} ${attemptAt.toISO()} → ${step.dueAt.toISO()}`;
          assert.ok(step.dueAt > attemptAt, label);
          assert.ok(step.dueAt.diff(attemptAt, 'minutes').minutes <= 120, label);
          assert.deepEqual(
            [step.dueAt.minute, step.dueAt.second, step.dueAt.millisecond],
            [0, 0, 0],
            label,
          );
        }
      }
    });
  });
});
