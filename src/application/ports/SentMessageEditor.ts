/** Deletes or replaces a message the bot already sent (SPEC.md: Recall and correct). */
import type { ReachableUser } from '../../domain/recipients.js';

/**
 * done: deleted or replaced. failed: refused for good (the chat is gone, 404; forbidden, 403 …).
 * unknown: the request may or may not have reached the channel; never tried again.
 */
export type EditOutcome =
  { kind: 'done' } | { kind: 'failed'; reason: string } | { kind: 'unknown'; reason: string };

/** The rate slots of one edit are held: make the request now. */
export interface ReservedEdit {
  kind: 'reserved';
  /** Deletes the message. */
  delete(): Promise<EditOutcome>;
  /** Replaces the message in place with `markdown`, the recipient's rendered new message. */
  replace(markdown: string): Promise<EditOutcome>;
}

/**
 * Edits of sent messages, paced like sends: the wait for the rate slots (reserve) and the
 * request apart, so the worker records the attempt (`applying`) in between, right before the
 * request, and a process that dies while waiting has recorded nothing that may have been done.
 */
export interface SentMessageEditor {
  reserve(
    user: ReachableUser,
    activityId: string,
  ): Promise<ReservedEdit | Extract<EditOutcome, { kind: 'failed' }>>;
}
