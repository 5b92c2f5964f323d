/**
 * The bot's activity handler: thin on purpose. It records who can be reached, turns Teams read
 * receipts into "read" deliveries, hands admins to the admin dialog and gives everyone else a
 * short, polite answer — never admin data.
 */
import {
  TeamsActivityHandler,
  type ConversationState,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { DeliveryStore } from '../store/Store.js';
import { userIdOf } from './identity.js';
import type { ReachableUserRecorder } from './ReachableUserRecorder.js';

export const NON_ADMIN_REPLY =
  "Hi! I deliver messages from your organisation's communication team. There's nothing to set up — you're all set to receive them.";

export interface PushBotDeps {
  recorder: ReachableUserRecorder;
  deliveries: Pick<DeliveryStore, 'markReadUpTo'>;
  clock: Clock;
  /** Lower-cased, from config.adminEmails. */
  adminEmails: readonly string[];
  /** The admin dialog's turn (main.ts plugs it in). */
  adminTurn: (context: TurnContext) => Promise<void>;
  conversationState: ConversationState;
  userState: UserState;
  logger: Logger;
}

export function isAdmin(
  user: Pick<ReachableUser, 'email'> | null,
  adminEmails: readonly string[],
): boolean {
  const email = user?.email;
  return email !== undefined && adminEmails.includes(email.toLowerCase());
}

export class PushBot extends TeamsActivityHandler {
  constructor(private readonly deps: PushBotDeps) {
    super();

    this.onMessage(async (context, next) => {
      // Admin work happens in the 1:1 chat only (record() is null elsewhere).
      const user = await deps.recorder.record(context);
      if (isAdmin(user, deps.adminEmails)) await deps.adminTurn(context);
      else await context.sendActivity(NON_ADMIN_REPLY);
      await next();
    });

    // Fired when the bot is installed in a personal scope (the bot and/or the user are added).
    this.onMembersAdded(async (context, next) => {
      await deps.recorder.record(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await deps.recorder.record(context);
      await next();
    });

    this.onTeamsReadReceiptEvent(async (_receipt, context, next) => {
      const userId = userIdOf(context.activity);
      // Our sentAt is stamped after Teams accepted the message, so it is later than Teams' own
      // timestamp in lastReadMessageId: comparing with the message id would miss the very
      // message just read. The receipt's arrival time bounds every message the user has seen.
      const marked = await deps.deliveries.markReadUpTo(userId, deps.clock.now().toMillis());
      deps.logger.debug({ userId, marked }, 'read receipt');
      await next();
    });
  }

  /** Runs the turn, then persists dialog state (only when the turn succeeded). */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }
}
