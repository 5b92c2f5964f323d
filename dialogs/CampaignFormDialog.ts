/**
 * The campaign form (`new campaign`, `edit <name>`): collects every field of a campaign, shows
 * a summary to confirm, change a field or cancel, then saves it and plans its start.
 *
 * Where cards take inputs (Teams, emulator) the fields come in three Adaptive Card forms;
 * on Skype the five fields without a sensible default are asked one by one, and the summary
 * shows the defaults of the others, each of which can be changed there. Either way a bad
 * answer is answered with what was wrong and what is accepted, and the same question is asked
 * again with every answer kept. Checking and saving are the application's (src/application/).
 *
 * The flow is two small loops, each restarting itself with `replaceDialog` and carrying the
 * form in its options (so a restart mid-dialog, with state in the store, loses nothing):
 *   MAIN    opens the form (new, or loaded from the campaign being edited);
 *   REVIEW  asks the pending items (AskItemsDialog), checks the whole form, shows the summary
 *           and acts on it.
 */
import { randomUUID } from 'node:crypto';
import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { nameTakenError } from '../src/application/campaignFormChecks.js';
import type { SaveOutcome } from '../src/application/saveCampaign.js';
import { channelOf, supportsCardInputs, tenantIdOf, userIdOf } from '../src/bot/identity.js';
import type { ChoiceOption } from '../src/domain/answers.js';
import {
  formFields,
  formValuesOf,
  newFormValues,
  sortFields,
  type FieldError,
} from '../src/domain/campaignFields.js';
import { editRefusal } from '../src/domain/lifecycle.js';
import { asPlainText } from '../src/domain/text.js';
import {
  CHOICE_QUESTION,
  ChoiceQuestionDialog,
  type ChoiceQuestionOptions,
} from './ChoiceQuestionDialog.js';
import { stepState } from './stepState.js';
import type { DialogDeps } from './DialogDeps.js';
import { InterruptibleDialog } from './InterruptibleDialog.js';
import { readableInstant } from './campaignDescription.js';
import { ASK_ITEMS_DIALOG, AskItemsDialog } from './campaignForm/AskItemsDialog.js';
import {
  AWAIT_CARD_SUBMIT,
  AwaitCardSubmitDialog,
  type AwaitCardSubmitOptions,
  type CardSubmit,
} from './campaignForm/AwaitCardSubmitDialog.js';
import {
  FIELD_PRESENTATION,
  labelOf,
  PRESENCE_NOT_CONFIGURED,
} from './campaignForm/fieldPresentation.js';
import { SUMMARY_CARD, summaryCard } from './campaignForm/formCards.js';
import {
  errorText,
  FormChecks,
  type FormLoopOptions,
  type FormSession,
} from './campaignForm/formSession.js';
import { formSummary, summaryMarkdown } from './campaignForm/summary.js';
import { CANCELLED_TEXT } from './helpText.js';

export const CAMPAIGN_FORM_DIALOG = 'campaignFormDialog';

export type CampaignFormOptions = { mode: 'create' } | { mode: 'edit'; campaignId: string };

/** What the dialog ends with when it saved; it ends with undefined otherwise. */
export interface CampaignFormResult {
  campaignId: string;
}

const MAIN = 'campaignForm.main';
const REVIEW = 'campaignForm.review';

const CONFIRM: ChoiceOption = {
  value: 'confirm',
  title: 'Confirm',
  synonyms: ['yes', 'ok', 'okay', 'save'],
};
const CHANGE: ChoiceOption = { value: 'change', title: 'Change a field', synonyms: ['change'] };
const CANCEL: ChoiceOption = { value: 'cancel', title: 'Cancel' };
const SUMMARY_CHOICES: ChoiceOption[] = [CONFIRM, CHANGE, CANCEL];

/** The summary's typed shortcut to a field: `change:timeZone`. */
const CHANGE_PREFIX = 'change:';

/** What REVIEW keeps between its steps: the form as reviewed for the summary. */
interface ReviewState {
  session: FormSession;
}

export class CampaignFormDialog extends InterruptibleDialog {
  private readonly checks: FormChecks;

  constructor(private readonly deps: DialogDeps) {
    super(CAMPAIGN_FORM_DIALOG, 'a campaign form');
    this.checks = new FormChecks(deps);
    this.addDialog(
      new WaterfallDialog<CampaignFormOptions>(MAIN, [
        (step) => this.open(step),
        (step) => step.endDialog(step.result),
      ]),
    )
      .addDialog(
        new WaterfallDialog<FormLoopOptions>(REVIEW, [
          (step) => this.askPending(step),
          (step) => this.showSummary(step),
          (step) => this.actOnSummary(step),
          (step) => this.changeChosenItem(step),
        ]),
      )
      .addDialog(new AskItemsDialog(deps))
      .addDialog(new AwaitCardSubmitDialog())
      .addDialog(new ChoiceQuestionDialog());
    this.initialDialogId = MAIN;
  }

  // MAIN

  private async open(step: WaterfallStepContext<CampaignFormOptions>): Promise<DialogTurnResult> {
    const options = step.options;
    const { activity } = step.context;
    const { presenceConfigured } = this.deps;
    if (options.mode === 'create') {
      const values = newFormValues({
        channel: channelOf(activity.channelId),
        timeZone: this.deps.defaultTimeZone,
        presenceConfigured,
      });
      const byCard = supportsCardInputs(activity.channelId);
      const fields = formFields(this.deps);
      // In text only the fields without a sensible default are asked; the summary shows the others.
      const pending = byCard
        ? fields
        : fields.filter((field) => FIELD_PRESENTATION[field].askedInText);
      if (!byCard) {
        const defaults = fields
          .filter((field) => !pending.includes(field))
          .map((field) => labelOf(field).toLowerCase());
        const intro = `New campaign: ${pending.length} questions, then a summary to check, where the defaults (${defaults.join(', ')}) can be changed. Type cancel at any time to stop.`;
        await step.context.sendActivity(
          presenceConfigured ? intro : `${intro}\n\n${PRESENCE_NOT_CONFIGURED}.`,
        );
      }
      const session: FormSession = { mode: 'create', campaignId: randomUUID(), values };
      return step.beginDialog(REVIEW, { session, pending });
    }
    const campaign = await this.deps.campaignQueries.get(options.campaignId);
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

  private async askPending(step: WaterfallStepContext<FormLoopOptions>): Promise<DialogTurnResult> {
    const { session, pending } = step.options;
    if (pending.length > 0) {
      return step.beginDialog(ASK_ITEMS_DIALOG, { session, pending });
    }
    return step.next(session);
  }

  private async showSummary(
    step: WaterfallStepContext<FormLoopOptions>,
  ): Promise<DialogTurnResult> {
    // The form as answered: values, and a mailing list made meanwhile.
    const session: FormSession = step.result;
    const review = await this.checks.review(session.values, step.context, session);
    if (!review.ok) {
      return this.reask(step, session, review.errors);
    }
    const reviewed: FormSession = { ...session, values: review.values };
    stepState<ReviewState>(step).session = reviewed;
    const summary = await formSummary(this.deps, step.context.activity, reviewed, review.draft);
    // A field named at once ("time zone", "change hours") is changed without "Which field?".
    const fieldShortcuts: ChoiceOption[] = formFields(this.deps).map((field) => ({
      value: `${CHANGE_PREFIX}${field}`,
      title: labelOf(field),
      synonyms: [`change ${labelOf(field)}`],
      hidden: true,
    }));
    if (supportsCardInputs(step.context.activity.channelId)) {
      const options: AwaitCardSubmitOptions = {
        card: SUMMARY_CARD,
        attachment: summaryCard({ ...summary, fields: formFields(this.deps) }),
        typed: { input: 'choice', choices: [CONFIRM, ...fieldShortcuts] },
      };
      return step.beginDialog(AWAIT_CARD_SUBMIT, options);
    }
    await step.context.sendActivity(summaryMarkdown(summary));
    return this.askChoice(
      step,
      'campaignSummary',
      'Confirm, change a field (or name it), or cancel?',
      [...SUMMARY_CHOICES, ...fieldShortcuts],
    );
  }

  private async actOnSummary(
    step: WaterfallStepContext<FormLoopOptions>,
  ): Promise<DialogTurnResult> {
    const { session = step.options.session } = stepState<ReviewState>(step);
    const fields = formFields(this.deps);
    // The summary card's submit, or the value of the text choice.
    const answer: CardSubmit | string = step.result;
    const choice = typeof answer === 'string' ? answer : answer['choice'];
    if (typeof choice === 'string' && choice.startsWith(CHANGE_PREFIX)) {
      return this.change(step, session, choice.slice(CHANGE_PREFIX.length));
    }
    switch (choice) {
      case CONFIRM.value:
        return this.confirm(step, session);
      case CHANGE.value:
        if (typeof answer !== 'string') {
          return this.change(step, session, answer['field']);
        }
        return this.askChoice(
          step,
          'campaignField',
          'Which field?',
          fields.map((field) => ({ value: field, title: labelOf(field) })),
        );
      case CANCEL.value:
        await step.context.sendActivity(CANCELLED_TEXT);
        return step.cancelAllDialogs();
      default: {
        // A submit without a known choice (an old or altered client): nothing is guessed or lost.
        await step.context.sendActivity(
          `That answer to the summary names none of its choices: please press ${CONFIRM.title}, ${CHANGE.title} or ${CANCEL.title}.`,
        );
        const again: FormLoopOptions = { session, pending: [] };
        return step.replaceDialog(REVIEW, again);
      }
    }
  }

  private async changeChosenItem(
    step: WaterfallStepContext<FormLoopOptions>,
  ): Promise<DialogTurnResult> {
    const { session = step.options.session } = stepState<ReviewState>(step);
    return this.change(step, session, step.result);
  }

  private change(
    step: WaterfallStepContext<FormLoopOptions>,
    session: FormSession,
    field: unknown,
  ): Promise<DialogTurnResult> {
    const item = formFields(this.deps).find((candidate) => candidate === field);
    const again: FormLoopOptions = { session, pending: item === undefined ? [] : [item] };
    return step.replaceDialog(REVIEW, again);
  }

  private async confirm(
    step: WaterfallStepContext<FormLoopOptions>,
    session: FormSession,
  ): Promise<DialogTurnResult> {
    // Checked again: the admin may confirm long after the summary (a start date gone past).
    const review = await this.checks.review(session.values, step.context, session);
    if (!review.ok) {
      return this.reask(step, session, review.errors);
    }
    const { activity } = step.context;
    const outcome = await this.deps.campaigns.save(
      review.draft,
      session.mode === 'create'
        ? {
            mode: 'create',
            campaignId: session.campaignId,
            author: { tenantId: tenantIdOf(activity), userId: userIdOf(activity) },
            newList: session.newList,
          }
        : { mode: 'edit', campaignId: session.campaignId, newList: session.newList },
    );
    const name = review.draft.name;
    switch (outcome.kind) {
      case 'saved': {
        await step.context.sendActivity(
          this.savedText(outcome, session, review.draft.workingHours.timeZone),
        );
        const result: CampaignFormResult = { campaignId: outcome.campaign.id };
        return step.endDialog(result);
      }
      case 'nameTaken':
        return this.reask(step, session, [{ field: 'name', error: nameTakenError(name) }]);
      case 'listNameTaken':
        return this.reask(
          step,
          { ...session, newList: undefined, values: { ...session.values, listId: '' } },
          [
            {
              field: 'listId',
              error: `a list named “${outcome.listName}” was created meanwhile. Accepted: one of the lists offered, or a new mailing list.`,
            },
          ],
        );
      case 'nothingToSend':
        return this.reask(step, session, [
          {
            field: 'startDate',
            error:
              'its working hours are over by now, so nothing could be sent. Accepted: a later start date, or a longer duration.',
          },
        ]);
      case 'notEditable':
        await step.context.sendActivity(`Campaign “${name}” was not saved: ${outcome.reason}.`);
        return step.endDialog();
    }
  }

  private savedText(
    outcome: Extract<SaveOutcome, { kind: 'saved' }>,
    session: FormSession,
    zone: string,
  ): string {
    // Today's hours may already be open: then sending begins at once, not "at 09:00" past.
    const starts =
      outcome.firstSendAt <= this.deps.clock.now()
        ? 'it starts now, within today’s working hours'
        : `it starts ${readableInstant(outcome.firstSendAt, zone)}`;
    const done = outcome.again
      ? 'was already saved'
      : session.mode === 'create'
        ? 'is saved'
        : 'is updated';
    return `Campaign “${asPlainText(outcome.campaign.name)}” ${done} and scheduled: ${starts}.`;
  }

  private askChoice(
    step: WaterfallStepContext<FormLoopOptions>,
    card: string,
    question: string,
    choices: ChoiceOption[],
  ): Promise<DialogTurnResult> {
    const options: ChoiceQuestionOptions = { card, question, choices };
    return step.beginDialog(CHOICE_QUESTION, options);
  }

  /** Says what was wrong, then restarts the review asking the faulty items. */
  private async reask(
    step: WaterfallStepContext<FormLoopOptions>,
    session: FormSession,
    errors: FieldError[],
  ): Promise<DialogTurnResult> {
    await step.context.sendActivity(errorText(errors));
    const again: FormLoopOptions = {
      session,
      pending: sortFields(errors.map((error) => error.field)),
    };
    return step.replaceDialog(REVIEW, again);
  }
}
