/**
 * How one attempt ends for its delivery (SPEC.md: Delivery rules 2–7), as one pure function:
 * the facts of the attempt in — what was decided or what the channel answered, whether
 * `sending` had been persisted — and the delivery's conditional update out. The dispatcher
 * writes what it is given and holds no rule of its own.
 */
import type { DateTime } from 'luxon';
import type { Campaign } from './campaign.js';
import type { Delivery, DeliveryStatus } from './delivery.js';
import { afterClosingTime, type AttemptDecision } from './attemptDecision.js';
import type { Rng } from './random.js';

/** What the channel answered one send. */
export type SendOutcome =
  /** The Bot Connector accepted the message. */
  | { kind: 'sent'; activityId?: string }
  /** Refused for good (403 MessageWritesBlocked, 404 …); `reason` is short and stable, e.g. "blocked-by-user". */
  | { kind: 'failed'; reason: string }
  /** 429/412/5xx still failing after the sender's own bounded retries; try again after `retryAfterMs`, ladder untouched. */
  | { kind: 'transient'; retryAfterMs: number; reason: string }
  /** The request may or may not have reached the user (timeout / connection reset mid-request). Never re-send. */
  | { kind: 'unknown'; reason: string }
  /** `sendBefore` passed while the send waited (rate limits, a retry's backoff): nothing was sent. */
  | { kind: 'too-late'; reason: 'send-before-passed' };

/**
 * Teams lost the recipient's chat (404) and a new one is being opened for them: the delivery
 * waits for it, to be sent once more in the new chat (src/installation).
 */
export interface ChatReopeningEnd {
  kind: 'reopen-chat';
}

/** How an attempt ended: decided without a send, the channel's answer, or a chat to re-open. */
export type AttemptEnd =
  Exclude<AttemptDecision, { kind: 'send' }> | SendOutcome | ChatReopeningEnd;

/** What the attempt counts as in a round's summary. */
export type AttemptResult =
  'sent' | 'failed' | 'unknown' | 'retried' | 'laddered' | 'deferred' | 'unscheduled' | 'reopening';

/** The delivery's reason while its new chat is being opened. */
export const REOPENING_CHAT = 'reopening-chat';

/**
 * A delivery waiting for its new chat is due again this late if nothing released it before:
 * should the process die before the re-opening was recorded, the delivery is tried once more
 * (in the lost chat, answered 404 again) and the repair is asked for then.
 */
export const REOPENING_FALLBACK_MS = 60 * 60_000;

export interface OutcomeFacts {
  delivery: Pick<Delivery, 'attempts'>;
  end: AttemptEnd;
  /** `sending` was persisted before the first request (the attempt was counted then). */
  began: boolean;
  /** For a send that closing time overtook; null once the campaign is gone. */
  campaign: Campaign | null;
  now: DateTime;
  rng: Rng;
}

/** The delivery's update, conditional on its status being `from` (and on the caller's claim). */
export interface DeliveryUpdate {
  from: Extract<DeliveryStatus, 'pending' | 'sending'>;
  patch: Partial<Omit<Delivery, 'id' | 'campaignId' | 'email'>>;
  result: AttemptResult;
}

/**
 * Floor for a channel's "retry after": a retry due at once would be claimed again in the same
 * round and hammer a throttling channel in a tight loop.
 */
export const MIN_RETRY_DELAY_MS = 1_000;

const RELEASED_CLAIM = { claimedBy: undefined, claimedUntil: undefined };

export function deliveryOutcome(facts: OutcomeFacts): DeliveryUpdate {
  const { delivery, began, now } = facts;
  const from = began ? 'sending' : 'pending';
  const at = now.toMillis();
  const done = { dueAt: null, updatedAt: at, ...RELEASED_CLAIM };
  const end =
    facts.end.kind === 'too-late' && facts.campaign !== null
      ? afterClosingTime(facts.campaign, now, facts.rng)
      : facts.end;
  // `sending` counted the attempt; one refused before any request (an unusable conversation
  // reference) is counted here.
  const counted = began ? {} : { attempts: delivery.attempts + 1 };
  switch (end.kind) {
    case 'unschedule':
    case 'too-late':
      return {
        from,
        patch: {
          ...done,
          status: 'unscheduled',
          reason: end.kind === 'too-late' ? 'campaign-ended' : end.reason,
        },
        result: 'unscheduled',
      };
    case 'fail':
      return {
        from: 'pending',
        patch: { ...done, status: 'failed', reason: end.reason },
        result: 'failed',
      };
    case 'defer':
      return {
        from,
        patch: {
          status: 'pending',
          dueAt: end.dueAt.toMillis(),
          reason: end.reason,
          attempts: delivery.attempts,
          updatedAt: at,
          ...RELEASED_CLAIM,
        },
        result: 'deferred',
      };
    case 'retry':
      return {
        from,
        patch: {
          status: 'pending',
          dueAt: end.dueAt.toMillis(),
          dayCycle: end.position.dayCycle,
          step: end.position.step,
          attempts: delivery.attempts + 1,
          // Found absent: whatever it waited for before (out of office, Graph…) is over.
          reason: undefined,
          updatedAt: at,
          ...RELEASED_CLAIM,
        },
        result: 'laddered',
      };
    case 'sent':
      return {
        from,
        patch: {
          ...done,
          status: 'sent',
          sentAt: at,
          activityId: end.activityId,
          reason: undefined,
          ...counted,
        },
        result: 'sent',
      };
    case 'failed':
    case 'unknown':
      return {
        from,
        patch: { ...done, status: end.kind, reason: end.reason, ...counted },
        result: end.kind,
      };
    case 'reopen-chat':
      return {
        from,
        patch: {
          status: 'pending',
          dueAt: at + REOPENING_FALLBACK_MS,
          reason: REOPENING_CHAT,
          updatedAt: at,
          ...RELEASED_CLAIM,
        },
        result: 'reopening',
      };
    case 'transient':
      // Throttling is not absence: same rung, later, ladder untouched.
      return {
        from,
        patch: {
          status: 'pending',
          dueAt: at + Math.max(end.retryAfterMs, MIN_RETRY_DELAY_MS),
          updatedAt: at,
          reason: end.reason,
          ...RELEASED_CLAIM,
        },
        result: 'retried',
      };
  }
}
