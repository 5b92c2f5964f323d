/**
 * RFC 5545's reading of wall-clock times at daylight-saving edges: a skipped time takes the offset
 * before the gap, a repeated time is its first occurrence.
 */
import assert from 'node:assert/strict';
import { DateTime, Settings } from 'luxon';
import {
  addDays,
  localDateOf,
  startOfLocalDay,
  wallClockInstant,
  weekdayOf,
} from '../../src/domain/wallClock.js';

interface Case {
  title: string;
  date: string;
  time: string;
  zone: string;
  instant: string;
}

const cases: Case[] = [
  {
    title: 'RFC 5545: 02:30 on the US spring-forward night of 2007 is 03:30 EDT',
    date: '2007-03-11',
    time: '02:30',
    zone: 'America/New_York',
    instant: '2007-03-11T03:30:00.000-04:00',
  },
  {
    title: 'RFC 5545: 01:30 on the US fall-back night of 2007 is the first one, EDT',
    date: '2007-11-04',
    time: '01:30',
    zone: 'America/New_York',
    instant: '2007-11-04T01:30:00.000-04:00',
  },
  {
    title: 'Lord Howe falls back half an hour at 02:00: 01:45 is the first one (+11:00)',
    date: '2028-04-02',
    time: '01:45',
    zone: 'Australia/Lord_Howe',
    instant: '2028-04-02T01:45:00.000+11:00',
  },
  {
    title: 'Lord Howe springs forward half an hour at 02:00: 02:15 is 02:45 (+11:00)',
    date: '2028-10-01',
    time: '02:15',
    zone: 'Australia/Lord_Howe',
    instant: '2028-10-01T02:45:00.000+11:00',
  },
  {
    title: 'Chatham (+12:45) springs forward at 02:45: 03:00 is 04:00 (+13:45)',
    date: '2028-09-24',
    time: '03:00',
    zone: 'Pacific/Chatham',
    instant: '2028-09-24T04:00:00.000+13:45',
  },
  {
    title: 'Chatham falls back at 03:45: 03:00 is the first one (+13:45)',
    date: '2028-04-02',
    time: '03:00',
    zone: 'Pacific/Chatham',
    instant: '2028-04-02T03:00:00.000+13:45',
  },
  {
    title: 'Cairo skips midnight: 00:00 is 01:00 (+03:00)',
    date: '2028-04-28',
    time: '00:00',
    zone: 'Africa/Cairo',
    instant: '2028-04-28T01:00:00.000+03:00',
  },
  {
    title: 'Cairo skips midnight: 00:30 is 01:30 (+03:00)',
    date: '2028-04-28',
    time: '00:30',
    zone: 'Africa/Cairo',
    instant: '2028-04-28T01:30:00.000+03:00',
  },
  {
    title: 'Cairo repeats 23:00–24:00 on its last summer Thursday: 23:30 is the first (+03:00)',
    date: '2028-10-26',
    time: '23:30',
    zone: 'Africa/Cairo',
    instant: '2028-10-26T23:30:00.000+03:00',
  },
  {
    title: 'Beirut skips midnight: 00:00 is 01:00 (+03:00)',
    date: '2027-03-28',
    time: '00:00',
    zone: 'Asia/Beirut',
    instant: '2027-03-28T01:00:00.000+03:00',
  },
  {
    title: 'Beirut repeats the hour before midnight: 23:30 is the first (+03:00)',
    date: '2027-10-30',
    time: '23:30',
    zone: 'Asia/Beirut',
    instant: '2027-10-30T23:30:00.000+03:00',
  },
  {
    title: 'Auckland springs forward at 02:00: 02:30 is 03:30 (+13:00)',
    date: '2028-09-24',
    time: '02:30',
    zone: 'Pacific/Auckland',
    instant: '2028-09-24T03:30:00.000+13:00',
  },
  {
    title: 'Auckland falls back at 03:00: 02:30 is the first (+13:00)',
    date: '2028-04-02',
    time: '02:30',
    zone: 'Pacific/Auckland',
    instant: '2028-04-02T02:30:00.000+13:00',
  },
  {
    title: 'Havana skips midnight: 00:00 is 01:00 (−04:00)',
    date: '2028-03-12',
    time: '00:00',
    zone: 'America/Havana',
    instant: '2028-03-12T01:00:00.000-04:00',
  },
  {
    title: 'Havana repeats its first hour: 00:00 is the first (−04:00)',
    date: '2028-11-05',
    time: '00:00',
    zone: 'America/Havana',
    instant: '2028-11-05T00:00:00.000-04:00',
  },
  {
    title: 'an ordinary day is its ordinary reading (Paris, CET)',
    date: '2026-12-07',
    time: '09:00',
    zone: 'Europe/Paris',
    instant: '2026-12-07T09:00:00.000+01:00',
  },
];

describe('wall-clock times read as RFC 5545 does', () => {
  for (const c of cases) {
    it(c.title, () => {
      const instant = wallClockInstant(c.date, c.time, c.zone);
      assert.equal(instant.setZone(c.zone).toISO(), c.instant);
    });
  }

  it('the start of a day is its first instant, 01:00 where midnight is skipped', () => {
    assert.equal(
      startOfLocalDay('2028-03-12', 'America/Havana').toISO(),
      '2028-03-12T01:00:00.000-04:00',
    );
    assert.equal(
      startOfLocalDay('2026-03-29', 'Europe/Paris').toISO(),
      '2026-03-29T00:00:00.000+01:00',
    );
  });

  it('the same answer whatever offset the zone has when the code runs (luxon guesses from it)', () => {
    // Luxon reads an ambiguous local time with the offset in force "now"; ours must not move.
    const winter = DateTime.fromISO('2026-01-15T12:00Z').toMillis();
    const summer = DateTime.fromISO('2026-07-15T12:00Z').toMillis();
    const readings = [winter, summer].map((now) =>
      withLuxonNow(now, () => wallClockInstant('2007-11-04', '01:30', 'America/New_York').toISO()),
    );
    assert.deepEqual(readings, ['2007-11-04T01:30:00.000-04:00', '2007-11-04T01:30:00.000-04:00']);
  });

  it('calendar days: the local date of an instant, days added, weekdays (Monday = 1)', () => {
    assert.equal(localDateOf(DateTime.fromISO('2026-12-06T23:30Z'), 'Europe/Paris'), '2026-12-07');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(weekdayOf('2026-12-07'), 1);
    assert.equal(weekdayOf('2026-12-06'), 7);
  });

  it('refuses what is not a date, a clock time or a zone', () => {
    assert.throws(() => wallClockInstant('2026-02-30', '09:00', 'Europe/Paris'), /invalid date/);
    assert.throws(
      () => wallClockInstant('2026-12-07', '24:00', 'Europe/Paris'),
      /invalid clock time/,
    );
    assert.throws(
      () => wallClockInstant('2026-12-07', '09:00', 'Mars/Olympus'),
      /invalid time zone/,
    );
  });
});

function withLuxonNow<T>(nowMs: number, run: () => T): T {
  const previous = Settings.now;
  Settings.now = () => nowMs;
  try {
    return run();
  } finally {
    Settings.now = previous;
  }
}
