/** Sends one proactive message to one reachable user (SPEC.md: Delivery rules 6–8). */
import type { ReachableUser } from '../../domain/recipients.js';

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

export interface MessageSender {
  /**
   * `markdown` is the fully rendered message for this user (placeholders filled, links rewritten).
   * No request starts at or after `sendBefore` (epoch ms), e.g. the recipient's closing time.
   * `beforeFirstRequest`, when given, is awaited once every wait for the first request is over
   * (rate slots held, `sendBefore` checked), right before it: the caller records the attempt
   * there, so a process that dies while waiting leaves nothing that may have been sent. When
   * it throws, nothing is sent and the error is the send's.
   */
  send(
    user: ReachableUser,
    markdown: string,
    sendBefore?: number,
    beforeFirstRequest?: () => Promise<void>,
  ): Promise<SendOutcome>;
}
