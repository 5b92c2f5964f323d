/**
 * A campaign's funnel per value of one recipient attribute (department by default): the
 * largest groups by name, the rest together, and those the directory gave no value for.
 * The stores aggregate one row per value; the folding into what a report shows is here, pure.
 */
import type { ProfileAttribute } from './recipientProfile.js';

/**
 * The funnel's stages in order, each a count of deliveries: in the audience, sent, read (a
 * Teams read receipt for a sent message), clicked (at least one tracked link), acknowledged
 * (shown for a campaign that asks for it). A new stage is one entry here, one column in
 * reports/groupFigures.ts and one expression in each store's aggregate.
 */
export const FUNNEL_STAGES = ['audience', 'sent', 'read', 'clicked', 'acknowledged'] as const;

export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export type FunnelCounts = Record<FunnelStage, number>;

/** One row of a store's aggregate: `value` null for recipients without one. */
export interface ValueFunnel extends FunnelCounts {
  value: string | null;
}

/** How many values a report names; the others are summed into one "other" group. */
export const LARGEST_GROUPS = 10;

export interface GroupedFunnel {
  attribute: ProfileAttribute;
  /** The largest groups by audience, largest first; equal audiences in name order. */
  largest: Array<FunnelCounts & { value: string }>;
  /** Every other value together, with how many values that is; absent when none is left. */
  other?: FunnelCounts & { values: number };
  /** Recipients with no value (not read from the directory, or left blank there). */
  none?: FunnelCounts;
}

export function zeroFunnel(): FunnelCounts {
  return { audience: 0, sent: 0, read: 0, clicked: 0, acknowledged: 0 };
}

function addInto(total: FunnelCounts, row: FunnelCounts): void {
  for (const stage of FUNNEL_STAGES) total[stage] += row[stage];
}

function countsOf(row: FunnelCounts): FunnelCounts {
  const counts = zeroFunnel();
  addInto(counts, row);
  return counts;
}

/** Code-unit order, as both stores sort strings, so ties read the same on either. */
function byAudienceThenValue(a: ValueFunnel, b: ValueFunnel): number {
  const byAudience = b.audience - a.audience;
  if (byAudience !== 0) return byAudience;
  return a.value! < b.value! ? -1 : a.value! > b.value! ? 1 : 0;
}

/** Folds one aggregate row per value into the `largest` named groups, the rest and none. */
export function groupFunnel(
  attribute: ProfileAttribute,
  rows: readonly ValueFunnel[],
  largest = LARGEST_GROUPS,
): GroupedFunnel {
  const named = rows.filter((r) => r.value !== null).sort(byAudienceThenValue);
  const grouped: GroupedFunnel = {
    attribute,
    largest: named.slice(0, largest).map((r) => ({ value: r.value!, ...countsOf(r) })),
  };
  const rest = named.slice(largest);
  if (rest.length > 0) {
    const other = { ...zeroFunnel(), values: rest.length };
    for (const row of rest) addInto(other, row);
    grouped.other = other;
  }
  const without = rows.filter((r) => r.value === null);
  if (without.length > 0) {
    const none = zeroFunnel();
    for (const row of without) addInto(none, row);
    grouped.none = none;
  }
  return grouped;
}
