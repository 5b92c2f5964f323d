/** Figures of one campaign (SPEC.md: Reports). Computed by the store, never by loading every row. */
import type { DeliveryStatus } from './delivery.js';

export interface CountByReason {
  reason: string;
  count: number;
}

export interface LinkClicks {
  url: string;
  clicks: number;
  distinctRecipients: number;
}

export interface TimeBucket {
  /** Epoch ms of the start of the UTC hour. */
  hourStart: number;
  sends: number;
  clicks: number;
}

/**
 * What the reminders brought (SPEC.md: Reminders). A reminder is no recipient: these figures
 * stand beside the audience's, which count original deliveries only.
 */
export interface ReminderFigures {
  /** Reminders sent (a recipient reminded twice counts twice). */
  sent: number;
  /** Recipients sent at least one reminder. */
  recipients: number;
  /** Reminded recipients whose read receipt came after a reminder. */
  readAfter: number;
  /** Reminded recipients who clicked a tracked link after their first reminder. */
  clickedAfter: number;
  /** Reminded recipients who acknowledged after their first reminder. */
  acknowledgedAfter: number;
}

export interface CampaignReport {
  campaignId: string;
  recipients: number;
  byStatus: Record<DeliveryStatus, number>;
  read: number;
  /** Deliveries whose recipient acknowledged the message (campaign option `acknowledgement`). */
  acknowledged: number;
  failedByReason: CountByReason[];
  unscheduledByReason: CountByReason[];
  /** Pending deliveries waiting for a stated reason (e.g. out of office); those without one are left out. */
  pendingByReason: CountByReason[];
  distinctClickers: number;
  totalClicks: number;
  clicksPerLink: LinkClicks[];
  /** Hourly buckets (UTC) of sends and clicks, ascending. */
  timeline: TimeBucket[];
  reminders: ReminderFigures;
}
