/** How far a campaign has got, as admins see it in `campaigns` and `info` (SPEC.md: Chat commands). */
import type { DeliveryStatus } from './delivery.js';

export interface CampaignProgress {
  recipients: number;
  sent: number;
  /** Still to go: `pending` and `sending`. */
  pending: number;
  failed: number;
  unknown: number;
  unscheduled: number;
  unreachable: number;
}

export function summarizeProgress(byStatus: Record<DeliveryStatus, number>): CampaignProgress {
  const counts = Object.values(byStatus);
  return {
    recipients: counts.reduce((sum, n) => sum + n, 0),
    sent: byStatus.sent,
    pending: byStatus.pending + byStatus.sending,
    failed: byStatus.failed,
    unknown: byStatus.unknown,
    unscheduled: byStatus.unscheduled,
    unreachable: byStatus.unreachable,
  };
}

/**
 * "12 sent · 30 pending · 1 failed", followed by the rarer outcomes only when they occurred, so the
 * usual line stays short without hiding anything.
 */
export function describeProgress(progress: CampaignProgress): string {
  if (progress.recipients === 0) {
    return 'not started';
  }
  const parts = [
    `${progress.sent} sent`,
    `${progress.pending} pending`,
    `${progress.failed} failed`,
  ];
  const rare: [number, string][] = [
    [progress.unknown, 'unknown'],
    [progress.unscheduled, 'unscheduled'],
    [progress.unreachable, 'unreachable'],
  ];
  for (const [count, label] of rare) {
    if (count > 0) {
      parts.push(`${count} ${label}`);
    }
  }
  return parts.join(' · ');
}
