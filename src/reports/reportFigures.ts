/**
 * The numbers an admin reads in a report, ready to display (SPEC.md: Reports). Pure: the
 * card and the Skype text both show exactly these strings, so they can never disagree.
 */
import { OUT_OF_OFFICE } from '../domain/attemptDecision.js';
import type { Campaign, CampaignStatus } from '../domain/campaign.js';
import { canExport } from '../domain/lifecycle.js';
import type { CampaignReport, CountByReason, ReminderFigures } from '../domain/report.js';
import { asPlainText } from '../domain/text.js';

/** How many links the report lists by name; the rest still count in the totals. */
export const TOP_LINKS = 5;

export interface ReasonFigure {
  reason: string;
  count: string;
}

export interface LinkFigure {
  url: string;
  /** "4 clicks by 3 recipients". */
  summary: string;
}

export interface ReportFigures {
  campaignName: string;
  status: string;
  timeZone: string;
  /** Draft or scheduled: nothing was sent yet, so only the list's size means anything. */
  notStarted: boolean;
  /** Started with recipients: the per-recipient CSV has rows to export. */
  canExport: boolean;
  /** Deliveries once started; before that, the size of the campaign's list. */
  recipients: string;
  sent: string;
  read: string;
  /** Read ÷ sent, "—" when nothing was sent. */
  readRate: string;
  /** Acknowledged, and ÷ sent; only for a started campaign that asks for acknowledgement. */
  acknowledgement?: { count: string; rate: string };
  failed: string;
  failedByReason: ReasonFigure[];
  unscheduled: string;
  unscheduledByReason: ReasonFigure[];
  unknown: string;
  /** Waiting for a (next) attempt, including the few being sent right now. */
  pending: string;
  unreachable: string;
  /** Distinct recipients who clicked ÷ sent, "—" when nothing was sent. */
  engagement: string;
  clickers: string;
  totalClicks: string;
  /** Most clicked first, at most TOP_LINKS. */
  topLinks: LinkFigure[];
  /** What reminders brought; absent for a campaign that sends none. */
  reminders?: ReminderLines;
}

/** The reminders' figures: what was sent, then who reacted after a reminder. */
export interface ReminderLines {
  /** "3 to 2 recipients". */
  sent: string;
  readAfter: string;
  clickedAfter: string;
  /** For a campaign that asks for acknowledgement. */
  acknowledgedAfter?: string;
}

const STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  running: 'Running',
  finished: 'Finished',
};

/** `listSize` is how many people the campaign's list holds today (shown until it starts). */
export function reportFigures(
  campaign: Campaign,
  report: CampaignReport,
  listSize: number,
): ReportFigures {
  const { byStatus } = report;
  const notStarted = campaign.status === 'draft' || campaign.status === 'scheduled';
  return {
    campaignName: asPlainText(campaign.name),
    status: STATUS_LABELS[campaign.status],
    timeZone: campaign.workingHours.timeZone,
    notStarted,
    canExport: canExport(campaign.status, report.recipients),
    recipients: formatCount(notStarted ? listSize : report.recipients),
    sent: formatCount(byStatus.sent),
    read: formatCount(report.read),
    readRate: formatPercent(report.read, byStatus.sent),
    ...(campaign.options.acknowledgement && !notStarted
      ? {
          acknowledgement: {
            count: formatCount(report.acknowledged),
            rate: formatPercent(report.acknowledged, byStatus.sent),
          },
        }
      : {}),
    failed: formatCount(byStatus.failed),
    failedByReason: reasonFigures(report.failedByReason),
    unscheduled: formatCount(byStatus.unscheduled),
    unscheduledByReason: reasonFigures(report.unscheduledByReason),
    unknown: formatCount(byStatus.unknown),
    pending: pendingFigure(byStatus.pending + byStatus.sending, report.pendingByReason),
    unreachable: formatCount(byStatus.unreachable),
    engagement: formatPercent(report.distinctClickers, byStatus.sent),
    clickers: formatCount(report.distinctClickers),
    totalClicks: formatCount(report.totalClicks),
    topLinks: [...report.clicksPerLink]
      .sort((a, b) => b.clicks - a.clicks || compareText(a.url, b.url))
      .slice(0, TOP_LINKS)
      .map((link) => ({
        url: link.url,
        summary: `${plural(link.clicks, 'click')} by ${plural(link.distinctRecipients, 'recipient')}`,
      })),
    ...(campaign.options.reminders === 'off' && report.reminders.sent === 0
      ? {}
      : { reminders: reminderLines(report.reminders, campaign.options.acknowledgement) }),
  };
}

function reminderLines(figures: ReminderFigures, acknowledgementAsked: boolean): ReminderLines {
  return {
    sent: `${formatCount(figures.sent)} to ${plural(figures.recipients, 'recipient')}`,
    readAfter: plural(figures.readAfter, 'recipient'),
    clickedAfter: plural(figures.clickedAfter, 'recipient'),
    ...(acknowledgementAsked
      ? { acknowledgedAfter: plural(figures.acknowledgedAfter, 'recipient') }
      : {}),
  };
}

/** "12 (3 out of office until their next working day)": why some are not tried yet. */
function pendingFigure(pending: number, reasons: CountByReason[]): string {
  const outOfOffice = reasons.find((r) => r.reason === OUT_OF_OFFICE)?.count ?? 0;
  return outOfOffice > 0
    ? `${formatCount(pending)} (${formatCount(outOfOffice)} out of office until their next working day)`
    : formatCount(pending);
}

/** Most frequent first, then by name, so two reports of the same data read the same. */
function reasonFigures(reasons: CountByReason[]): ReasonFigure[] {
  return [...reasons]
    .sort((a, b) => b.count - a.count || compareText(a.reason, b.reason))
    .map((r) => ({ reason: reasonLabel(r.reason), count: formatCount(r.count) }));
}

/** Labels for the reason codes the delivery engine records; any other code is shown as words. */
const REASON_LABELS: Readonly<Record<string, string>> = {
  'ladder-exhausted': 'absent on every attempt (3 working days)',
  'campaign-ended': 'campaign ended before an attempt succeeded',
  'closed-before-attempt': 'working hours closed before it could be attempted',
  [OUT_OF_OFFICE]: 'out of office until the campaign ended',
  'read-before-reminder': 'read before the reminder',
  'clicked-before-reminder': 'clicked before the reminder',
  'acknowledged-before-reminder': 'acknowledged before the reminder',
  'original-not-sent': 'the message it reminds of was not sent',
  'blocked-by-user': 'blocked the bot',
  'conversation-not-found': 'removed the bot',
};

export function reasonLabel(code: string): string {
  return REASON_LABELS[code] ?? code.replace(/[-_]+/g, ' ');
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}

/**
 * Whole percent. Never rounds a non-zero share to "0%" nor a partial one to "100%": an admin
 * reading "0%" or "100%" must be able to trust it literally.
 */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '—';
  const percent = (part / whole) * 100;
  if (percent > 0 && percent < 1) return '<1%';
  if (percent > 99 && percent < 100) return '99%';
  return `${Math.round(percent)}%`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
