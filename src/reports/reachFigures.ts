/**
 * The reach funnel of a campaign (issue: reach everyone in the tenant): in the audience →
 * matched in the directory → app present (before us / installed by us / failed, by reason)
 * → sent → read → clicked. Pure, like reportFigures: the card and the Skype text show these
 * strings. Shown only for campaigns that went through the directory.
 */
import type { InstallationFunnel } from '../domain/installation.js';
import type { CampaignReport } from '../domain/report.js';
import { formatCount, reasonLabel, type ReasonFigure } from './reportFigures.js';

export interface ReachFigures {
  audience: string;
  matched: string;
  notInDirectory: string;
  /** Reachable before the campaign: they talked to the bot, or had the app (Graph said 409). */
  appBefore: string;
  appInstalled: string;
  appFailed: string;
  appFailedByReason: ReasonFigure[];
  /** Installations not done yet. */
  appPending: string;
  sent: string;
  read: string;
  clicked: string;
}

const INSTALL_FAILURE_LABELS: Readonly<Record<string, string>> = {
  'blocked-by-policy': 'app blocked by a Teams app policy',
  'no-teams-licence': 'no Teams licence',
  'user-not-found': 'user no longer in the directory',
  'missing-permission': 'Graph permission missing (TeamsAppInstallation.ReadWriteForUser.All)',
};

export function reachFigures(
  report: CampaignReport,
  funnel: InstallationFunnel,
): ReachFigures | undefined {
  const failed = funnel.failedByReason.reduce((sum, r) => sum + r.count, 0);
  const installations = funnel.open + funnel.installed + funnel.alreadyInstalled + failed;
  if (installations === 0 && funnel.notInDirectory === 0) return undefined;
  const matched = report.recipients - funnel.notInDirectory;
  const before = matched - funnel.noReachableUser - installations + funnel.alreadyInstalled;
  return {
    audience: formatCount(report.recipients),
    matched: formatCount(matched),
    notInDirectory: formatCount(funnel.notInDirectory),
    appBefore: formatCount(before),
    appInstalled: formatCount(funnel.installed),
    appFailed: formatCount(failed),
    appFailedByReason: funnel.failedByReason.map((r) => ({
      reason: INSTALL_FAILURE_LABELS[r.reason] ?? reasonLabel(r.reason),
      count: formatCount(r.count),
    })),
    appPending: formatCount(funnel.open),
    sent: formatCount(report.byStatus.sent),
    read: formatCount(report.read),
    clicked: formatCount(report.distinctClickers),
  };
}

/** The funnel as Markdown lines, for the Skype text report. */
export function reachLines(reach: ReachFigures): string[] {
  const failures = reach.appFailedByReason.map((r) => `${r.reason}: ${r.count}`).join('; ');
  return [
    '**Reach**',
    `- In the audience: ${reach.audience}`,
    `- Matched in the directory: ${reach.matched} (${reach.notInDirectory} not found)`,
    `- App present before: ${reach.appBefore}`,
    `- App installed by the bot: ${reach.appInstalled}`,
    `- App installation failed: ${reach.appFailed}${failures === '' ? '' : ` (${failures})`}`,
    `- Installations pending: ${reach.appPending}`,
    `- Sent: ${reach.sent} · read: ${reach.read} · clicked: ${reach.clicked}`,
  ];
}
