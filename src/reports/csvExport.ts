/**
 * The per-recipient CSV behind `export <name>`. Streamed page by page so a campaign of any
 * size never sits in memory; every cell is quoted and defused against spreadsheet formulas.
 */
import { DateTime } from 'luxon';
import type { Campaign } from '../domain/campaign.js';
import type { DeliveryStore, TrackingStore } from '../store/Store.js';

export const CSV_COLUMNS = ['address', 'status', 'reason', 'sent_at', 'read_at', 'clicks'] as const;

const DEFAULT_PAGE_SIZE = 500;

/**
 * One quoted CSV field. A cell starting with = + - @ TAB or CR would run as a formula in
 * Excel / LibreOffice / Sheets (CSV injection); a leading `'` makes it plain text.
 */
export function csvField(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${defused.replace(/"/g, '""')}"`;
}

/** RFC 4180 line, CRLF-terminated. */
export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export interface CsvExportOptions {
  pageSize?: number;
}

/** The CSV as lines: the header, then one line per delivery in id order. */
export async function* campaignCsvLines(
  {
    deliveries,
    tracking,
  }: { deliveries: Pick<DeliveryStore, 'list'>; tracking: Pick<TrackingStore, 'clicksByDelivery'> },
  campaign: Campaign,
  options: CsvExportOptions = {},
): AsyncGenerator<string> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const zone = campaign.workingHours.timeZone;
  yield csvLine(CSV_COLUMNS);
  let afterId: string | undefined;
  for (;;) {
    const page = await deliveries.list(campaign.id, { afterId, limit });
    if (page.length === 0) return;
    const clicks = await tracking.clicksByDelivery(page.map((d) => d.id));
    yield page
      .map((d) =>
        csvLine([
          d.email,
          d.status,
          d.reason ?? '',
          localIso(d.sentAt, zone),
          localIso(d.readAt, zone),
          String(clicks.get(d.id) ?? 0),
        ]),
      )
      .join('');
    if (page.length < limit) return;
    afterId = page.at(-1)!.id;
  }
}

function localIso(ms: number | undefined, zone: string): string {
  return ms === undefined
    ? ''
    : (DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? '');
}
