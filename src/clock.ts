import { DateTime } from 'luxon';

/** Every read of "now" goes through a Clock so tests can drive time. */
export interface Clock {
  now(): DateTime;
}

export const systemClock: Clock = {
  now: () => DateTime.utc(),
};

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private current: DateTime;

  constructor(start: DateTime) {
    this.current = start;
  }

  now(): DateTime {
    return this.current;
  }

  set(instant: DateTime): void {
    this.current = instant;
  }

  advance(duration: {
    milliseconds?: number;
    seconds?: number;
    minutes?: number;
    hours?: number;
    days?: number;
  }): void {
    this.current = this.current.plus(duration);
  }
}
