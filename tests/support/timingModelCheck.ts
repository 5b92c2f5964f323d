/**
 * Random campaigns, seeded, planned by src/domain/workingTime.ts and by the independent model
 * (independentTimingModel.ts), compared: the campaign's period, every day's working window, the
 * first-attempt window at a random moment, and the window a move to the next working day draws
 * in (a new day cycle of the ladder, a recipient out of office). Half the campaigns start around one of their
 * zone's offset changes with hours near its clock time, where the two readings could differ.
 * Used by tests/domain/timingModelCheck.test.ts (a sample) and `npm run bench` (50,000).
 */
import { DateTime } from 'luxon';
import type { Weekday } from '../../src/domain/campaign.js';
import { seededRng, type Rng } from '../../src/domain/random.js';
import {
  campaignWindow,
  nextWorkingDay,
  remainingWorkingWindow,
  workingWindow,
  type CampaignSchedule,
  type WorkingWindow,
} from '../../src/domain/workingTime.js';
import {
  modelCampaignPeriod,
  modelNextWorkingDayWindow,
  modelRemainingWindow,
  modelWorkingWindow,
  ZoneOffsets,
  type ModelCampaign,
  type ModelWindow,
} from './independentTimingModel.js';

/** Zones with every kind of change: hour, half hour (Lord Howe), at midnight, :45 offsets, none. */
export const MODEL_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Havana',
  'America/Santiago',
  'America/Asuncion',
  'America/St_Johns',
  'America/Nuuk',
  'America/Scoresbysund',
  'America/Mexico_City',
  'America/Sao_Paulo',
  'Atlantic/Azores',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Chisinau',
  'Africa/Cairo',
  'Africa/Casablanca',
  'Asia/Beirut',
  'Asia/Gaza',
  'Asia/Jerusalem',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
] as const;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const FIRST_START_DAY = Date.UTC(2025, 0, 1) / DAY_MS;
const START_DAYS = 6 * 365;
/** The model's table covers every instant a campaign of the sample can reach, and more. */
const MODEL_FROM = Date.UTC(2024, 6, 1);
const MODEL_TO = Date.UTC(2031, 6, 1);

export interface ModelCheckResult {
  campaigns: number;
  comparisons: number;
  /** One line per disagreement, with the campaign and both answers. */
  disagreements: string[];
}

export function checkTimingAgainstModel(count: number, seed: string): ModelCheckResult {
  const rng = seededRng(seed);
  const zones = new Map(MODEL_ZONES.map((z) => [z, new ZoneOffsets(z, MODEL_FROM, MODEL_TO)]));
  const result: ModelCheckResult = { campaigns: 0, comparisons: 0, disagreements: [] };
  for (let i = 0; i < count; i++) {
    const model = randomCampaign(rng, zones.get(MODEL_ZONES[pick(rng, MODEL_ZONES.length)]!)!);
    const campaign = asCampaignSchedule(model);
    const compare = (what: string, ours: ModelWindow | null, theirs: ModelWindow | null) => {
      result.comparisons++;
      if (ours?.[0] !== theirs?.[0] || ours?.[1] !== theirs?.[1]) {
        result.disagreements.push(
          `${JSON.stringify(campaign)} ${what}: ours ${show(ours)}, model ${show(theirs)}`,
        );
      }
    };
    result.campaigns++;
    const period = campaignWindow(campaign);
    compare('period', [period.start.toMillis(), period.end.toMillis()], modelCampaignPeriod(model));
    for (let day = model.startDay; day < model.startDay + model.durationDays; day++) {
      const noon = DateTime.fromMillis(model.zone.resolve(day * DAY_MS + 12 * 60 * MINUTE_MS));
      compare(
        `window of day ${dateOf(day)}`,
        millis(workingWindow(noon, campaign.workingHours)),
        modelWorkingWindow(model, day),
      );
    }
    const [start, end] = modelCampaignPeriod(model);
    const now = start - DAY_MS + Math.floor(rng() * (end - start + 2 * DAY_MS));
    const from = Math.ceil(now / 1000) * 1000;
    compare(
      `first-attempt window at ${new Date(now).toISOString()}`,
      millis(remainingWorkingWindow(campaign, DateTime.fromMillis(from))),
      modelRemainingWindow(model, from),
    );
    const nextDay = nextWorkingDay(DateTime.fromMillis(now), campaign.workingHours);
    compare(
      `next-working-day window after ${new Date(now).toISOString()}`,
      millis(remainingWorkingWindow(campaign, nextDay)),
      modelNextWorkingDayWindow(model, now),
    );
  }
  return result;
}

function randomCampaign(rng: Rng, zone: ZoneOffsets): ModelCampaign {
  const changes = zone.changes().filter((c) => c.at > Date.UTC(2025, 0, 3));
  const atChange = changes.length > 0 && rng() < 0.5;
  const durationDays = 1 + pick(rng, 7);
  const weekdays = rng() < 0.4 ? [1, 2, 3, 4, 5, 6, 7] : randomWeekdays(rng);
  if (!atChange) {
    const [open, close] = randomHours(rng, pick(rng, 24 * 60));
    return {
      zone,
      durationDays,
      weekdays,
      open,
      close,
      startDay: FIRST_START_DAY + pick(rng, START_DAYS),
    };
  }
  const change = changes[pick(rng, changes.length)]!;
  const wallBefore = change.at + change.before * MINUTE_MS;
  const changeDay = Math.floor(wallBefore / DAY_MS);
  const minuteOfChange = Math.floor((wallBefore - changeDay * DAY_MS) / MINUTE_MS);
  const [open, close] = randomHours(rng, minuteOfChange - 90 + pick(rng, 180));
  return {
    zone,
    durationDays,
    weekdays,
    open,
    close,
    startDay: changeDay - pick(rng, durationDays),
  };
}

/** Opening near `around` (wrapped into the day), closing later that day. */
function randomHours(rng: Rng, around: number): [number, number] {
  const open = (((around % 1440) + 1440) % 1440) - (rng() < 0.5 ? 0 : around % 15);
  const clamped = Math.min(Math.max(open, 0), 1438);
  return [clamped, clamped + 1 + pick(rng, 1439 - clamped)];
}

function randomWeekdays(rng: Rng): number[] {
  const days = [1, 2, 3, 4, 5, 6, 7].filter(() => rng() < 0.6);
  return days.length > 0 ? days : [1 + pick(rng, 7)];
}

function asCampaignSchedule(model: ModelCampaign): CampaignSchedule {
  return {
    startDate: dateOf(model.startDay),
    durationDays: model.durationDays,
    workingHours: {
      timeZone: model.zone.zone,
      open: clock(model.open),
      close: clock(model.close),
      weekdays: model.weekdays as Weekday[],
    },
  };
}

const pick = (rng: Rng, n: number) => Math.floor(rng() * n);
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const millis = (w: WorkingWindow | null): ModelWindow | null =>
  w && [w.open.toMillis(), w.close.toMillis()];
const show = (w: ModelWindow | null) =>
  w ? `${new Date(w[0]).toISOString()}–${new Date(w[1]).toISOString()}` : 'none';
