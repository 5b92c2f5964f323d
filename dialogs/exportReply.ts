/**
 * The reply to `export <name>`: the signed CSV link and how long it works — or, while the
 * campaign has no recipient yet, why there is nothing to export.
 */
import { DateTime, Duration } from 'luxon';
import type { Campaign } from '../src/domain/campaign.js';
import type { CampaignProgress } from '../src/domain/campaignProgress.js';
import { canExport } from '../src/domain/lifecycle.js';
import { asPlainText } from '../src/domain/text.js';
import type { ReportReplies } from '../src/reports/ReportReplies.js';
import { readableInstant } from './campaignDescription.js';

export function exportReplyText(
  reports: ReportReplies,
  campaign: Campaign,
  progress: Pick<CampaignProgress, 'recipients'>,
  now: DateTime,
): string {
  const name = asPlainText(campaign.name);
  if (!canExport(campaign.status, progress.recipients)) {
    return nothingToExportText(campaign, name);
  }
  const link = reports.exportLink(campaign);
  const lines = [`Per-recipient CSV of “${name}”: [download](${link})`];
  const expiresAt = expiryOf(link);
  if (expiresAt !== null && expiresAt > now.toMillis()) {
    const zone = campaign.workingHours.timeZone;
    const until = readableInstant(DateTime.fromMillis(expiresAt), zone);
    lines.push(`The link is valid for ${validity(expiresAt - now.toMillis())}, until ${until}.`);
  }
  return lines.join('\n\n');
}

/** The CSV has one line per recipient, and recipients are only known once a campaign starts. */
function nothingToExportText(campaign: Campaign, name: string): string {
  if (campaign.status === 'draft' || campaign.status === 'scheduled') {
    return `Nothing to export yet: “${name}” has not started. The CSV lists its recipients once it starts.`;
  }
  if (campaign.status === 'running' && campaign.plannedAt === undefined) {
    return `Nothing to export yet: “${name}” is still reading its audience. Try again in a minute.`;
  }
  return `Nothing to export: “${name}” has no recipients.`;
}

/** Signed links carry their expiry as `exp=<epoch ms>` (src/tracking/signedUrl.ts). */
function expiryOf(link: string): number | null {
  try {
    const exp = new URL(link).searchParams.get('exp');
    return exp !== null && /^\d+$/.test(exp) ? Number(exp) : null;
  } catch {
    return null;
  }
}

/** Rounded to what a person cares about: "24 hours", "7 days", "15 minutes". */
function validity(ms: number): string {
  const duration = Duration.fromMillis(ms);
  const days = Math.round(duration.as('days'));
  if (duration.as('hours') >= 48) return plural(days, 'day');
  const hours = Math.round(duration.as('hours'));
  if (duration.as('minutes') >= 90) return plural(hours, 'hour');
  return plural(Math.max(1, Math.round(duration.as('minutes'))), 'minute');
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
