/**
 * Asks the pending items of the form, in form order, and ends with the form as answered.
 * Where cards take inputs, the items of one card come together on that card (a card asking one
 * thing also takes a typed answer); in text, one question per item. A bad answer gets what was
 * wrong and what is accepted, then the same question (or card, filled in) again.
 */
import type { TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { CheckResult, ItemError } from '../../src/application/campaignFormChecks.js';
import { fieldsOf, ITEM_LABELS, type FormItem } from '../../src/application/campaignFormValues.js';
import { supportsCardInputs } from '../../src/bot/identity.js';
import {
  CHOICE_QUESTION,
  ChoiceQuestionDialog,
  type ChoiceQuestionOptions,
} from '../ChoiceQuestionDialog.js';
import { stepState } from '../stepState.js';
import type { DialogDeps } from '../DialogDeps.js';
import { rejectWith } from '../rejectWith.js';
import {
  AWAIT_CARD_SUBMIT,
  AwaitCardSubmitDialog,
  type AwaitCardSubmitOptions,
  type CardSubmit,
  type TypedAnswer,
} from './AwaitCardSubmitDialog.js';
import { CHOOSE_LIST_DIALOG, ChooseListDialog, type ChosenList } from './ChooseListDialog.js';
import { cardOf, itemsCard } from './formCards.js';
import {
  errorText,
  FormChecks,
  formTitle,
  submittedText,
  type FormLoopOptions,
  type FormSession,
} from './formSession.js';
import {
  CHOICE_ITEMS,
  isTextItem,
  textQuestion,
  withTextAnswer,
  type TextItem,
} from './textQuestions.js';

export const ASK_ITEMS_DIALOG = 'campaignForm.askItems';

const ASK = 'campaignForm.askItems.next';
const CARD_ITEMS = 'campaignForm.askItems.card';
const TEXT_PROMPT = 'campaignForm.askItems.text';

interface CardItemsOptions {
  session: FormSession;
  items: FormItem[];
}

/** What ASK keeps between its two steps. */
interface AskState {
  asked: FormItem[];
  /** How the answer comes back: checked values (card), a list, a choice value, or text. */
  answer: 'card' | 'list' | 'choice' | 'text';
}

interface TextQuestion {
  item: TextItem;
  session: FormSession;
}

export class AskItemsDialog extends ComponentDialog {
  private readonly checks: FormChecks;

  constructor(private readonly deps: DialogDeps) {
    super(ASK_ITEMS_DIALOG);
    this.checks = new FormChecks(deps);
    this.addDialog(
      new WaterfallDialog<FormLoopOptions>(ASK, [
        (step) => this.askNext(step),
        (step) => this.takeAnswer(step),
      ]),
    )
      .addDialog(
        new WaterfallDialog<CardItemsOptions>(CARD_ITEMS, [
          (step) => this.showItemsCard(step),
          (step) => this.checkCard(step),
        ]),
      )
      .addDialog(new TextPrompt(TEXT_PROMPT, (prompt) => this.validateTextAnswer(prompt)))
      .addDialog(new AwaitCardSubmitDialog())
      .addDialog(new ChoiceQuestionDialog())
      .addDialog(new ChooseListDialog(deps));
    this.initialDialogId = ASK;
  }

  private async askNext(step: WaterfallStepContext<FormLoopOptions>): Promise<DialogTurnResult> {
    const { session, pending } = step.options;
    const [item] = pending;
    if (item === undefined) {
      return step.endDialog(session);
    }
    const state = stepState<AskState>(step);
    if (item === 'listId') {
      Object.assign(state, { asked: [item], answer: 'list' });
      return step.beginDialog(CHOOSE_LIST_DIALOG, { session });
    }
    if (supportsCardInputs(step.context.activity.channelId)) {
      const card = cardOf(item);
      const end = pending.findIndex((other) => cardOf(other) !== card);
      const items = end === -1 ? pending : pending.slice(0, end);
      Object.assign(state, { asked: items, answer: 'card' });
      const options: CardItemsOptions = { session, items };
      return step.beginDialog(CARD_ITEMS, options);
    }
    const choice = CHOICE_ITEMS[item];
    if (choice !== undefined) {
      Object.assign(state, { asked: [item], answer: 'choice' });
      const question: ChoiceQuestionOptions = {
        card: item,
        question: choice.question,
        choices: choice.choices,
      };
      return step.beginDialog(CHOICE_QUESTION, question);
    }
    if (isTextItem(item)) {
      Object.assign(state, { asked: [item], answer: 'text' });
      const question: TextQuestion = { item, session };
      return step.prompt(TEXT_PROMPT, {
        prompt: textQuestion(item, session.values),
        validations: question,
      });
    }
    throw new RangeError(`no question for ${item}`);
  }

  private async takeAnswer(step: WaterfallStepContext<FormLoopOptions>): Promise<DialogTurnResult> {
    const { session, pending } = step.options;
    const { asked = [], answer } = stepState<AskState>(step);
    const answered = await this.answered(step.context, session, asked, answer, step.result);
    if (!answered.ok) {
      return this.reask(step, session, answered.errors, pending);
    }
    const next: FormLoopOptions = {
      session: answered.session,
      pending: pending.slice(asked.length),
    };
    return step.replaceDialog(ASK, next);
  }

  /** The form with the answer in it, checked; `result` is what the question ended with. */
  private async answered(
    context: TurnContext,
    session: FormSession,
    asked: FormItem[],
    answer: AskState['answer'] | undefined,
    result: unknown,
  ): Promise<{ ok: true; session: FormSession } | { ok: false; errors: ItemError[] }> {
    const [item] = asked;
    let checked: CheckResult;
    if (answer === 'list') {
      const chosen = result as ChosenList;
      return { ok: true, session: { ...session, values: chosen.values, newList: chosen.newList } };
    } else if (answer === 'choice' && item !== undefined) {
      checked = await this.checks.check(
        [item],
        { ...session.values, [item]: String(result) },
        context,
        session,
      );
    } else if (answer === 'text' && item !== undefined && isTextItem(item)) {
      checked = await this.checkTextAnswer(context, item, String(result), session);
    } else {
      // A card's values were checked by CARD_ITEMS.
      checked = { ok: true, values: (result as FormSession['values']) ?? session.values };
    }
    return checked.ok ? { ok: true, session: { ...session, values: checked.values } } : checked;
  }

  private async validateTextAnswer(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { item, session } = prompt.options.validations as TextQuestion;
    const checked = await this.checkTextAnswer(
      prompt.context,
      item,
      prompt.recognized.value ?? '',
      session,
    );
    if (checked.ok) {
      return true;
    }
    return rejectWith(
      prompt,
      `${errorText(checked.errors)}\n\n${textQuestion(item, session.values)}`,
    );
  }

  private async checkTextAnswer(
    context: TurnContext,
    item: TextItem,
    answer: string,
    session: FormSession,
  ): Promise<CheckResult> {
    const values = withTextAnswer(item, answer, session.values);
    if (!values.ok) {
      return { ok: false, errors: [{ item, error: values.error }] };
    }
    return this.checks.check([item], values.value, context, session);
  }

  private async showItemsCard(
    step: WaterfallStepContext<CardItemsOptions>,
  ): Promise<DialogTurnResult> {
    const { session, items } = step.options;
    const card = cardOf(items[0] ?? 'name');
    if (card === 'campaignAudience') {
      throw new RangeError('the list is chosen on the audience card');
    }
    const options: AwaitCardSubmitOptions = {
      card,
      attachment: itemsCard(card, items, session.values, {
        title: `${formTitle(session)}: ${items.map((item) => ITEM_LABELS[item]).join(', ')}`,
        submitTitle: 'Next',
        presenceConfigured: this.deps.presenceConfigured,
        today: this.checks.today(session.values),
      }),
      ...typedAnswerOf(items),
    };
    return step.beginDialog(AWAIT_CARD_SUBMIT, options);
  }

  private async checkCard(step: WaterfallStepContext<CardItemsOptions>): Promise<DialogTurnResult> {
    const { session, items } = step.options;
    const submit: CardSubmit = step.result;
    const values = { ...session.values };
    for (const field of items.flatMap(fieldsOf)) {
      values[field] = submittedText(submit[field]);
    }
    const checked = await this.checks.check(items, values, step.context, session);
    if (!checked.ok) {
      // The same card again, filled with everything entered, wrong answers included.
      await step.context.sendActivity(errorText(checked.errors));
      const again: CardItemsOptions = { session: { ...session, values }, items };
      return step.replaceDialog(CARD_ITEMS, again);
    }
    return step.endDialog(checked.values);
  }

  /** Says what was wrong, then asks again from the faulty item on. */
  private async reask(
    step: WaterfallStepContext<FormLoopOptions>,
    session: FormSession,
    errors: ItemError[],
    pending: FormItem[],
  ): Promise<DialogTurnResult> {
    await step.context.sendActivity(errorText(errors));
    const again: FormLoopOptions = { session, pending };
    return step.replaceDialog(ASK, again);
  }
}

/** A card asking one thing takes a typed answer (working hours need two times: card only). */
function typedAnswerOf(items: FormItem[]): { typed?: TypedAnswer } {
  const [item] = items;
  if (items.length !== 1 || item === undefined || item === 'hours') {
    return {};
  }
  return { typed: { input: item, choices: CHOICE_ITEMS[item]?.choices } };
}
