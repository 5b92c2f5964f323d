/**
 * A dialog that asks one question and waits for its answer, however many turns that takes:
 * `ask` sends the question (again on reprompt), `answer` reads each message until it ends the
 * dialog. Its options are its state, so a restart with state in the store loses nothing.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import {
  Dialog,
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
} from 'botbuilder-dialogs';

export abstract class QuestionDialog<O extends object> extends Dialog<O> {
  override async beginDialog(dc: DialogContext, options?: O): Promise<DialogTurnResult> {
    if (options === undefined) {
      throw new TypeError(`${this.id} needs its question`);
    }
    dc.activeDialog!.state = options;
    await this.ask(dc.context, options);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== ActivityTypes.Message) {
      return Dialog.EndOfTurn;
    }
    return this.answer(dc, dc.activeDialog!.state as O);
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, instance.state as O);
  }

  /** Sends the question, after `preface` (why it is asked again) when given. */
  protected abstract ask(context: TurnContext, options: O, preface?: string): Promise<void>;

  /** Reads one message: ends the dialog with the answer, or says why not and waits. */
  protected abstract answer(dc: DialogContext, options: O): Promise<DialogTurnResult>;
}
