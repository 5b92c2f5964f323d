import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import type { WorkingHours } from '../../src/domain/campaign.js';
import {
  campaignStartInstant,
  campaignWindow,
  isWithinWindow,
  isWorkingDay,
  nextWorkingDay,
  remainingWorkingWindow,
  workingWindow,
} from '../../src/domain/workingTime.js';
import { parisOfficeHours } from '../support/fixtures.js';
import { paris, utc, zone } from './parisTime.js';

const officeHours = parisOfficeHours();
const everyDay: WorkingHours = { ...officeHours, weekdays: [1, 2, 3, 4, 5, 6, 7] };
/** Hours that span the 02:00/03:00 daylight-saving change. */
const nightShift: WorkingHours = { ...everyDay, open: '01:00', close: '04:00' };
const tuesdayThursday: WorkingHours = { ...officeHours, weekdays: [2, 4] };

describe('working time', () => {
  describe('workingWindow', () => {
    const cases: {
      title: string;
      day: DateTime;
      hours: WorkingHours;
      open: string | null;
      close?: string;
    }[] = [
      {
        title: 'a winter Monday (CET, UTC+1)',
        day: paris('2026-12-07T23:30'),
        hours: officeHours,
        open: '2026-12-07T08:00:00.000Z',
        close: '2026-12-07T17:00:00.000Z',
      },
      {
        title: 'a summer Monday (CEST, UTC+2)',
        day: paris('2026-06-15T03:00'),
        hours: officeHours,
        open: '2026-06-15T07:00:00.000Z',
        close: '2026-06-15T16:00:00.000Z',
      },
      {
        title: 'a Saturday with Mon–Fri weekdays',
        day: paris('2026-12-12T10:00'),
        hours: officeHours,
        open: null,
      },
      {
        title: 'the day is the calendar day in the campaign zone, not in UTC',
        day: utc('2026-12-06T23:30'),
        hours: officeHours,
        open: '2026-12-07T08:00:00.000Z',
        close: '2026-12-07T17:00:00.000Z',
      },
      {
        title: 'the Saturday before spring-forward is still CET',
        day: paris('2026-03-28T12:00'),
        hours: everyDay,
        open: '2026-03-28T08:00:00.000Z',
        close: '2026-03-28T17:00:00.000Z',
      },
      {
        title: 'spring-forward Sunday: 09:00–18:00 are CEST',
        day: paris('2026-03-29T12:00'),
        hours: everyDay,
        open: '2026-03-29T07:00:00.000Z',
        close: '2026-03-29T16:00:00.000Z',
      },
      {
        title: 'fall-back Sunday: 09:00–18:00 are CET',
        day: paris('2026-10-25T12:00'),
        hours: everyDay,
        open: '2026-10-25T08:00:00.000Z',
        close: '2026-10-25T17:00:00.000Z',
      },
      {
        title: 'a window spanning spring-forward lasts 2 real hours (01:00 CET–04:00 CEST)',
        day: paris('2026-03-29T12:00'),
        hours: nightShift,
        open: '2026-03-29T00:00:00.000Z',
        close: '2026-03-29T02:00:00.000Z',
      },
      {
        title: 'a window spanning fall-back lasts 4 real hours (01:00 CEST–04:00 CET)',
        day: paris('2026-10-25T12:00'),
        hours: nightShift,
        open: '2026-10-24T23:00:00.000Z',
        close: '2026-10-25T03:00:00.000Z',
      },
    ];
    for (const c of cases) {
      it(c.title, () => {
        const window = workingWindow(c.day, c.hours);
        if (c.open === null) {
          assert.equal(window, null);
          return;
        }
        assert.ok(window);
        assert.equal(window.open.toUTC().toISO(), c.open);
        assert.equal(window.close.toUTC().toISO(), c.close);
        assert.equal(window.open.zoneName, zone);
      });
    }

    it('keeps the wall-clock opening and closing times on DST days', () => {
      const window = workingWindow(paris('2026-03-29T12:00'), nightShift);
      assert.equal(window?.open.toISO(), '2026-03-29T01:00:00.000+01:00');
      assert.equal(window?.close.toISO(), '2026-03-29T04:00:00.000+02:00');
    });
  });

  describe('isWorkingDay and isWithinWindow', () => {
    const cases: { instant: DateTime; hours: WorkingHours; day: boolean; within: boolean }[] = [
      { instant: paris('2026-12-07T09:00'), hours: officeHours, day: true, within: true },
      { instant: paris('2026-12-07T08:59:59.999'), hours: officeHours, day: true, within: false },
      { instant: paris('2026-12-07T17:59:59.999'), hours: officeHours, day: true, within: true },
      { instant: paris('2026-12-07T18:00'), hours: officeHours, day: true, within: false },
      { instant: paris('2026-12-12T10:00'), hours: officeHours, day: false, within: false },
      { instant: paris('2026-12-13T10:00'), hours: everyDay, day: true, within: true },
      { instant: utc('2026-12-07T16:59'), hours: officeHours, day: true, within: true },
      { instant: utc('2026-12-07T17:00'), hours: officeHours, day: true, within: false },
      { instant: paris('2026-12-08T10:00'), hours: tuesdayThursday, day: true, within: true },
      { instant: paris('2026-12-09T10:00'), hours: tuesdayThursday, day: false, within: false },
    ];
    for (const c of cases) {
      it(`${c.instant.toISO()} on weekdays ${c.hours.weekdays.join(',')}`, () => {
        assert.equal(isWorkingDay(c.instant, c.hours), c.day);
        assert.equal(isWithinWindow(c.instant, workingWindow(c.instant, c.hours)), c.within);
      });
    }
  });

  describe('nextWorkingDay', () => {
    const cases: { title: string; after: DateTime; hours: WorkingHours; expected: string }[] = [
      {
        title: 'Monday → Tuesday',
        after: paris('2026-12-07T17:55'),
        hours: officeHours,
        expected: '2026-12-08T00:00:00.000+01:00',
      },
      {
        title: 'Friday → Monday',
        after: paris('2026-12-11T15:00'),
        hours: officeHours,
        expected: '2026-12-14T00:00:00.000+01:00',
      },
      {
        title: 'Saturday → Monday',
        after: paris('2026-12-12T00:00'),
        hours: officeHours,
        expected: '2026-12-14T00:00:00.000+01:00',
      },
      {
        title: 'Tuesday → Thursday on Tue/Thu',
        after: paris('2026-12-08T10:00'),
        hours: tuesdayThursday,
        expected: '2026-12-10T00:00:00.000+01:00',
      },
      {
        title: 'Thursday → next Tuesday on Tue/Thu',
        after: paris('2026-12-10T10:00'),
        hours: tuesdayThursday,
        expected: '2026-12-15T00:00:00.000+01:00',
      },
      {
        title: 'Saturday → spring-forward Sunday midnight (still CET)',
        after: paris('2026-03-28T17:00'),
        hours: everyDay,
        expected: '2026-03-29T00:00:00.000+01:00',
      },
      {
        title: 'spring-forward Sunday → Monday midnight (CEST)',
        after: paris('2026-03-29T17:00'),
        hours: everyDay,
        expected: '2026-03-30T00:00:00.000+02:00',
      },
      {
        title: 'a UTC instant late on Sunday is already Monday in Paris',
        after: utc('2026-12-06T23:30'),
        hours: officeHours,
        expected: '2026-12-08T00:00:00.000+01:00',
      },
    ];
    for (const c of cases) {
      it(c.title, () => {
        assert.equal(nextWorkingDay(c.after, c.hours).toISO(), c.expected);
      });
    }

    it('refuses working hours without any weekday', () => {
      assert.throws(
        () => nextWorkingDay(paris('2026-12-07T10:00'), { ...officeHours, weekdays: [] }),
        RangeError,
      );
    });
  });

  describe('campaignWindow', () => {
    it('a 1-day campaign covers exactly its start day', () => {
      const window = campaignWindow({
        startDate: '2026-12-07',
        durationDays: 1,
        workingHours: officeHours,
      });
      assert.equal(window.start.toISO(), '2026-12-07T00:00:00.000+01:00');
      assert.equal(window.end.toISO(), '2026-12-08T00:00:00.000+01:00');
    });

    it('counts calendar days across spring-forward (47 real hours for 2 days)', () => {
      const window = campaignWindow({
        startDate: '2026-03-28',
        durationDays: 2,
        workingHours: everyDay,
      });
      assert.equal(window.start.toUTC().toISO(), '2026-03-27T23:00:00.000Z');
      assert.equal(window.end.toUTC().toISO(), '2026-03-29T22:00:00.000Z');
      assert.equal(window.end.diff(window.start, 'hours').hours, 47);
    });

    it('rejects a malformed start date', () => {
      assert.throws(
        () =>
          campaignWindow({ startDate: '07/12/2026', durationDays: 1, workingHours: officeHours }),
        RangeError,
      );
    });
  });

  describe('campaignStartInstant', () => {
    const cases: {
      title: string;
      startDate: string;
      durationDays: number;
      hours: WorkingHours;
      expected: string | null;
    }[] = [
      {
        title: 'a Monday start opens that Monday',
        startDate: '2026-12-07',
        durationDays: 5,
        hours: officeHours,
        expected: '2026-12-07T09:00:00.000+01:00',
      },
      {
        title: 'a Saturday start opens on Monday',
        startDate: '2026-12-12',
        durationDays: 3,
        hours: officeHours,
        expected: '2026-12-14T09:00:00.000+01:00',
      },
      {
        title: 'a weekend-only campaign with Mon–Fri weekdays never starts',
        startDate: '2026-12-12',
        durationDays: 2,
        hours: officeHours,
        expected: null,
      },
      {
        title: 'a Wednesday start on Tue/Thu opens on Thursday',
        startDate: '2026-12-09',
        durationDays: 2,
        hours: tuesdayThursday,
        expected: '2026-12-10T09:00:00.000+01:00',
      },
      {
        title: 'a spring-forward Sunday opens at 09:00 CEST',
        startDate: '2026-03-29',
        durationDays: 1,
        hours: everyDay,
        expected: '2026-03-29T09:00:00.000+02:00',
      },
    ];
    for (const c of cases) {
      it(c.title, () => {
        const start = campaignStartInstant({
          startDate: c.startDate,
          durationDays: c.durationDays,
          workingHours: c.hours,
        });
        assert.equal(start?.toISO() ?? null, c.expected);
      });
    }
  });

  describe('remainingWorkingWindow', () => {
    const campaign = { startDate: '2026-12-07', durationDays: 5, workingHours: officeHours };
    const cases: { title: string; from: DateTime; expected: [string, string] | null }[] = [
      {
        title: 'before the campaign: its first working day',
        from: paris('2026-12-01T12:00'),
        expected: ['2026-12-07T09:00:00.000+01:00', '2026-12-07T18:00:00.000+01:00'],
      },
      {
        title: 'inside opening hours: from now until closing',
        from: paris('2026-12-09T14:27'),
        expected: ['2026-12-09T14:27:00.000+01:00', '2026-12-09T18:00:00.000+01:00'],
      },
      {
        title: 'at closing time: the next working day',
        from: paris('2026-12-09T18:00'),
        expected: ['2026-12-10T09:00:00.000+01:00', '2026-12-10T18:00:00.000+01:00'],
      },
      {
        title: 'after the last day closed: nothing',
        from: paris('2026-12-11T18:00'),
        expected: null,
      },
    ];
    for (const c of cases) {
      it(c.title, () => {
        const window = remainingWorkingWindow(campaign, c.from);
        assert.deepEqual(window && [window.open.toISO(), window.close.toISO()], c.expected);
      });
    }
  });
});
