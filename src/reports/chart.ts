/**
 * The "sends over time" chart of a report: bars of sends and clicks per hour (short
 * campaigns) or per day (longer ones), labelled in the campaign's time zone.
 * renderChartSvg is pure; renderChartPng rasterises it because chat clients show PNG, not SVG.
 */
import { Resvg } from '@resvg/resvg-js';
import { DateTime } from 'luxon';
import type { TimeBucket } from '../domain/report.js';
import { addDays, localDateOf, type LocalDate } from '../domain/wallClock.js';

const HOUR_MS = 3_600_000;
/** Up to two days of activity is drawn hour by hour; anything longer, day by day. */
const HOURLY_SPAN_HOURS = 48;
const MAX_X_LABELS = 12;

export interface ChartBar {
  /** Local time ("14:00") or day ("2 Mar"). */
  label: string;
  /** On an hourly chart, the local day ("2 Mar") the hour belongs to. */
  day?: string;
  sends: number;
  clicks: number;
}

export interface ChartSeries {
  unit: 'hour' | 'day';
  bars: ChartBar[];
}

/** Hourly UTC buckets regrouped for display; hours or days without activity become empty bars. */
export function chartSeries(timeline: TimeBucket[], timeZone: string): ChartSeries {
  const first = timeline[0];
  const last = timeline.at(-1);
  if (!first || !last) return { unit: 'hour', bars: [] };
  return last.hourStart - first.hourStart < HOURLY_SPAN_HOURS * HOUR_MS
    ? { unit: 'hour', bars: hourlyBars(timeline, first.hourStart, last.hourStart, timeZone) }
    : { unit: 'day', bars: dailyBars(timeline, timeZone) };
}

function hourlyBars(timeline: TimeBucket[], from: number, to: number, zone: string): ChartBar[] {
  const byHour = new Map(timeline.map((b) => [b.hourStart, b]));
  const bars: ChartBar[] = [];
  for (let t = from; t <= to; t += HOUR_MS) {
    const local = DateTime.fromMillis(t, { zone });
    bars.push({
      label: local.toFormat('HH:mm'),
      day: local.toFormat('d LLL'),
      sends: byHour.get(t)?.sends ?? 0,
      clicks: byHour.get(t)?.clicks ?? 0,
    });
  }
  return bars;
}

function dailyBars(timeline: TimeBucket[], zone: string): ChartBar[] {
  const dayOf = (hourStart: number) => localDateOf(DateTime.fromMillis(hourStart), zone);
  const byDay = new Map<LocalDate, { sends: number; clicks: number }>();
  for (const bucket of timeline) {
    const key = dayOf(bucket.hourStart);
    const totals = byDay.get(key) ?? { sends: 0, clicks: 0 };
    totals.sends += bucket.sends;
    totals.clicks += bucket.clicks;
    byDay.set(key, totals);
  }
  const bars: ChartBar[] = [];
  // Calendar days, not instants: a day whose midnight is skipped starts at 01:00, and stepping
  // from it by whole days would pass the last day's midnight and drop that day.
  const last = dayOf(timeline.at(-1)!.hourStart);
  for (let day = dayOf(timeline[0]!.hourStart); day <= last; day = addDays(day, 1)) {
    const label = DateTime.fromISO(day, { zone: 'utc' }).toFormat('d LLL');
    bars.push({ label, ...(byDay.get(day) ?? { sends: 0, clicks: 0 }) });
  }
  return bars;
}

const WIDTH = 640;
const HEIGHT = 280;
const PLOT = { left: 52, top: 44, right: WIDTH - 16, bottom: HEIGHT - 58 };
const SENDS_COLOR = '#4f6bed';
const CLICKS_COLOR = '#e8871e';
const FONT = 'DejaVu Sans, Segoe UI, Arial, Helvetica, sans-serif';

export function renderChartSvg(timeline: TimeBucket[], timeZone: string): string {
  const { unit, bars } = chartSeries(timeline, timeZone);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${FONT}" font-size="11" fill="#323130">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="22" font-size="14" font-weight="bold">Sends and clicks per ${unit}</text>`,
    legend(),
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">${unit === 'hour' ? 'Hour' : 'Day'} (${escapeXml(timeZone)})</text>`,
  ];
  if (bars.length === 0) {
    parts.push(
      axisLine(),
      `<text x="${(PLOT.left + PLOT.right) / 2}" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle" font-size="13">No sends or clicks yet</text>`,
    );
  } else {
    parts.push(...yAxis(bars), ...barShapes(bars), axisLine());
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function legend(): string {
  const x = PLOT.right - 130;
  return [
    `<rect x="${x}" y="12" width="12" height="12" fill="${SENDS_COLOR}"/>`,
    `<text x="${x + 17}" y="22">Sends</text>`,
    `<rect x="${x + 70}" y="12" width="12" height="12" fill="${CLICKS_COLOR}"/>`,
    `<text x="${x + 87}" y="22">Clicks</text>`,
  ].join('\n');
}

function axisLine(): string {
  return `<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="#605e5c"/>`;
}

function yAxis(bars: ChartBar[]): string[] {
  const { max, step } = yScale(bars);
  const lines: string[] = [
    `<text transform="translate(14 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">Count</text>`,
  ];
  for (let value = 0; value <= max; value += step) {
    const y = round(yOf(value, max));
    lines.push(
      `<line x1="${PLOT.left}" y1="${y}" x2="${PLOT.right}" y2="${y}" stroke="#edebe9"/>`,
      `<text x="${PLOT.left - 6}" y="${y + 4}" text-anchor="end">${value}</text>`,
    );
  }
  return lines;
}

function barShapes(bars: ChartBar[]): string[] {
  const { max } = yScale(bars);
  const slot = (PLOT.right - PLOT.left) / bars.length;
  const barWidth = Math.min(slot * 0.38, 22);
  const labelEvery = Math.ceil(bars.length / MAX_X_LABELS);
  const shapes: string[] = [];
  let dayShown = '';
  bars.forEach((bar, i) => {
    const centre = PLOT.left + slot * (i + 0.5);
    shapes.push(
      rect(centre - barWidth - 1, yOf(bar.sends, max), barWidth, SENDS_COLOR),
      rect(centre + 1, yOf(bar.clicks, max), barWidth, CLICKS_COLOR),
    );
    if (i % labelEvery !== 0) return;
    shapes.push(
      `<text x="${round(centre)}" y="${PLOT.bottom + 16}" text-anchor="middle">${escapeXml(bar.label)}</text>`,
    );
    // Under an hour label, the day it belongs to — once per day, not under every hour.
    if (bar.day !== undefined && bar.day !== dayShown) {
      shapes.push(
        `<text x="${round(centre)}" y="${PLOT.bottom + 30}" text-anchor="middle" fill="#605e5c">${escapeXml(bar.day)}</text>`,
      );
      dayShown = bar.day;
    }
  });
  return shapes;
}

function rect(x: number, y: number, width: number, fill: string): string {
  const height = PLOT.bottom - y;
  return height <= 0
    ? ''
    : `<rect x="${round(x)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" fill="${fill}"/>`;
}

/** A round step (1, 2, 5 × 10ⁿ) giving about four grid lines, and the top of the axis. */
function yScale(bars: ChartBar[]): { max: number; step: number } {
  const highest = Math.max(1, ...bars.map((b) => Math.max(b.sends, b.clicks)));
  const rough = highest / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough)!,
  );
  return { max: Math.ceil(highest / step) * step, step };
}

function yOf(value: number, max: number): number {
  return PLOT.bottom - (value / max) * (PLOT.bottom - PLOT.top);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** PNG at twice the SVG size (sharp on high-density screens), text in the system's fonts. */
export function renderChartPng(svg: string): Buffer {
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true },
    background: '#ffffff',
  })
    .render()
    .asPng();
}
