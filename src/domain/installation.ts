/**
 * Installing the bot's Teams app for a recipient who never talked to it (SPEC: reaching the
 * whole tenant). One installation per recipient of a campaign; pure data and rules.
 *
 * waiting    → due at `dueAt`, a little before the recipient's first attempt
 * installing → claimed by a worker; found here after its claim expired (a crash), it is
 *              claimed again — installing twice is harmless, Graph answers 409 the second time
 * installed  → the app is there and the 1:1 conversation is stored; the delivery is released
 * failed     → the app could not be installed; `reason` says why and the delivery is unreachable
 *
 * The same path re-opens the chat of someone the bot did reach before, once Teams answers 404
 * for it (they deleted the chat or reset Teams): `reopensChatOf` names their reachable user,
 * whose conversation is replaced; a failure then leaves their delivery `failed`.
 */
import type { Campaign } from './campaign.js';
import type { Delivery } from './delivery.js';
import type { ReachableUser } from './recipients.js';
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
  /** Set when the installation re-opens the lost chat of this reachable user (not a first reach). */
  reopensChatOf?: string;
  claimedBy?: string;
  claimedUntil?: number;
  updatedAt: number;
}

/** A claimed installation with the id of the delivery it unblocks. */
export interface ClaimedInstallation extends AppInstallation {
  deliveryId?: string;
}

/**
 * The installations that reached someone for the first time; lost chats re-opened are counted
 * apart, in `chatsReopened`.
 */
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
  /** Recipients whose chat Teams had lost (404) and the bot opened again. */
  chatsReopened: number;
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
  /** The installation re-opened a lost chat. */
  reopensChat: boolean;
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
    chatsReopened: 0,
    ...unreachable,
  };
  for (const { status, reason, alreadyInstalled, reopensChat, count } of counts) {
    // A failed or pending re-opening shows in its delivery (failed, pending), not in the funnel.
    if (reopensChat) funnel.chatsReopened += status === 'installed' ? count : 0;
    else if (status === 'failed')
      funnel.failedByReason.push({ reason: reason ?? 'unknown', count });
    else if (status !== 'installed') funnel.open += count;
    else if (alreadyInstalled) funnel.alreadyInstalled += count;
    else funnel.installed += count;
  }
  funnel.failedByReason.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return funnel;
}

/** What the Bot Connector's 404 is classified as: Teams no longer knows the conversation. */
export const CONVERSATION_NOT_FOUND = 'conversation-not-found';

/**
 * Whether a send Teams refused can be repaired by opening a new 1:1 chat: Teams answered that
 * the conversation is gone (the person deleted the chat or reset Teams), and the person is a
 * Teams user Graph knows (an AAD object id). Nothing was delivered, so sending once more after
 * the repair is no second message.
 */
export function mayReopenChat(
  outcome: { kind: string; reason?: string },
  user: Pick<ReachableUser, 'channel' | 'aadObjectId'>,
): boolean {
  return (
    outcome.kind === 'failed' &&
    outcome.reason === CONVERSATION_NOT_FOUND &&
    user.channel === 'teams' &&
    user.aadObjectId !== undefined
  );
}

/**
 * The installation that re-opens a recipient's lost chat, due at once. It takes the id of the
 * recipient's installation in the campaign, so each recipient is repaired at most once per
 * campaign, and never after the bot itself opened their chat for it.
 */
export function chatReopening(
  campaign: Pick<Campaign, 'id' | 'tenantId'>,
  delivery: Pick<Delivery, 'email'>,
  user: ReachableUser & { aadObjectId: string },
  now: number,
): AppInstallation {
  const installation: AppInstallation = {
    id: installationId(campaign.id, delivery.email),
    campaignId: campaign.id,
    tenantId: campaign.tenantId,
    email: delivery.email,
    aadObjectId: user.aadObjectId,
    status: 'waiting',
    dueAt: now,
    firstAttemptAt: now,
    attempts: 0,
    reopensChatOf: user.id,
    updatedAt: now,
  };
  if (user.givenName) installation.givenName = user.givenName;
  if (user.surname) installation.surname = user.surname;
  if (user.name) installation.displayName = user.name;
  return installation;
}
