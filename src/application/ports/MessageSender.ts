/** Sends one proactive message to one reachable user (SPEC.md: Delivery rules 6–8). */
import type { ReachableUser } from '../../domain/recipients.js';
import type { SendOutcome } from '../../domain/deliveryOutcome.js';
import type { CardAttachment } from '../../shared/chatMessage.js';

export type { SendOutcome };

export interface MessageSender {
  /**
   * `markdown` is the fully rendered message for this user (placeholders filled, links rewritten).
   * No request starts at or after `sendBefore` (epoch ms), e.g. the recipient's closing time.
   */
  send(user: ReachableUser, markdown: string, sendBefore?: number): Promise<SendOutcome>;
}

/** A send whose first request's rate slots are held and `sendBefore` re-checked: post it now. */
export interface ReservedSend {
  kind: 'reserved';
  /**
   * The first request, then the sender's bounded retries (429/5xx), as `send` would; `card`
   * goes under the text (e.g. the Acknowledge button).
   */
  post(markdown: string, card?: CardAttachment): Promise<SendOutcome>;
}

/**
 * The sender of campaign deliveries: the wait for the slots (reserve) and the request (post)
 * apart, so the dispatcher records the attempt (`sending`) in between, right before the first
 * request, and nothing calls back into it. A process that dies while waiting for its slots
 * has recorded nothing that may have been sent.
 */
export interface DeliverySender extends MessageSender {
  reserve(
    user: ReachableUser,
    sendBefore?: number,
  ): Promise<ReservedSend | Extract<SendOutcome, { kind: 'failed' | 'too-late' }>>;
}
