import assert from 'node:assert/strict';
import type { TimeBucket } from '../../src/domain/report.js';
import { chartSeries, renderChartPng, renderChartSvg } from '../../src/reports/chart.js';

const HOUR = 3_600_000;
const MONDAY_8_UTC = Date.UTC(2026, 2, 2, 8); // 09:00 in Paris

function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

describe('chart', () => {
  it('draws a short campaign hour by hour in its zone, empty hours included', () => {
    const timeline: TimeBucket[] = [
      { hourStart: MONDAY_8_UTC, sends: 4, clicks: 1 },
      { hourStart: MONDAY_8_UTC + 3 * HOUR, sends: 2, clicks: 3 },
    ];
    const series = chartSeries(timeline, 'Europe/Paris');
    assert.equal(series.unit, 'hour');
    assert.deepEqual(
      series.bars.map((b) => [b.label, b.sends, b.clicks]),
      [
        ['09:00', 4, 1],
        ['10:00', 0, 0],
        ['11:00', 0, 0],
        ['12:00', 2, 3],
      ],
    );
    assert.equal(series.bars[0]!.day, '2 Mar');
  });

  it('draws a long campaign day by day, grouping hours by the local day', () => {
    const timeline: TimeBucket[] = [
      // 23:00 UTC on 1 March is already 2 March in Paris.
      { hourStart: Date.UTC(2026, 2, 1, 23), sends: 1, clicks: 0 },
      { hourStart: MONDAY_8_UTC, sends: 4, clicks: 2 },
      { hourStart: MONDAY_8_UTC + 4 * 24 * HOUR, sends: 3, clicks: 1 },
    ];
    const series = chartSeries(timeline, 'Europe/Paris');
    assert.equal(series.unit, 'day');
    assert.deepEqual(
      series.bars.map((b) => [b.label, b.sends, b.clicks]),
      [
        ['2 Mar', 5, 2],
        ['3 Mar', 0, 0],
        ['4 Mar', 0, 0],
        ['5 Mar', 0, 0],
        ['6 Mar', 3, 1],
      ],
    );
  });

  it('keeps every day when the first one starts at 01:00 (Havana skips midnight on 12 March 2028)', () => {
    const timeline: TimeBucket[] = [
      // 10:00 in Havana (UTC−4) on 12, 13 and 14 March.
      { hourStart: Date.UTC(2028, 2, 12, 14), sends: 2, clicks: 0 },
      { hourStart: Date.UTC(2028, 2, 13, 14), sends: 3, clicks: 1 },
      { hourStart: Date.UTC(2028, 2, 14, 14), sends: 1, clicks: 1 },
    ];
    const series = chartSeries(timeline, 'America/Havana');
    assert.deepEqual(
      series.bars.map((b) => [b.label, b.sends, b.clicks]),
      [
        ['12 Mar', 2, 0],
        ['13 Mar', 3, 1],
        ['14 Mar', 1, 1],
      ],
    );
  });

  it('labels axes, legend and zone in the SVG', () => {
    const svg = renderChartSvg([{ hourStart: MONDAY_8_UTC, sends: 12, clicks: 5 }], 'Europe/Paris');
    const texts = svgTexts(svg);
    for (const expected of [
      'Sends and clicks per hour',
      'Sends',
      'Clicks',
      'Hour (Europe/Paris)',
      'Count',
      '09:00',
      '2 Mar',
    ]) {
      assert.ok(texts.includes(expected), `missing label ${expected}`);
    }
    assert.ok(texts.includes('15'), 'the y axis reaches a round value above 12');
  });

  it('keeps at most 12 hour labels on a two-day chart', () => {
    const timeline = Array.from({ length: 47 }, (_, h) => ({
      hourStart: MONDAY_8_UTC + h * HOUR,
      sends: 1,
      clicks: 0,
    }));
    const hourLabels = svgTexts(renderChartSvg(timeline, 'UTC')).filter((t) =>
      /^\d\d:\d\d$/.test(t),
    );
    assert.ok(hourLabels.length <= 12 && hourLabels.length >= 6, `${hourLabels.length} labels`);
  });

  it('says so when there is nothing to draw', () => {
    assert.ok(svgTexts(renderChartSvg([], 'UTC')).includes('No sends or clicks yet'));
  });

  it('escapes text placed in the SVG', () => {
    assert.ok(renderChartSvg([], 'Bad<&>"Zone').includes('Bad&#60;&#38;&#62;&#34;Zone'));
  });

  it('renders a PNG twice the SVG size', () => {
    const png = renderChartPng(
      renderChartSvg([{ hourStart: MONDAY_8_UTC, sends: 3, clicks: 1 }], 'UTC'),
    );
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.equal(png.readUInt32BE(16), 1280);
    assert.equal(png.readUInt32BE(20), 560);
  });
});
