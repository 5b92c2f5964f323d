/**
 * Installing the bot's Teams app for a recipient who never talked to it (SPEC: reaching the
 * whole tenant). One installation per recipient of a campaign; pure data and rules.
 *
 * waiting    → due at `dueAt`, a little before the recipient's first attempt
 * installing → claimed by a worker; found here after its claim expired (a crash), it is
 *              claimed again — installing twice is harmless, Graph answers 409 the second time
 * installed  → the app is there and the 1:1 conversation is stored; the delivery is released
 * failed     → the app could not be installed; `reason` says why and the delivery is unreachable
 */
import type { CountByReason } from './report.js';

export type InstallationStatus = 'waiting' | 'installing' | 'installed' | 'failed';

export interface AppInstallation {
  /** `${campaignId}|${email}`: one per recipient of a campaign. */
  id: string;
  campaignId: string;
  tenantId: string;
  /** The address the recipient's delivery is filed under. */
  email: string;
  aadObjectId: string;
  givenName?: string;
  surname?: string;
  displayName?: string;
  status: InstallationStatus;
  /** When to install (epoch ms). */
  dueAt: number;
  /** The recipient's planned first attempt. */
  firstAttemptAt: number;
  attempts: number;
  /** Set on `failed`, and on `waiting` after a transient failure. */
  reason?: string;
  /** Graph answered 409: the app was there before us. */
  alreadyInstalled?: boolean;
  claimedBy?: string;
  claimedUntil?: number;
  updatedAt: number;
}

/** A claimed installation with the id of the delivery it unblocks. */
export interface ClaimedInstallation extends AppInstallation {
  deliveryId?: string;
}

export interface InstallationFunnel {
  /** Not done yet (waiting or installing). */
  open: number;
  /** Installed by us (Graph answered 201). */
  installed: number;
  /** Graph answered 409: the app was already there, only the conversation was missing. */
  alreadyInstalled: number;
  failedByReason: CountByReason[];
  /** Deliveries whose address matched nobody in the directory. */
  notInDirectory: number;
  /** Deliveries with no way to reach the person (no chat with the bot, no installation). */
  noReachableUser: number;
}

export function installationId(campaignId: string, email: string): string {
  return `${campaignId}|${email}`;
}

/** Installing runs ahead of the first attempt by this much, so the message goes out on time. */
export const INSTALL_LEAD_MS = 30 * 60_000;

/**
 * When to install for a recipient: ahead of their first attempt, so installations follow the
 * first attempts' spread over the campaign instead of all landing at its start.
 */
export function installationDueAt(firstAttemptAt: number, now: number): number {
  return Math.max(now, firstAttemptAt - INSTALL_LEAD_MS);
}

/** What one answer of `POST /users/{id}/teamwork/installedApps` means for the recipient. */
export type InstallOutcome =
  | { kind: 'installed'; alreadyInstalled: boolean }
  | { kind: 'failed'; reason: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number };

/**
 * 201 installed; 409 already installed (success: the call is idempotent); 404 the user is
 * gone; 403 the app is blocked by a Teams app policy, the user has no Teams licence, or our
 * Graph app lacks the permission (Graph's message tells which); 429 and 5xx are passing.
 */
export function classifyInstallAnswer(
  status: number,
  errorMessage: string,
  retryAfterMs?: number,
): InstallOutcome {
  if (status === 201 || status === 200 || status === 204)
    return { kind: 'installed', alreadyInstalled: false };
  if (status === 409) return { kind: 'installed', alreadyInstalled: true };
  if (status === 404) return { kind: 'failed', reason: 'user-not-found' };
  if (status === 403) return { kind: 'failed', reason: forbiddenReason(errorMessage) };
  if (status === 0 || status === 429 || status >= 500) {
    return {
      kind: 'retry',
      reason: status === 0 ? 'graph-unreachable' : `graph-http-${status}`,
      retryAfterMs,
    };
  }
  return { kind: 'failed', reason: `graph-http-${status}` };
}

function forbiddenReason(errorMessage: string): string {
  if (/licen[cs]/i.test(errorMessage)) return 'no-teams-licence';
  if (/policy/i.test(errorMessage)) return 'blocked-by-policy';
  if (/missing role|insufficient privileges|permission/i.test(errorMessage))
    return 'missing-permission';
  return 'blocked-by-policy';
}

/** Installations of one campaign counted by status, reason and whether the app was already there. */
export interface InstallationCount {
  status: InstallationStatus;
  reason?: string;
  alreadyInstalled: boolean;
  count: number;
}

/** The funnel's installation figures from the store's grouped counts; most frequent failure first. */
export function installationFunnelOf(
  counts: InstallationCount[],
  unreachable: Pick<InstallationFunnel, 'notInDirectory' | 'noReachableUser'>,
): InstallationFunnel {
  const funnel: InstallationFunnel = {
    open: 0,
    installed: 0,
    alreadyInstalled: 0,
    failedByReason: [],
    ...unreachable,
  };
  for (const { status, reason, alreadyInstalled, count } of counts) {
    if (status === 'failed') funnel.failedByReason.push({ reason: reason ?? 'unknown', count });
    else if (status !== 'installed') funnel.open += count;
    else if (alreadyInstalled) funnel.alreadyInstalled += count;
    else funnel.installed += count;
  }
  funnel.failedByReason.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return funnel;
}
