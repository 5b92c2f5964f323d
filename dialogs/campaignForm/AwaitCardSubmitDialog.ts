/**
 * Sends an Adaptive Card and waits for it to be submitted. A card submit arrives as a
 * message whose `value` holds the inputs and the button's data; the data's `card` key says
 * which card it came from, so a click on an older card of the conversation is not taken
 * for an answer to this one. A typed answer is taken when the card asks one thing and the text
 * answers it unambiguously (a name, a date, one of its choices); otherwise the admin is told to
 * use the card or type cancel.
 */
import type { Attachment, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { recognizeChoice, type ChoiceOption } from '../../src/domain/answers.js';
import { excerpt } from '../../src/domain/text.js';
import { parseCardPayload } from '../cardPayloads.js';
import { QuestionDialog } from '../QuestionDialog.js';

export const AWAIT_CARD_SUBMIT = 'campaignForm.awaitCardSubmit';

/**
 * How a typed answer fills the card: the text itself into `input`, or, with `choices`, the value
 * of the one choice it names. `with` is the rest of the submit it stands for.
 */
export interface TypedAnswer {
  input: string;
  choices?: ChoiceOption[];
  with?: CardSubmit;
}

export interface AwaitCardSubmitOptions {
  /** The `card` key the expected submit data carries. */
  card: string;
  attachment: Attachment;
  /** Absent: the card asks several things, a typed text cannot say which. */
  typed?: TypedAnswer;
}

export type CardSubmit = Record<string, unknown>;

export class AwaitCardSubmitDialog extends QuestionDialog<AwaitCardSubmitOptions> {
  constructor() {
    super(AWAIT_CARD_SUBMIT);
  }

  protected async ask(context: TurnContext, options: AwaitCardSubmitOptions, preface?: string) {
    if (preface !== undefined) {
      await context.sendActivity(preface);
    }
    await context.sendActivity({ attachments: [options.attachment] });
  }

  protected async answer(
    dc: DialogContext,
    options: AwaitCardSubmitOptions,
  ): Promise<DialogTurnResult> {
    const { activity } = dc.context;
    const payload = parseCardPayload(activity.value);
    if (payload?.kind === 'answer' && payload.card === options.card) {
      return dc.endDialog(payload.inputs);
    }
    const typed = payload === null ? typedSubmit(activity.text ?? '', options) : null;
    if (typed !== null) {
      return dc.endDialog(typed);
    }
    if (payload === null) {
      await dc.context.sendActivity(
        `I cannot tell which answer of the card “${excerpt(activity.text ?? '')}” is: please fill in the card above and press its button, or type cancel to stop.`,
      );
    } else {
      await this.ask(
        dc.context,
        options,
        'That button belongs to an older card: please fill in this one, or type cancel to stop.',
      );
    }
    return Dialog.EndOfTurn;
  }
}

function typedSubmit(text: string, options: AwaitCardSubmitOptions): CardSubmit | null {
  const { typed } = options;
  if (typed === undefined || text.trim() === '') {
    return null;
  }
  const base = { ...typed.with, card: options.card };
  if (typed.choices === undefined) {
    return { ...base, [typed.input]: text };
  }
  const recognized = recognizeChoice(text, typed.choices);
  return recognized.ok ? { ...base, [typed.input]: recognized.value } : null;
}
