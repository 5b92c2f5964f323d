/**
 * Where a recall or correction stands, in words (SPEC.md: Recall and correct): the lines `info`
 * and the report show, and the message its author gets once it is done. Who asked and when stay
 * in the trace after it is done.
 */
import { DateTime } from 'luxon';
import type { Campaign } from '../domain/campaign.js';
import type { CampaignRevision, RevisionProgress } from '../domain/revision.js';
import { asPlainText } from '../domain/text.js';
import { formatCount } from './reportFigures.js';

/** Why the Bot Connector refused an edit, in words; any other code is shown as words. */
const EDIT_FAILURE_LABELS: Readonly<Record<string, string>> = {
  'conversation-not-found': 'conversation gone (404)',
  forbidden: 'forbidden (403)',
  'blocked-by-user': 'the recipient blocked the bot (403)',
  'bot-not-in-conversation': 'the bot was removed from the chat (403)',
  'bad-request': 'refused as invalid (400)',
  throttled: 'throttled, still refused after retries (429)',
  'recipient-unknown': 'the recipient is no longer known to the bot',
  'invalid-conversation-reference': 'the recipient’s chat address is unusable',
};

export function editFailureLabel(code: string): string {
  return EDIT_FAILURE_LABELS[code] ?? code.replace(/[-_]+/g, ' ');
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

function when(at: number, timeZone: string): string {
  return `${DateTime.fromMillis(at, { zone: timeZone }).toFormat('ccc d LLL yyyy, HH:mm', { locale: 'en' })} (${timeZone})`;
}

/** "Recalled by Ada Lovelace on Wed 3 Dec 2036, 10:00 (Europe/Paris)". */
export function revisionTrace(revision: CampaignRevision, timeZone: string): string {
  const verb = revision.kind === 'recall' ? 'Recalled' : 'Corrected';
  return `${verb} by ${asPlainText(revision.byName)} on ${when(revision.at, timeZone)}`;
}

/** "2 of 3 delivered messages deleted · 1 failed (conversation gone (404): 1) · 0 unknown". */
export function revisionProgressLine(kind: CampaignRevision['kind'], p: RevisionProgress): string {
  const done = kind === 'recall' ? 'deleted' : 'replaced';
  const parts = [
    `${formatCount(p.handled)} of ${plural(p.total, 'delivered message')} dealt with: ${formatCount(p.done)} ${done}`,
    `${formatCount(p.failed)} failed${failureDetail(p.failures)}`,
  ];
  if (p.unknown > 0) parts.push(`${formatCount(p.unknown)} unknown (interrupted, not tried again)`);
  if (kind === 'recall' && p.cancelled > 0) {
    parts.push(
      `${formatCount(p.cancelled)} pending deliver${p.cancelled === 1 ? 'y' : 'ies'} cancelled`,
    );
  }
  if (kind === 'correct' && p.upToDate > 0) {
    parts.push(`${formatCount(p.upToDate)} sent with the new message`);
  }
  return parts.join(' · ');
}

function failureDetail(failures: Record<string, number>): string {
  const entries = Object.entries(failures).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (entries.length === 0) return '';
  return ` (${entries.map(([code, n]) => `${editFailureLabel(code)}: ${formatCount(n)}`).join('; ')})`;
}

/** The lines `info` and the report show: the trace, then the progress, then done or under way. */
export function revisionLines(
  campaign: Pick<Campaign, 'workingHours'>,
  revision: CampaignRevision,
  progress: RevisionProgress,
): string[] {
  const zone = campaign.workingHours.timeZone;
  const status =
    revision.completedAt === undefined
      ? 'Under way.'
      : `Done on ${when(revision.completedAt, zone)}.`;
  return [
    `${revisionTrace(revision, zone)}. ${status}`,
    revisionProgressLine(revision.kind, progress),
  ];
}

/** The message the revision's author gets once every delivered message was dealt with. */
export function revisionReportText(
  campaign: Campaign,
  revision: CampaignRevision,
  progress: RevisionProgress,
): string {
  const what = revision.kind === 'recall' ? 'Recall' : 'Correction';
  return [
    `**${what} of “${asPlainText(campaign.name)}” is done.**`,
    ...revisionLines(campaign, revision, progress),
  ].join('\n\n');
}
