/**
 * Sends an Adaptive Card and waits for it to be submitted. A card submit arrives as a
 * message whose `value` holds the inputs and the button's data; the data's `card` key says
 * which card it came from, so a click on an older card of the conversation is not taken
 * for an answer to this one.
 */
import { ActivityTypes, type Attachment, type TurnContext } from 'botbuilder';
import {
  Dialog,
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
} from 'botbuilder-dialogs';

export const AWAIT_CARD_SUBMIT = 'campaignForm.awaitCardSubmit';

export interface AwaitCardSubmitOptions {
  /** The `card` key the expected submit data carries. */
  card: string;
  attachment: Attachment;
}

export type CardSubmit = Record<string, unknown>;

export class AwaitCardSubmitDialog extends Dialog<AwaitCardSubmitOptions> {
  constructor() {
    super(AWAIT_CARD_SUBMIT);
  }

  override async beginDialog(
    dc: DialogContext,
    options?: AwaitCardSubmitOptions,
  ): Promise<DialogTurnResult> {
    if (options === undefined) {
      throw new TypeError('AwaitCardSubmitDialog needs the card to send');
    }
    dc.activeDialog!.state = options;
    await dc.context.sendActivity({ attachments: [options.attachment] });
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { activity } = dc.context;
    if (activity.type !== ActivityTypes.Message) {
      return Dialog.EndOfTurn;
    }
    const options = dc.activeDialog!.state as AwaitCardSubmitOptions;
    const value: unknown = activity.value;
    if (isSubmitOf(value, options.card)) {
      return dc.endDialog(value);
    }
    await dc.context.sendActivity(
      'Please fill in this card and press its button (or type cancel to stop):',
    );
    await this.repromptDialog(dc.context, dc.activeDialog!);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const options = instance.state as AwaitCardSubmitOptions;
    await context.sendActivity({ attachments: [options.attachment] });
  }
}

function isSubmitOf(value: unknown, card: string): value is CardSubmit {
  return typeof value === 'object' && value !== null && (value as CardSubmit).card === card;
}
