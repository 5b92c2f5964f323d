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
import type { CheckResult } from '../../src/application/campaignFormChecks.js';
import { supportsCardInputs } from '../../src/bot/identity.js';
import type { CampaignField, FieldError } from '../../src/domain/campaignFields.js';
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
import { cardText, labelOf, takesTypedAnswerOnCard } from './fieldPresentation.js';
import { cardOf, fieldsCard } from './formCards.js';
import {
  errorText,
  FormChecks,
  formTitle,
  type FormLoopOptions,
  type FormSession,
} from './formSession.js';
import { choicesOf, questionOf, textQuestion, withTextAnswer } from './textQuestions.js';

export const ASK_ITEMS_DIALOG = 'campaignForm.askItems';

const ASK = 'campaignForm.askItems.next';
const CARD_ITEMS = 'campaignForm.askItems.card';
const TEXT_PROMPT = 'campaignForm.askItems.text';

interface CardItemsOptions {
  session: FormSession;
  items: CampaignField[];
}

/** What ASK keeps between its two steps. */
interface AskState {
  asked: CampaignField[];
  /** How the answer comes back: checked values (card), a list, a choice value, or text. */
  answer: 'card' | 'list' | 'choice' | 'text';
}

interface TextQuestion {
  item: CampaignField;
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
    const question = questionOf(item);
    if (question.kind === 'list') {
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
    if (question.kind === 'choice') {
      Object.assign(state, { asked: [item], answer: 'choice' });
      const options: ChoiceQuestionOptions = {
        card: item,
        question: question.question,
        choices: question.choices,
      };
      return step.beginDialog(CHOICE_QUESTION, options);
    }
    Object.assign(state, { asked: [item], answer: 'text' });
    const validations: TextQuestion = { item, session };
    return step.prompt(TEXT_PROMPT, {
      prompt: textQuestion(item, session.values),
      validations,
    });
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
    asked: CampaignField[],
    answer: AskState['answer'] | undefined,
    result: unknown,
  ): Promise<{ ok: true; session: FormSession } | { ok: false; errors: FieldError[] }> {
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
    } else if (answer === 'text' && item !== undefined) {
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

  private checkTextAnswer(
    context: TurnContext,
    item: CampaignField,
    answer: string,
    session: FormSession,
  ): Promise<CheckResult> {
    const values = withTextAnswer(item, answer, session.values);
    return this.checks.check([item], values, context, session);
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
      attachment: fieldsCard(card, items, session.values, {
        title: `${formTitle(session)}: ${items.map(labelOf).join(', ')}`,
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
    for (const field of items) {
      values[field] = cardText(field, submit, session.values[field]);
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
    errors: FieldError[],
    pending: CampaignField[],
  ): Promise<DialogTurnResult> {
    await step.context.sendActivity(errorText(errors));
    const again: FormLoopOptions = { session, pending };
    return step.replaceDialog(ASK, again);
  }
}

/** A card asking one thing takes a typed answer (working hours need two times: card only). */
function typedAnswerOf(items: CampaignField[]): { typed?: TypedAnswer } {
  const [item] = items;
  if (items.length !== 1 || item === undefined || !takesTypedAnswerOnCard(item)) {
    return {};
  }
  return { typed: { input: item, choices: choicesOf(item) } };
}
