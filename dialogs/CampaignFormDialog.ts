/**
 * The campaign form (`new campaign`, `edit <name>`): collects every field of a campaign, shows
 * a summary to confirm, change a field or cancel, then saves it and plans its start.
 *
 * Where cards take inputs (Teams, emulator) the fields come in three Adaptive Card forms;
 * on Skype they are asked one by one. Either way a bad answer is answered with what was wrong
 * and what is accepted, and the same question is asked again with every answer kept.
 *
 * The flow is a few small loops, each restarting itself with `replaceDialog` and carrying the
 * form in its options (so a restart mid-dialog, with state in the store, loses nothing):
 *   MAIN    opens the form (new, or loaded from the campaign being edited);
 *   REVIEW  asks the pending items, checks the whole form, shows the summary and acts on it;
 *   ASK     asks pending items one card or one question at a time;
 *   AUDIENCE offers the lists, or starts the new-mailing-list dialog.
 */
import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { channelOf, supportsCardInputs, tenantIdOf, userIdOf } from '../src/bot/identity.js';
import type { CampaignDraft } from '../src/domain/campaign.js';
import { editRefusal } from '../src/domain/lifecycle.js';
import { personOf, type Person } from '../src/domain/person.js';
import { renderMessage } from '../src/domain/placeholders.js';
import { ALL_USERS_LIST_ID } from '../src/domain/recipients.js';
import { campaignStartInstant } from '../src/domain/workingTime.js';
import type { DialogDeps } from './DialogDeps.js';
import { NEW_LIST_DIALOG, NewListDialog, type NewListResult } from './NewListDialog.js';
import { ALL_USERS_LIST_NAME, listLabel, readableInstant } from './campaignDescription.js';
import {
  AWAIT_CARD_SUBMIT,
  AwaitCardSubmitDialog,
  type AwaitCardSubmitOptions,
  type CardSubmit,
} from './campaignForm/AwaitCardSubmitDialog.js';
import {
  checkItems,
  nameTakenError,
  reviewForm,
  type CheckContext,
  type CheckResult,
  type ItemError,
} from './campaignForm/checkItems.js';
import { campaignFacts, PRESENCE_NOT_CONFIGURED } from './campaignForm/describe.js';
import {
  audienceCard,
  cardOf,
  itemsCard,
  SUMMARY_CARD,
  summaryCard,
} from './campaignForm/formCards.js';
import {
  fieldsOf,
  formItems,
  formValuesOf,
  ITEM_LABELS,
  newFormValues,
  sortItems,
  type FormItem,
  type FormValues,
} from './campaignForm/formValues.js';
import { saveCampaign } from './campaignForm/saveCampaign.js';
import {
  CHOICE_ITEMS,
  isTextItem,
  textQuestion,
  withTextAnswer,
  type TextItem,
} from './campaignForm/textQuestions.js';
import { rejectWith } from './rejectWith.js';

export const CAMPAIGN_FORM_DIALOG = 'campaignFormDialog';

export type CampaignFormOptions = { mode: 'create' } | { mode: 'edit'; campaignId: string };

/** What the dialog ends with when it saved; it ends with undefined otherwise. */
export interface CampaignFormResult {
  campaignId: string;
}

export const CANCELLED_TEXT = 'Cancelled — nothing was saved.';

const MAIN = 'campaignForm.main';
const REVIEW = 'campaignForm.review';
const ASK = 'campaignForm.ask';
const CARD_ITEMS = 'campaignForm.cardItems';
const AUDIENCE = 'campaignForm.audience';
const TEXT_PROMPT = 'campaignForm.textPrompt';
const CHOICE_PROMPT = 'campaignForm.choicePrompt';

const CONFIRM = 'Confirm';
const CHANGE = 'Change a field';
const CANCEL = 'Cancel';
const NEW_MAILING_LIST = 'Create a new mailing list';

/** The form between turns. */
interface FormSession {
  mode: 'create' | 'edit';
  campaignId?: string;
  values: FormValues;
}

interface LoopOptions {
  session: FormSession;
  /** Items still to ask, in form order. */
  pending: FormItem[];
}

interface CardItemsOptions {
  session: FormSession;
  items: FormItem[];
}

/** What a waterfall keeps between its own steps (`step.values`). */
interface ReviewValues {
  session: FormSession;
}

interface AskValues {
  asked: FormItem[];
  /** `values`: a card or the audience dialog answered with checked form values. */
  answer: 'values' | 'choice' | 'text';
}

interface AudienceValues {
  lists: { id: string; name: string }[];
}

interface TextQuestion {
  item: TextItem;
  session: FormSession;
}

export class CampaignFormDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(CAMPAIGN_FORM_DIALOG);
    this.addDialog(new WaterfallDialog(MAIN, [(s) => this.open(s), (s) => s.endDialog(s.result)]))
      .addDialog(
        new WaterfallDialog(REVIEW, [
          (s) => this.askPending(s),
          (s) => this.showSummary(s),
          (s) => this.actOnSummary(s),
          (s) => this.changeChosenItem(s),
        ]),
      )
      .addDialog(new WaterfallDialog(ASK, [(s) => this.askNext(s), (s) => this.takeAnswer(s)]))
      .addDialog(
        new WaterfallDialog(CARD_ITEMS, [(s) => this.showItemsCard(s), (s) => this.checkCard(s)]),
      )
      .addDialog(
        new WaterfallDialog(AUDIENCE, [
          (s) => this.offerLists(s),
          (s) => this.useOrCreateList(s),
          (s) => this.useNewList(s),
        ]),
      )
      .addDialog(new AwaitCardSubmitDialog())
      .addDialog(new TextPrompt(TEXT_PROMPT, (p) => this.validateTextAnswer(p)))
      .addDialog(new ChoicePrompt(CHOICE_PROMPT, undefined, 'en-us'))
      .addDialog(new NewListDialog(deps));
    this.initialDialogId = MAIN;
  }

  /** `cancel` (typed, or a card's Cancel button) leaves the form from any step. */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    if (isCancelRequest(innerDc.context.activity)) {
      await innerDc.context.sendActivity(CANCELLED_TEXT);
      return innerDc.cancelAllDialogs();
    }
    return super.onContinueDialog(innerDc);
  }

  // MAIN

  private async open(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as CampaignFormOptions;
    const { activity } = step.context;
    const { presenceConfigured } = this.deps;
    if (options.mode === 'create') {
      const values = newFormValues({
        channel: channelOf(activity.channelId),
        timeZone: this.deps.defaultTimeZone,
        presenceConfigured,
      });
      const pending = formItems(presenceConfigured);
      if (!supportsCardInputs(activity.channelId)) {
        const intro = `New campaign: ${pending.length} questions. Type cancel at any time to stop.`;
        await step.context.sendActivity(
          presenceConfigured ? intro : `${intro}\n\n${PRESENCE_NOT_CONFIGURED}.`,
        );
      }
      return step.beginDialog(REVIEW, { session: { mode: 'create', values }, pending });
    }
    const campaign = await this.deps.campaigns.get(options.campaignId);
    if (campaign === null || campaign.tenantId !== tenantIdOf(activity)) {
      await step.context.sendActivity('That campaign does not exist (any more).');
      return step.endDialog();
    }
    const refusal = editRefusal(campaign.status);
    if (refusal !== null) {
      await step.context.sendActivity(
        `Campaign “${campaign.name}” cannot be modified: ${refusal}.`,
      );
      return step.endDialog();
    }
    await step.context.sendActivity(
      `Editing campaign “${campaign.name}”: confirm it, or change a field (type cancel to stop).`,
    );
    const session: FormSession = {
      mode: 'edit',
      campaignId: campaign.id,
      values: formValuesOf(campaign),
    };
    // Nothing pending: the review re-asks whatever is no longer valid (a start date now past…).
    return step.beginDialog(REVIEW, { session, pending: [] });
  }

  // REVIEW

  private async askPending(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { session, pending } = step.options as LoopOptions;
    if (pending.length > 0) {
      return step.beginDialog(ASK, { session, pending });
    }
    return step.next(session.values);
  }

  private async showSummary(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { session: before } = step.options as LoopOptions;
    const session: FormSession = { ...before, values: step.result as FormValues };
    const review = await reviewForm(session.values, this.checkContext(step.context, session));
    if (!review.ok) {
      return this.reask(step, REVIEW, session, review.errors);
    }
    const reviewed: FormSession = { ...session, values: review.values };
    (step.values as ReviewValues).session = reviewed;
    const summary = await this.summary(step.context, reviewed, review.draft);
    if (supportsCardInputs(step.context.activity.channelId)) {
      const options: AwaitCardSubmitOptions = {
        card: SUMMARY_CARD,
        attachment: summaryCard({ ...summary, items: formItems(this.deps.presenceConfigured) }),
      };
      return step.beginDialog(AWAIT_CARD_SUBMIT, options);
    }
    await step.context.sendActivity(
      [
        `**${summary.title}**`,
        summary.facts.map((fact) => `- ${fact.title}: ${fact.value}`).join('\n'),
        summary.sampleTitle,
        quote(summary.sampleMessage),
      ].join('\n\n'),
    );
    return step.prompt(CHOICE_PROMPT, {
      prompt: 'Confirm, change a field, or cancel?',
      choices: [CONFIRM, CHANGE, CANCEL],
    });
  }

  private async actOnSummary(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { session } = step.values as ReviewValues;
    const items = formItems(this.deps.presenceConfigured);
    if (supportsCardInputs(step.context.activity.channelId)) {
      const submit = step.result as CardSubmit;
      if (submit['action'] === 'confirm') {
        return this.confirm(step, session);
      }
      const item = items.find((candidate) => candidate === submit['field']);
      return step.replaceDialog(REVIEW, { session, pending: item === undefined ? [] : [item] });
    }
    switch ((step.result as FoundChoice).value) {
      case CONFIRM:
        return this.confirm(step, session);
      case CHANGE:
        return step.prompt(CHOICE_PROMPT, {
          prompt: 'Which field?',
          choices: items.map((item) => ITEM_LABELS[item]),
        });
      default:
        await step.context.sendActivity(CANCELLED_TEXT);
        return step.cancelAllDialogs();
    }
  }

  private async changeChosenItem(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { session } = step.values as ReviewValues;
    const item = formItems(this.deps.presenceConfigured)[(step.result as FoundChoice).index];
    return step.replaceDialog(REVIEW, { session, pending: item === undefined ? [] : [item] });
  }

  private async confirm(
    step: WaterfallStepContext,
    session: FormSession,
  ): Promise<DialogTurnResult> {
    // Checked again: the admin may confirm long after the summary (a start date gone past).
    const review = await reviewForm(session.values, this.checkContext(step.context, session));
    if (!review.ok) {
      return this.reask(step, REVIEW, session, review.errors);
    }
    const { activity } = step.context;
    const outcome = await saveCampaign(
      this.deps,
      review.draft,
      session.mode === 'create'
        ? { mode: 'create', author: { tenantId: tenantIdOf(activity), userId: userIdOf(activity) } }
        : { mode: 'edit', campaignId: session.campaignId ?? '' },
    );
    const name = review.draft.name;
    switch (outcome.kind) {
      case 'saved': {
        const zone = review.draft.workingHours.timeZone;
        // Today's hours may already be open: then sending begins at once, not "at 09:00" past.
        const starts =
          outcome.startsAt <= this.deps.clock.now()
            ? 'it starts now, within today’s working hours'
            : `it starts ${readableInstant(outcome.startsAt, zone)}`;
        await step.context.sendActivity(
          `Campaign “${name}” is ${session.mode === 'create' ? 'saved' : 'updated'} and scheduled: ${starts}.`,
        );
        const result: CampaignFormResult = { campaignId: outcome.campaign.id };
        return step.endDialog(result);
      }
      case 'nameTaken':
        return this.reask(step, REVIEW, session, [{ item: 'name', error: nameTakenError(name) }]);
      case 'notEditable':
        await step.context.sendActivity(`Campaign “${name}” was not saved: ${outcome.reason}.`);
        return step.endDialog();
    }
  }

  private async summary(context: TurnContext, session: FormSession, draft: CampaignDraft) {
    const list =
      draft.listId === ALL_USERS_LIST_ID ? null : await this.deps.lists.get(draft.listId);
    const startsAt = campaignStartInstant(draft);
    if (startsAt === null) {
      throw new RangeError('the reviewed draft has no working day');
    }
    const sample = await this.samplePerson(context.activity);
    return {
      title:
        session.mode === 'create' ? 'New campaign: summary' : `Campaign “${draft.name}”: summary`,
      facts: campaignFacts(draft, listLabel(draft.listId, list), startsAt),
      sampleTitle: `The message as ${sample.fullName ?? 'you'} would get it:`,
      sampleMessage: renderMessage(draft.message, sample),
    };
  }

  /** The admin themself, as the sample recipient of the summary. */
  private async samplePerson(activity: Activity): Promise<Person> {
    const user = await this.deps.users.get(userIdOf(activity));
    return user === null ? { fullName: activity.from.name } : personOf(user);
  }

  // ASK

  private async askNext(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { session, pending } = step.options as LoopOptions;
    const [item] = pending;
    if (item === undefined) {
      return step.endDialog(session.values);
    }
    const values = step.values as AskValues;
    if (item === 'listId') {
      Object.assign(values, { asked: [item], answer: 'values' });
      return step.beginDialog(AUDIENCE, { session });
    }
    if (supportsCardInputs(step.context.activity.channelId)) {
      const card = cardOf(item);
      const end = pending.findIndex((other) => cardOf(other) !== card);
      const items = end === -1 ? pending : pending.slice(0, end);
      Object.assign(values, { asked: items, answer: 'values' });
      const options: CardItemsOptions = { session, items };
      return step.beginDialog(CARD_ITEMS, options);
    }
    const choice = CHOICE_ITEMS[item];
    Object.assign(values, { asked: [item], answer: choice === undefined ? 'text' : 'choice' });
    if (choice !== undefined) {
      return step.prompt(CHOICE_PROMPT, { prompt: choice.question, choices: choice.options });
    }
    if (isTextItem(item)) {
      const question: TextQuestion = { item, session };
      return step.prompt(TEXT_PROMPT, {
        prompt: textQuestion(item, session.values),
        validations: question,
      });
    }
    throw new RangeError(`no question for ${item}`);
  }

  private async takeAnswer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { session, pending } = step.options as LoopOptions;
    const { asked, answer } = step.values as AskValues;
    const [item] = asked;
    let answered: CheckResult = { ok: true, values: step.result as FormValues };
    if (answer === 'choice' && item !== undefined) {
      const value = CHOICE_ITEMS[item]?.values[(step.result as FoundChoice).index] ?? '';
      answered = await this.check(
        [item],
        { ...session.values, [item]: value },
        step.context,
        session,
      );
    } else if (answer === 'text' && item !== undefined && isTextItem(item)) {
      answered = await this.checkTextAnswer(step.context, item, step.result as string, session);
    }
    if (!answered.ok) {
      return this.reask(step, ASK, session, answered.errors, pending);
    }
    const next: LoopOptions = {
      session: { ...session, values: answered.values },
      pending: pending.slice(asked.length),
    };
    return step.replaceDialog(ASK, next);
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
    return this.check([item], values.value, context, session);
  }

  // CARD_ITEMS

  private async showItemsCard(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { session, items } = step.options as CardItemsOptions;
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
      }),
    };
    return step.beginDialog(AWAIT_CARD_SUBMIT, options);
  }

  private async checkCard(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { session, items } = step.options as CardItemsOptions;
    const submit = step.result as CardSubmit;
    const values = { ...session.values };
    for (const field of items.flatMap(fieldsOf)) {
      values[field] = submittedText(submit[field]);
    }
    const checked = await this.check(items, values, step.context, session);
    if (!checked.ok) {
      // The same card again, filled with everything entered, wrong answers included.
      await step.context.sendActivity(errorText(checked.errors));
      const again: CardItemsOptions = { session: { ...session, values }, items };
      return step.replaceDialog(CARD_ITEMS, again);
    }
    return step.endDialog(checked.values);
  }

  // AUDIENCE

  private async offerLists(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { session } = step.options as { session: FormSession };
    const stored = await this.deps.lists.list(tenantIdOf(step.context.activity));
    const lists = [
      { id: ALL_USERS_LIST_ID, name: ALL_USERS_LIST_NAME },
      ...stored.map(({ id, name }) => ({ id, name })),
    ];
    (step.values as AudienceValues).lists = lists;
    if (supportsCardInputs(step.context.activity.channelId)) {
      const options: AwaitCardSubmitOptions = {
        card: 'campaignAudience',
        attachment: audienceCard(lists, session.values.listId, {
          title: `${formTitle(session)}: ${ITEM_LABELS.listId}`,
          submitTitle: 'Use this list',
        }),
      };
      return step.beginDialog(AWAIT_CARD_SUBMIT, options);
    }
    return step.prompt(CHOICE_PROMPT, {
      prompt: 'Which list is the campaign sent to?',
      choices: [...lists.map((list) => list.name), NEW_MAILING_LIST],
    });
  }

  private async useOrCreateList(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { lists } = step.values as AudienceValues;
    let listId: string;
    if (supportsCardInputs(step.context.activity.channelId)) {
      const submit = step.result as CardSubmit;
      if (submit['action'] === 'newList') {
        return step.beginDialog(NEW_LIST_DIALOG);
      }
      listId = submittedText(submit['listId']);
    } else {
      const chosen = lists[(step.result as FoundChoice).index];
      if (chosen === undefined) {
        return step.beginDialog(NEW_LIST_DIALOG);
      }
      listId = chosen.id;
    }
    return this.endWithList(step, listId);
  }

  private async useNewList(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const created = step.result as NewListResult | undefined;
    if (created === undefined) {
      await step.context.sendActivity('No mailing list was created. Please choose a list.');
      return step.replaceDialog(AUDIENCE, step.options);
    }
    return this.endWithList(step, created.listId);
  }

  private async endWithList(step: WaterfallStepContext, listId: string): Promise<DialogTurnResult> {
    const { session } = step.options as { session: FormSession };
    const checked = await this.check(
      ['listId'],
      { ...session.values, listId },
      step.context,
      session,
    );
    if (!checked.ok) {
      return this.reask(step, AUDIENCE, session, checked.errors);
    }
    return step.endDialog(checked.values);
  }

  // Shared

  private check(
    items: FormItem[],
    values: FormValues,
    context: TurnContext,
    session: FormSession,
  ): Promise<CheckResult> {
    return checkItems(items, values, this.checkContext(context, session));
  }

  private checkContext(context: TurnContext, session: FormSession): CheckContext {
    return {
      campaigns: this.deps.campaigns,
      lists: this.deps.lists,
      now: this.deps.clock.now(),
      presenceConfigured: this.deps.presenceConfigured,
      defaultTimeZone: this.deps.defaultTimeZone,
      tenantId: tenantIdOf(context.activity),
      campaignId: session.campaignId,
    };
  }

  /**
   * Says what was wrong, then restarts `loop` asking again: REVIEW and ASK ask the faulty items
   * (or `pending` when given), AUDIENCE offers the lists again.
   */
  private async reask(
    step: WaterfallStepContext,
    loop: typeof REVIEW | typeof ASK | typeof AUDIENCE,
    session: FormSession,
    errors: ItemError[],
    pending?: FormItem[],
  ): Promise<DialogTurnResult> {
    await step.context.sendActivity(errorText(errors));
    const options: LoopOptions = {
      session,
      pending: pending ?? sortItems(errors.map((error) => error.item)),
    };
    return step.replaceDialog(loop, options);
  }
}

function formTitle(session: FormSession): string {
  return session.mode === 'create' ? 'New campaign' : `Campaign “${session.values.name}”`;
}

/** "**Start date**: 2020-01-01 is in the past. Accepted: …", one paragraph per error. */
function errorText(errors: ItemError[]): string {
  return errors.map(({ item, error }) => `**${ITEM_LABELS[item]}**: ${error}`).join('\n\n');
}

function quote(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Card inputs arrive as strings (a multi-select as "1,3,5"); a missing input is empty. */
function submittedText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function isCancelRequest(activity: Activity): boolean {
  if (activity.type !== ActivityTypes.Message) {
    return false;
  }
  const value = activity.value as { action?: unknown } | undefined;
  return activity.text?.trim().toLowerCase() === 'cancel' || value?.action === 'cancel';
}
