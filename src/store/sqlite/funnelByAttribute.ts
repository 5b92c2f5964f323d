/**
 * A campaign's funnel per value of one profile attribute, in one SQLite statement of four
 * parts that read indexes, never every row of the campaign: the named values (partial covering
 * index on department, migration 18), the campaign's totals (the report's covering index), and
 * the values of the clicked and of the acknowledged deliveries (a row read for each of those
 * only). Those without a value are the totals less the named ones: reading them directly would
 * visit every row of the campaign.
 */
import type { Database } from 'better-sqlite3';
import {
  groupFunnel,
  zeroFunnel,
  type FunnelCounts,
  type FunnelStage,
  type GroupedFunnel,
  type ValueFunnel,
} from '../../domain/groupedFunnel.js';
import type { ProfileAttribute } from '../../domain/recipientProfile.js';
import { PROFILE_COLUMNS } from './deliveries.js';

/** `clicked` and `acknowledged` are counted apart, among the few deliveries that reached them. */
interface PartRow extends ValueFunnel {
  part: 'named' | 'all' | 'clicked' | 'acknowledged';
}

const SENT = `COUNT(CASE WHEN status = 'sent' THEN 1 END)`;
const READ = `COUNT(CASE WHEN status = 'sent' AND read_at IS NOT NULL THEN 1 END)`;

/**
 * The grouping column comes from a fixed table, never from input. Reminders carry no profile
 * and stay out of the totals, which would otherwise count them as recipients without one.
 */
function funnelSql(column: string): string {
  return `
    SELECT 'named' AS part, ${column} AS value, COUNT(*) AS audience, ${SENT} AS sent,
           ${READ} AS read, 0 AS clicked, 0 AS acknowledged
    FROM deliveries WHERE campaign_id = @campaignId AND ${column} IS NOT NULL GROUP BY ${column}
    UNION ALL
    SELECT 'all', NULL, COUNT(*), ${SENT}, ${READ}, 0, 0
    FROM deliveries WHERE campaign_id = @campaignId AND reminder_number = 0
    UNION ALL
    SELECT 'clicked', d.${column}, 0, 0, 0, COUNT(*), 0
    FROM (SELECT DISTINCT delivery_id FROM clicks WHERE campaign_id = @campaignId) AS clicked
    JOIN deliveries d ON d.id = clicked.delivery_id
    GROUP BY d.${column}
    UNION ALL
    SELECT 'acknowledged', ${column}, 0, 0, 0, 0, COUNT(*)
    FROM deliveries INDEXED BY deliveries_acknowledged
    WHERE campaign_id = @campaignId AND acknowledged_at IS NOT NULL
    GROUP BY ${column}`;
}

/** The stages the totals part counts. */
const COUNTED_IN_TOTALS: readonly FunnelStage[] = ['audience', 'sent', 'read'];

export function funnelByAttribute(
  db: Database,
  campaignId: string,
  attribute: ProfileAttribute,
): GroupedFunnel {
  const parts = db.prepare(funnelSql(PROFILE_COLUMNS[attribute])).all({ campaignId }) as PartRow[];
  return groupFunnel(attribute, valueRows(parts));
}

/** One row per named value with its stages counted apart, and the rest of the totals as null. */
function valueRows(parts: PartRow[]): ValueFunnel[] {
  const named = new Map<string, ValueFunnel>();
  const none: ValueFunnel = { value: null, ...zeroFunnel() };
  let all: FunnelCounts = zeroFunnel();
  for (const { part, value, ...counts } of parts) {
    if (part === 'named') named.set(value!, { value, ...counts });
    else if (part === 'all') all = counts;
    else (value === null ? none : named.get(value)!)[part] = counts[part];
  }
  for (const stage of COUNTED_IN_TOTALS) {
    none[stage] = all[stage] - [...named.values()].reduce((sum, row) => sum + row[stage], 0);
  }
  return none.audience > 0 ? [...named.values(), none] : [...named.values()];
}
