/** Instants and random draws pinned for the scheduling tests, whose campaigns run in Paris. */
import { DateTime } from 'luxon';
import type { Rng } from '../../src/domain/random.js';

export const zone = 'Europe/Paris';

/** A wall-clock time in Paris, e.g. paris('2026-12-07T09:00'). */
export const paris = (iso: string) => DateTime.fromISO(iso, { zone });

/** An instant written in UTC, for checks that the campaign zone, not UTC, decides. */
export const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

/** An rng that always returns `value`, to pin a random draw to a known point of its range. */
export const always =
  (value: number): Rng =>
  () =>
    value;
