/**
 * A question answered by one of a few choices, on every channel: buttons (Adaptive Card
 * Action.Submit where cards work, suggested actions on Skype) and typed answers, understood by
 * the rules of src/domain/answers.ts. An answer that does not name exactly one choice is never
 * guessed: the admin is told what was not understood and asked again, with the buttons.
 * Ends with the chosen choice's value.
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import template from '../cards/choiceQuestion.json' with { type: 'json' };
import { supportsCardInputs } from '../src/bot/identity.js';
import { renderCard } from '../src/cards/renderCard.js';
import { notUnderstoodReason, recognizeChoice, type ChoiceOption } from '../src/domain/answers.js';
import { excerpt } from '../src/domain/text.js';
import { parseCardPayload } from './cardPayloads.js';
import { QuestionDialog } from './QuestionDialog.js';

export const CHOICE_QUESTION = 'choiceQuestion';

export interface ChoiceQuestionOptions {
  /** The `card` key of its buttons' data: a click on an older card is not an answer to this one. */
  card: string;
  question: string;
  choices: ChoiceOption[];
  /** Adds a Cancel button (the `cancel` command) where no choice already stops. */
  cancelButton?: boolean;
  /** Markdown shown with the question, in the same message (what a Yes would do). */
  details?: string;
  /** The value of the choice that destroys something: its button is styled so. */
  destructive?: string;
}

export class ChoiceQuestionDialog extends QuestionDialog<ChoiceQuestionOptions> {
  constructor() {
    super(CHOICE_QUESTION);
  }

  protected async answer(
    dc: DialogContext,
    options: ChoiceQuestionOptions,
  ): Promise<DialogTurnResult> {
    const { activity } = dc.context;
    const payload = parseCardPayload(activity.value);
    const clicked =
      payload?.kind === 'answer' && payload.card === options.card ? payload.choice : undefined;
    if (clicked !== undefined && options.choices.some((choice) => choice.value === clicked)) {
      return dc.endDialog(clicked);
    }
    const typed = activity.text ?? '';
    const recognized = recognizeChoice(typed, options.choices);
    if (recognized.ok && payload === null) {
      return dc.endDialog(recognized.value);
    }
    const why =
      payload !== null
        ? 'That button belongs to another question.'
        : `I did not understand “${excerpt(typed)}”: ${notUnderstoodReason(recognized.ok ? 'unknown' : recognized.reason)}.`;
    await this.ask(dc.context, options, why);
    return Dialog.EndOfTurn;
  }

  protected async ask(
    context: TurnContext,
    options: ChoiceQuestionOptions,
    preface?: string,
  ): Promise<void> {
    const buttons = shown(options);
    const text =
      preface === undefined
        ? options.question
        : `${preface} ${options.question} ${choiceHint(options)}`;
    const details = options.details ?? '';
    if (supportsCardInputs(context.activity.channelId)) {
      const choices = buttons.map((choice) => ({
        ...choice,
        style: choice.value === options.destructive ? 'destructive' : 'default',
      }));
      await context.sendActivity({
        attachments: [
          renderCard(template, {
            card: options.card,
            question: text,
            details,
            choices,
            cancelButton: options.cancelButton === true,
          }),
        ],
      });
      return;
    }
    const numbered = buttons.map((choice, i) => `${i + 1}. ${choice.title}`).join('\n');
    await context.sendActivity(
      MessageFactory.suggestedActions(
        buttons.map((choice) => choice.title),
        [text, ...(details === '' ? [] : [details]), numbered].join('\n\n'),
      ),
    );
  }
}

/** The choices offered as buttons: all but the typed shortcuts. */
function shown(options: ChoiceQuestionOptions): ChoiceOption[] {
  return options.choices.filter((choice) => choice.hidden !== true);
}

/** "Please answer Yes or No (or type cancel)." */
function choiceHint(options: ChoiceQuestionOptions): string {
  const titles = shown(options).map((choice) => choice.title);
  const listed =
    titles.length <= 2
      ? titles.join(' or ')
      : `${titles.slice(0, -1).join(', ')} or ${titles.at(-1)}`;
  return `Please answer ${listed} (or type cancel).`;
}
