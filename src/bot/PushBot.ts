/**
 * The bot's activity handler: thin on purpose. It records who can be reached, welcomes them once,
 * records acknowledgements, answers identity commands, turns Teams read receipts into "read" deliveries, hands admins to
 * the admin dialog and gives everyone else a short, polite answer — never admin data.
 */
import { TeamsActivityHandler, type ConversationState, type TurnContext } from 'botbuilder';
import type { Clock } from '../application/ports/Clock.js';
import type { Logger } from '../logger.js';
import { isAdmin, type AdminDirectory } from '../domain/admins.js';
import type { ReachableUser } from '../domain/recipients.js';
import type { DeliveryStore } from '../application/ports/repositories.js';
import { installedUserId } from '../domain/directory.js';
import { channelTenantIdOf, userIdOf } from './identity.js';
import type { AcknowledgementAnswers } from './AcknowledgementAnswers.js';
import type { IdentityCommands } from './IdentityCommands.js';
import type { RecordedUser, ReachableUserRecorder } from './ReachableUserRecorder.js';
import { adminWelcome, nonAdminReply } from './welcome.js';

export interface PushBotDeps {
  recorder: ReachableUserRecorder;
  deliveries: Pick<DeliveryStore, 'markReadUpTo'>;
  clock: Clock;
  /** From config: ADMIN_EMAILS (lower-cased) and ADMIN_IDS. */
  admins: AdminDirectory;
  identityCommands: IdentityCommands;
  /** A recipient's Acknowledge button or reply `acknowledge`. */
  acknowledgements: AcknowledgementAnswers;
  /** The admin dialog's turn (main.ts plugs it in). */
  adminTurn: (context: TurnContext) => Promise<void>;
  conversationState: ConversationState;
  logger: Logger;
}

export class PushBot extends TeamsActivityHandler {
  constructor(private readonly deps: PushBotDeps) {
    super();

    this.onMessage(async (context, next) => {
      // Admin work happens in the 1:1 chat only (record() is null elsewhere).
      const user = await deps.recorder.record(context);
      if (
        user !== null &&
        ((await deps.acknowledgements.answer(context, user)) ||
          (await deps.identityCommands.answer(context, user)))
      ) {
        await next();
        return;
      }
      if (user !== null && isAdmin(user, deps.admins)) {
        await deps.adminTurn(inUserTenant(context, user));
      } else {
        await context.sendActivity(nonAdminReply(user?.channel ?? 'teams'));
      }
      await next();
    });

    // Fired when the 1:1 chat with the bot is created (the bot and/or the user are added).
    this.onMembersAdded(async (context, next) => {
      const recorded = await deps.recorder.recordContact(context);
      const recipientId = context.activity.recipient?.id;
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === recipientId);
      if (botAdded) await this.welcomeOnce(context, recorded);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcomeOnce(context, await deps.recorder.recordContact(context));
      await next();
    });

    this.onTeamsReadReceiptEvent(async (_receipt, context, next) => {
      const userId = userIdOf(context.activity);
      // Our sentAt is stamped after Teams accepted the message, so it is later than Teams' own
      // timestamp in lastReadMessageId: comparing with the message id would miss the very
      // message just read. The receipt's arrival time bounds every message the user has seen.
      const readAt = deps.clock.now().toMillis();
      let marked = await deps.deliveries.markReadUpTo(userId, readAt);
      // Someone the bot installed its app for got their messages under their directory id.
      const aadObjectId = context.activity.from.aadObjectId;
      if (aadObjectId)
        marked += await deps.deliveries.markReadUpTo(installedUserId(aadObjectId), readAt);
      deps.logger.debug({ userId, marked }, 'read receipt');
      await next();
    });
  }

  /**
   * Greets a user of a 1:1 chat on their first contact: admins with what to do, others with one
   * line. Teams sends two events on an install, often at once: the store tells which one first
   * recorded the user, so exactly one greets.
   */
  private async welcomeOnce(context: TurnContext, recorded: RecordedUser | null): Promise<void> {
    if (recorded === null || !recorded.firstContact) return;
    const { user } = recorded;
    await context.sendActivity(
      isAdmin(user, this.deps.admins) ? adminWelcome(user.givenName) : nonAdminReply(user.channel),
    );
  }

  /** Runs the turn, then persists dialog state (only when the turn succeeded). */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
  }
}

/**
 * A linked Skype account acts in the organisation of the admin who linked it: Skype names no
 * tenant, so the turn gets the recorded one, the way every dialog reads it (tenantIdOf).
 */
function inUserTenant(context: TurnContext, user: ReachableUser): TurnContext {
  const activity = context.activity;
  if (channelTenantIdOf(activity) === undefined) {
    activity.conversation = { ...activity.conversation, tenantId: user.tenantId };
  }
  return context;
}
