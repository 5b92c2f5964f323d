/**
 * An independent model of the campaign calendar (working windows, the campaign's period, the
 * first-attempt window), to check src/domain/workingTime.ts against. It shares no code with it
 * and reads zones another way: each zone's offset changes are found by scanning
 * Intl.DateTimeFormat (not luxon) and kept as a table of periods; a wall-clock time is then
 * resolved by searching those periods for the ones whose offset puts it inside them — RFC 5545:
 * the first of two, and in a gap the offset of the period before it. Days are day numbers.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Offsets never change twice within a day, so a daily scan sees every change. */
const SCAN_STEP_MS = DAY_MS;

/** A stretch of time with one offset: [from, to), offset in minutes east of UTC. */
interface OffsetPeriod {
  from: number;
  to: number;
  offset: number;
}

/** Every offset period of one zone between two instants, found with Intl.DateTimeFormat. */
export class ZoneOffsets {
  readonly periods: OffsetPeriod[] = [];
  private readonly format: Intl.DateTimeFormat;

  constructor(
    readonly zone: string,
    fromMs: number,
    toMs: number,
  ) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    let start = fromMs;
    let offset = this.offsetBySystem(fromMs);
    for (let t = fromMs + SCAN_STEP_MS; t < toMs; t += SCAN_STEP_MS) {
      const next = this.offsetBySystem(t);
      if (next === offset) continue;
      const change = this.firstMinuteWith(next, t - SCAN_STEP_MS, t);
      this.periods.push({ from: start, to: change, offset });
      [start, offset] = [change, next];
    }
    this.periods.push({ from: start, to: toMs, offset });
  }

  /** The offset changes (instant, offset before, offset after), in order. */
  changes(): { at: number; before: number; after: number }[] {
    return this.periods
      .slice(1)
      .map((p, i) => ({ at: p.from, before: this.periods[i]!.offset, after: p.offset }));
  }

  offsetAt(instant: number): number {
    const period = this.periods.find((p) => instant >= p.from && instant < p.to);
    if (period === undefined) throw new RangeError(`${instant} outside the model's range`);
    return period.offset;
  }

  /**
   * RFC 5545: the instant whose wall clock reads `wall` (a wall time written as UTC ms). Every
   * period whose offset puts `wall` inside it is an occurrence; the earliest is taken. None: a
   * gap, read with the offset of the period that ends before `wall` would have come.
   */
  resolve(wall: number): number {
    const occurrences = this.periods
      .map((p) => wall - p.offset * MINUTE_MS)
      .filter((t, i) => t >= this.periods[i]!.from && t < this.periods[i]!.to);
    if (occurrences.length > 0) return Math.min(...occurrences);
    const before = this.periods.findLast((p) => p.to + p.offset * MINUTE_MS <= wall);
    if (before === undefined) throw new RangeError(`${wall} outside the model's range`);
    return wall - before.offset * MINUTE_MS;
  }

  /** The day number (days since 1970-01-01) an instant falls on in the zone. */
  dayOf(instant: number): number {
    return Math.floor((instant + this.offsetAt(instant) * MINUTE_MS) / DAY_MS);
  }

  private offsetBySystem(instant: number): number {
    const at = Math.floor(instant / 1000) * 1000;
    const parts = Object.fromEntries(
      this.format.formatToParts(new Date(at)).map((part) => [part.type, Number(part.value)]),
    );
    const wall = Date.UTC(
      parts.year!,
      parts.month! - 1,
      parts.day!,
      parts.hour!,
      parts.minute!,
      parts.second!,
    );
    return Math.round((wall - at) / MINUTE_MS);
  }

  /** Offsets change on whole minutes: the first minute in (from, to] that has `offset`. */
  private firstMinuteWith(offset: number, from: number, to: number): number {
    let [low, high] = [from / MINUTE_MS, to / MINUTE_MS];
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.offsetBySystem(middle * MINUTE_MS) === offset) high = middle;
      else low = middle;
    }
    return high * MINUTE_MS;
  }
}

export interface ModelCampaign {
  /** Day number of the start date. */
  startDay: number;
  durationDays: number;
  /** Minutes after midnight. */
  open: number;
  close: number;
  /** 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  zone: ZoneOffsets;
}

/** [open, close) in epoch ms. */
export type ModelWindow = [number, number];

export function modelCampaignPeriod(c: ModelCampaign): ModelWindow {
  return [atMinute(c, c.startDay, 0), atMinute(c, c.startDay + c.durationDays, 0)];
}

/** The day's working window; null on a non-working day or when opening is not before closing. */
export function modelWorkingWindow(c: ModelCampaign, day: number): ModelWindow | null {
  if (!c.weekdays.includes(weekdayOfDay(day))) return null;
  const [open, close] = [atMinute(c, day, c.open), atMinute(c, day, c.close)];
  return open < close ? [open, close] : null;
}

/** The first working window of the campaign closing after `from`, opened no earlier than it. */
export function modelRemainingWindow(c: ModelCampaign, from: number): ModelWindow | null {
  const first = Math.max(c.zone.dayOf(from), c.startDay);
  for (let day = first; day < c.startDay + c.durationDays; day++) {
    const window = modelWorkingWindow(c, day);
    if (window !== null && window[1] > from) return [Math.max(window[0], from), window[1]];
  }
  return null;
}

/** Where first attempts of a campaign saved at `now` are drawn: from the next whole second. */
export function modelFirstAttemptWindow(c: ModelCampaign, now: number): ModelWindow | null {
  return modelRemainingWindow(c, Math.ceil(now / 1000) * 1000);
}

/**
 * Where a move to the next working day draws (a new day cycle, a recipient out of office): the
 * remaining working time from the first instant of the first working weekday after `now`'s day.
 */
export function modelNextWorkingDayWindow(c: ModelCampaign, now: number): ModelWindow | null {
  let day = c.zone.dayOf(now) + 1;
  while (!c.weekdays.includes(weekdayOfDay(day))) day++;
  return modelRemainingWindow(c, atMinute(c, day, 0));
}

function atMinute(c: ModelCampaign, day: number, minute: number): number {
  return c.zone.resolve(day * DAY_MS + minute * MINUTE_MS);
}

/** 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
function weekdayOfDay(day: number): number {
  return ((day + 3) % 7) + 1;
}
