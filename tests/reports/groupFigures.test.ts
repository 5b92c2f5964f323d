/**
 * The report's funnel per department as the admin reads it: rows of the largest departments,
 * the others together and those without one, on the card (valid Adaptive Card 1.5) and in
 * the Skype text. Pure: figures in, card and text out.
 */
import assert from 'node:assert/strict';
import type { GroupedFunnel } from '../../src/domain/groupedFunnel.js';
import { groupFigures, shownStages } from '../../src/reports/groupFigures.js';
import { renderReportCard, reportText, type ReportCardData } from '../../src/reports/reportCard.js';
import { reportFigures } from '../../src/reports/reportFigures.js';
import { assertValidAdaptiveCard } from '../support/adaptiveCardSchema.js';
import { campaignFixture, reportWithNothingSent } from './fixtures.js';

const counts = (
  audience: number,
  sent: number,
  read: number,
  clicked: number,
  acknowledged = 0,
) => ({
  audience,
  sent,
  read,
  clicked,
  acknowledged,
});

/** The columns of a campaign that does not ask for acknowledgement. */
const WITHOUT_ACK = shownStages(false);

const BY_DEPARTMENT: GroupedFunnel = {
  attribute: 'department',
  largest: [
    { value: 'Sales', ...counts(1200, 1000, 800, 150, 600) },
    { value: 'R&D *core*', ...counts(40, 0, 0, 0) },
  ],
  other: { values: 3, ...counts(7, 4, 1, 0) },
  none: counts(2, 2, 2, 2),
};

interface Element {
  type: string;
  text?: string;
  items?: Element[];
  columns?: Element[];
}

/** Each ColumnSet of the card as the texts of its columns, in order. */
function columnSetTexts(elements: Element[]): string[][] {
  return elements.flatMap((e) => [
    ...(e.type === 'ColumnSet'
      ? [(e.columns ?? []).flatMap((c) => (c.items ?? []).map((i) => i.text ?? ''))]
      : []),
    ...columnSetTexts(e.items ?? []),
  ]);
}

function cardData(groups: ReportCardData['groups']): ReportCardData {
  return {
    ...reportFigures(campaignFixture(), reportWithNothingSent(0), 0),
    generatedAt: '2 Mar 2026 15:00',
    chartUrl: 'https://bot.example.com/reports/camp-1/chart.png?exp=1&sig=x',
    exportUrl: 'https://bot.example.com/reports/camp-1/export.csv?exp=1&sig=y',
    ...(groups ? { groups } : {}),
  };
}

describe('report: funnel by department', () => {
  it('has a row per large department, then the others together, then those without one', () => {
    assert.deepEqual(groupFigures(BY_DEPARTMENT, WITHOUT_ACK), {
      heading: 'Funnel by department',
      nameColumn: 'Department',
      columns: ['Audience', 'Sent', 'Read', 'Clicked'],
      rows: [
        { name: 'Sales', cells: ['1,200', '1,000', '800 (80%)', '150 (15%)'] },
        { name: 'R&D \\*core\\*', cells: ['40', '0', '0', '0'] },
        { name: 'Other departments (3)', cells: ['7', '4', '1 (25%)', '0 (0%)'] },
        { name: 'No department', cells: ['2', '2', '2 (100%)', '2 (100%)'] },
      ],
    });
  });

  it('adds the acknowledged column for a campaign that asks for acknowledgement', () => {
    const figures = groupFigures(BY_DEPARTMENT, shownStages(true));
    assert.deepEqual(figures?.columns, ['Audience', 'Sent', 'Read', 'Clicked', 'Acknowledged']);
    assert.deepEqual(figures?.rows[0], {
      name: 'Sales',
      cells: ['1,200', '1,000', '800 (80%)', '150 (15%)', '600 (60%)'],
    });
    const card = renderReportCard(cardData(figures)).content as { body: Element[] };
    assertValidAdaptiveCard(card, 'report card with acknowledgements per department');
    assert.ok(
      columnSetTexts(card.body).some(
        (row) => row.join('|') === 'Department|Audience|Sent|Read|Clicked|Acknowledged',
      ),
    );
  });

  it('names the groups after the attribute the report groups by', () => {
    const byOffice = groupFigures({ ...BY_DEPARTMENT, attribute: 'officeLocation' }, WITHOUT_ACK);
    assert.equal(byOffice?.heading, 'Funnel by office');
    assert.deepEqual(
      byOffice?.rows.slice(2).map((r) => r.name),
      ['Other offices (3)', 'No office'],
    );
    const byCountry = groupFigures({ ...BY_DEPARTMENT, attribute: 'country' }, WITHOUT_ACK);
    assert.equal(byCountry?.nameColumn, 'Country');
  });

  it('is left out when nobody has a department (an audience not read from the directory)', () => {
    assert.equal(
      groupFigures({ attribute: 'department', largest: [], none: counts(5, 5, 1, 0) }, WITHOUT_ACK),
      undefined,
    );
  });

  it('is a table on the card, valid Adaptive Card 1.5, and absent from a card without it', () => {
    const card = renderReportCard(cardData(groupFigures(BY_DEPARTMENT, WITHOUT_ACK))).content as {
      body: Element[];
    };
    assertValidAdaptiveCard(card, 'report card with the funnel by department');
    assert.ok(!JSON.stringify(card).includes('${'), 'every field bound');
    const rows = columnSetTexts(card.body);
    const header = rows.findIndex((r) => r[0] === 'Department');
    assert.deepEqual(rows.slice(header, header + 5), [
      ['Department', 'Audience', 'Sent', 'Read', 'Clicked'],
      ['Sales', '1,200', '1,000', '800 (80%)', '150 (15%)'],
      ['R&D \\*core\\*', '40', '0', '0', '0'],
      ['Other departments (3)', '7', '4', '1 (25%)', '0 (0%)'],
      ['No department', '2', '2', '2 (100%)', '2 (100%)'],
    ]);

    const without = renderReportCard(cardData(undefined)).content as { body: Element[] };
    assertValidAdaptiveCard(without, 'report card without departments');
    assert.ok(!JSON.stringify(without).includes('Funnel by'));
  });

  it('is a list in the Skype text', () => {
    const text = reportText(cardData(groupFigures(BY_DEPARTMENT, WITHOUT_ACK)));
    assert.match(
      text,
      /\*\*Funnel by department\*\*\n- Sales: audience 1,200 · sent 1,000 · read 800 \(80%\) · clicked 150 \(15%\)\n/,
    );
    assert.match(
      text,
      /^- No department: audience 2 · sent 2 · read 2 \(100%\) · clicked 2 \(100%\)$/m,
    );
    assert.doesNotMatch(reportText(cardData(undefined)), /Funnel by/);
  });
});
