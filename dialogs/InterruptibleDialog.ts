/**
 * The base of every admin dialog (the BotBuilder core-bot CancelAndHelpDialog): at any step,
 * `cancel` (`stop`, `quit`, a card's Cancel button) leaves it, `help` explains and keeps it, and
 * another command typed or clicked meanwhile (`campaigns`, `new campaign`) is answered with
 * "you are in the middle of …" instead of being taken for an answer.
 */
import {
  ComponentDialog,
  Dialog,
  type DialogContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { parseInterruption } from './commands.js';
import { CANCELLED_TEXT, HELP_TEXT } from './helpText.js';

export abstract class InterruptibleDialog extends ComponentDialog {
  /** `doing`: what the admin is doing here, as in "You are in the middle of creating a mailing list". */
  protected constructor(
    dialogId: string,
    private readonly doing: string,
  ) {
    super(dialogId);
  }

  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    const command = parseInterruption(inner.context.activity);
    switch (command?.kind) {
      case undefined:
        return super.onContinueDialog(inner);
      case 'cancel':
        await inner.context.sendActivity(CANCELLED_TEXT);
        return inner.cancelAllDialogs();
      case 'help':
        await inner.context.sendActivity(
          `${HELP_TEXT}\n\nYou are in the middle of ${this.doing}: answer the question above, or type cancel to stop.`,
        );
        return Dialog.EndOfTurn;
      default:
        await inner.context.sendActivity(
          `You are in the middle of ${this.doing}: type cancel to stop it first, or go on with the question above.`,
        );
        return Dialog.EndOfTurn;
    }
  }
}
