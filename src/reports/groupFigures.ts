/**
 * The funnel per department (or the attribute the audience was chosen by) as a report shows
 * it: one row per named group, then the other values together, then those without a value.
 * Pure, like reportFigures: the card and the Skype text show these strings.
 */
import {
  FUNNEL_STAGES,
  type FunnelCounts,
  type FunnelStage,
  type GroupedFunnel,
} from '../domain/groupedFunnel.js';
import type { ProfileAttribute } from '../domain/recipientProfile.js';
import { asPlainText } from '../domain/text.js';
import { formatCount, formatPercent } from './reportFigures.js';

export interface GroupRow {
  name: string;
  /** One per column, in `GroupFigures.columns` order. */
  cells: string[];
}

export interface GroupFigures {
  /** "Funnel by department". */
  heading: string;
  /** Title of the column naming the groups: "Department". */
  nameColumn: string;
  /** The funnel's stage titles. */
  columns: string[];
  rows: GroupRow[];
}

/** How each stage is titled and shown; the stages after sent also as a share of those sent. */
const STAGE_COLUMNS: Record<FunnelStage, { title: string; cell: (c: FunnelCounts) => string }> = {
  audience: { title: 'Audience', cell: (c) => formatCount(c.audience) },
  sent: { title: 'Sent', cell: (c) => formatCount(c.sent) },
  read: { title: 'Read', cell: (c) => ofSent(c.read, c) },
  clicked: { title: 'Clicked', cell: (c) => ofSent(c.clicked, c) },
  acknowledged: { title: 'Acknowledged', cell: (c) => ofSent(c.acknowledged, c) },
};

/** The stages a campaign's report shows: acknowledged only when the campaign asks for it. */
export function shownStages(asksAcknowledgement: boolean): FunnelStage[] {
  return FUNNEL_STAGES.filter((stage) => stage !== 'acknowledged' || asksAcknowledgement);
}

const NAMES: Record<ProfileAttribute, { one: string; other: string; none: string }> = {
  department: { one: 'Department', other: 'Other departments', none: 'No department' },
  country: { one: 'Country', other: 'Other countries', none: 'No country' },
  officeLocation: { one: 'Office', other: 'Other offices', none: 'No office' },
};

/**
 * Undefined when no recipient has a value: a campaign whose audience was not read from the
 * directory would show one row, "No department", that says nothing.
 */
export function groupFigures(
  funnel: GroupedFunnel,
  stages: readonly FunnelStage[],
): GroupFigures | undefined {
  if (funnel.largest.length === 0) return undefined;
  const names = NAMES[funnel.attribute];
  const row = (name: string, counts: FunnelCounts): GroupRow => ({
    name,
    cells: stages.map((stage) => STAGE_COLUMNS[stage].cell(counts)),
  });
  const rows = funnel.largest.map((group) => row(asPlainText(group.value), group));
  if (funnel.other)
    rows.push(row(`${names.other} (${formatCount(funnel.other.values)})`, funnel.other));
  if (funnel.none) rows.push(row(names.none, funnel.none));
  return {
    heading: `Funnel by ${names.one.toLowerCase()}`,
    nameColumn: names.one,
    columns: stages.map((stage) => STAGE_COLUMNS[stage].title),
    rows,
  };
}

/** The rows as Markdown lines, for the Skype text report. */
export function groupLines(figures: GroupFigures): string[] {
  return [
    `**${figures.heading}**`,
    ...figures.rows.map(
      (row) =>
        `- ${row.name}: ${row.cells.map((cell, i) => `${figures.columns[i]!.toLowerCase()} ${cell}`).join(' · ')}`,
    ),
  ];
}

function ofSent(count: number, counts: FunnelCounts): string {
  return counts.sent === 0
    ? formatCount(count)
    : `${formatCount(count)} (${formatPercent(count, counts.sent)})`;
}
