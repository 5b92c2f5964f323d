/** The report as an Adaptive Card (Teams) or as Markdown text (Skype). */
import reportTemplate from '../../cards/report.json' with { type: 'json' };
import { renderCard } from '../cards/renderCard.js';
import type { CardAttachment } from '../shared/chatMessage.js';
import { groupLines, type GroupFigures } from './groupFigures.js';
import { reachLines, type ReachFigures } from './reachFigures.js';
import type { ReportFigures } from './reportFigures.js';

export interface ReportCardData extends ReportFigures {
  /** When the figures were read, in the campaign's zone, e.g. "2 Mar 2026 14:05". */
  generatedAt: string;
  /** Signed, expiring URL of the chart PNG. */
  chartUrl: string;
  /** Signed, expiring URL of the per-recipient CSV. */
  exportUrl: string;
  /** The reach funnel, for campaigns that went through the directory. */
  reach?: ReachFigures;
  /** Recipients whose chat Teams had lost (404), opened again by the bot; absent when none. */
  chatsReopened?: string;
  /** The funnel per department (or the audience's attribute); absent when nobody has one. */
  groups?: GroupFigures;
  /**
   * Whose working hours recipients got, for a campaign that follows each recipient's: "Own
   * working hours: 812 · campaign's hours: 40 (no mailbox 31, not permitted 9)".
   */
  recipientHours?: string;
}

export const NOT_STARTED = 'Not started yet: the figures appear once it starts.';
/** Said instead of an export link while the CSV would hold nothing but its header. */
export const NOTHING_TO_EXPORT =
  'Nothing to export yet: the per-recipient CSV is offered once the campaign has recipients.';

export function renderReportCard(data: ReportCardData): CardAttachment {
  return renderCard(reportTemplate, {
    ...data,
    notStartedText: NOT_STARTED,
    nothingToExportText: NOTHING_TO_EXPORT,
    hasReach: data.reach !== undefined,
    hasChatsReopened: data.chatsReopened !== undefined,
    hasGroups: data.groups !== undefined,
    hasAcknowledgement: data.acknowledgement !== undefined,
    hasRecipientHours: data.recipientHours !== undefined,
    hasReminders: data.reminders !== undefined,
    hasAcknowledgedAfterReminders: data.reminders?.acknowledgedAfter !== undefined,
  });
}

/** The same figures as the card, for channels that cannot render it. */
export function reportText(data: ReportCardData): string {
  if (data.notStarted) {
    return [
      `**Report: ${data.campaignName}**`,
      `${data.status} · as of ${data.generatedAt} (${data.timeZone})`,
      '',
      `- Recipients: ${data.recipients} on its list today`,
      `- ${NOT_STARTED}`,
      '',
      NOTHING_TO_EXPORT,
    ].join('\n');
  }
  const lines = [
    `**Report: ${data.campaignName}**`,
    `${data.status} · as of ${data.generatedAt} (${data.timeZone})`,
    '',
    `- Recipients: ${data.recipients}`,
    `- Sent: ${data.sent}`,
    `- Read: ${data.read} (${data.readRate} of sent)`,
    ...(data.acknowledgement
      ? [`- Acknowledged: ${data.acknowledgement.count} (${data.acknowledgement.rate} of sent)`]
      : []),
    `- Failed: ${data.failed}${reasonsInline(data.failedByReason)}`,
    `- Unscheduled: ${data.unscheduled}${reasonsInline(data.unscheduledByReason)}`,
    `- Unknown: ${data.unknown}`,
    `- Pending: ${data.pending}`,
    `- Unreachable: ${data.unreachable}`,
    ...(data.chatsReopened ? [`- Chats re-opened: ${data.chatsReopened}`] : []),
    ...(data.recipientHours ? [`- Working hours: ${data.recipientHours}`] : []),
    `- Click engagement: ${data.engagement} (${data.clickers} of ${data.sent} sent)`,
    `- Total clicks: ${data.totalClicks}`,
  ];
  if (data.reminders) {
    lines.push(
      `- Reminders sent: ${data.reminders.sent}`,
      `- Read after a reminder: ${data.reminders.readAfter}`,
      `- Clicked after a reminder: ${data.reminders.clickedAfter}`,
    );
    if (data.reminders.acknowledgedAfter !== undefined)
      lines.push(`- Acknowledged after a reminder: ${data.reminders.acknowledgedAfter}`);
  }
  if (data.reach) lines.push('', ...reachLines(data.reach));
  if (data.groups) lines.push('', ...groupLines(data.groups));
  if (data.topLinks.length > 0) {
    lines.push('', '**Top links**');
    data.topLinks.forEach((link, i) => lines.push(`${i + 1}. ${link.url} — ${link.summary}`));
  }
  lines.push(
    '',
    `Chart: ${data.chartUrl}`,
    data.canExport ? `Export (CSV): ${data.exportUrl}` : NOTHING_TO_EXPORT,
  );
  return lines.join('\n');
}

function reasonsInline(reasons: ReportFigures['failedByReason']): string {
  return reasons.length === 0
    ? ''
    : ` (${reasons.map((r) => `${r.reason}: ${r.count}`).join('; ')})`;
}
