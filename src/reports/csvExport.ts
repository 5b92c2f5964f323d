/**
 * The per-recipient CSV behind `export <name>`. Streamed page by page so a campaign of any
 * size never sits in memory; every cell is quoted and defused against spreadsheet formulas.
 */
import { DateTime } from 'luxon';
import type { Campaign } from '../domain/campaign.js';
import type { Delivery } from '../domain/delivery.js';
import { describeRecipientHours } from '../domain/recipientHours.js';
import type { AppInstallation } from '../domain/installation.js';
import type { ReportQueries } from '../application/ReportQueries.js';

export const CSV_COLUMNS = [
  'address',
  'status',
  'reason',
  'sent_at',
  'read_at',
  'clicks',
  'app',
  'department',
  'country',
  'office_location',
] as const;

/** The column a campaign that asks for acknowledgement adds. */
export const ACKNOWLEDGED_COLUMN = 'acknowledged_at';
/** The column a campaign that follows each recipient's working hours adds: whose each got. */
export const RECIPIENT_HOURS_COLUMN = 'working_hours';

/** The column a campaign that sends reminders adds, last: how many this recipient was sent. */
export const REMINDERS_COLUMN = 'reminders';

/** The CSV's header: CSV_COLUMNS, then the columns of the campaign's options that add one. */
export function csvColumns(campaign: Campaign): string[] {
  return [
    ...CSV_COLUMNS,
    ...(campaign.options.acknowledgement ? [ACKNOWLEDGED_COLUMN] : []),
    ...(campaign.options.recipientHours ? [RECIPIENT_HOURS_COLUMN] : []),
    ...(campaign.options.reminders === 'off' ? [] : [REMINDERS_COLUMN]),
  ];
}

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
  queries: Pick<ReportQueries, 'exportPage'>,
  campaign: Campaign,
  options: CsvExportOptions = {},
): AsyncGenerator<string> {
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const zone = campaign.workingHours.timeZone;
  const acknowledged = campaign.options.acknowledgement;
  const withHours = campaign.options.recipientHours;
  const reminding = campaign.options.reminders !== 'off';
  yield csvLine(csvColumns(campaign));
  let afterId: string | undefined;
  for (;;) {
    const { deliveries, clicks, reminders, installations } = await queries.exportPage(campaign, {
      afterId,
      limit,
    });
    if (deliveries.length === 0) return;
    yield deliveries
      .map((d) =>
        csvLine([
          d.email,
          d.status,
          d.reason ?? '',
          localIso(d.sentAt, zone),
          localIso(d.readAt, zone),
          String(clicks.get(d.id) ?? 0),
          appColumn(d, installations?.get(d.email)),
          // As the directory gave them when the audience was read; empty when it gave none.
          d.profile?.department ?? '',
          d.profile?.country ?? '',
          d.profile?.officeLocation ?? '',
          ...(acknowledged ? [localIso(d.acknowledgedAt, zone)] : []),
          ...(withHours ? [d.recipientHours ? describeRecipientHours(d.recipientHours) : ''] : []),
          ...(reminding ? [String(reminders.get(d.id) ?? 0)] : []),
        ]),
      )
      .join('');
    if (deliveries.length < limit) return;
    afterId = deliveries.at(-1)!.id;
  }
}

/**
 * Whether the bot's app was there for this recipient: `present` (they had talked to the bot),
 * `already-installed` (Graph: 409), `installed-by-bot`, `install-failed` (the reason column
 * says why), `install-pending`; empty when nobody was found to reach. For someone whose chat
 * Teams had lost (404): `chat-reopened`, `chat-reopen-failed` or `chat-reopen-pending`.
 */
function appColumn(delivery: Delivery, installation: AppInstallation | undefined): string {
  if (installation === undefined) return delivery.userId === undefined ? '' : 'present';
  if (installation.reopensChatOf !== undefined) return reopeningColumn(installation);
  switch (installation.status) {
    case 'installed':
      return installation.alreadyInstalled ? 'already-installed' : 'installed-by-bot';
    case 'failed':
      return 'install-failed';
    default:
      return 'install-pending';
  }
}

function reopeningColumn(installation: AppInstallation): string {
  if (installation.status === 'installed') return 'chat-reopened';
  return installation.status === 'failed' ? 'chat-reopen-failed' : 'chat-reopen-pending';
}

function localIso(ms: number | undefined, zone: string): string {
  return ms === undefined
    ? ''
    : (DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? '');
}
