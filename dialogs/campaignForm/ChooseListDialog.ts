/**
 * The form's audience question: one of the tenant's lists (the built-in "All reachable users"
 * first), a new mailing list made on the spot and saved with the campaign on Confirm, or
 * (with Graph) a directory group, everyone, or people by department, country or office.
 * On cards, the audience card (or a list name typed); in text, a choice question.
 */
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { ListToCreate } from '../../src/application/createList.js';
import { supportsCardInputs, tenantIdOf } from '../../src/bot/identity.js';
import type { ChoiceOption } from '../../src/domain/answers.js';
import type { FormValues } from '../../src/domain/campaignFields.js';
import { ALL_USERS_LIST_ID } from '../../src/domain/recipients.js';
import {
  CHOICE_QUESTION,
  ChoiceQuestionDialog,
  type ChoiceQuestionOptions,
} from '../ChoiceQuestionDialog.js';
import type { DialogDeps } from '../DialogDeps.js';
import {
  NEW_LIST_DIALOG,
  NewListDialog,
  type NewListOptions,
  type NewListResult,
} from '../NewListDialog.js';
import { ALL_USERS_LIST_NAME } from '../campaignDescription.js';
import {
  ATTRIBUTE_AUDIENCE_DIALOG,
  AttributeAudienceDialog,
  BY_ATTRIBUTES_TITLE,
} from '../AttributeAudienceDialog.js';
import {
  DIRECTORY_AUDIENCE_DIALOG,
  DirectoryAudienceDialog,
  type DirectoryAudienceResult,
} from '../DirectoryAudienceDialog.js';
import {
  AWAIT_CARD_SUBMIT,
  AwaitCardSubmitDialog,
  type AwaitCardSubmitOptions,
  type CardSubmit,
} from './AwaitCardSubmitDialog.js';
import { labelOf } from './fieldPresentation.js';
import { audienceCard } from './formCards.js';
import {
  errorText,
  FormChecks,
  formTitle,
  submittedText,
  type FormSession,
} from './formSession.js';

export const CHOOSE_LIST_DIALOG = 'campaignForm.chooseList';

export interface ChooseListOptions {
  session: FormSession;
}

/** What the dialog ends with: the form values with the list, and the list made meanwhile. */
export interface ChosenList {
  values: FormValues;
  newList?: ListToCreate;
}

const STEPS = 'campaignForm.chooseList.steps';
const NEW_MAILING_LIST = 'newList';
const FROM_DIRECTORY = 'directory';
const BY_ATTRIBUTES = 'attributes';

export class ChooseListDialog extends ComponentDialog {
  private readonly checks: FormChecks;

  constructor(private readonly deps: DialogDeps) {
    super(CHOOSE_LIST_DIALOG);
    this.checks = new FormChecks(deps);
    this.addDialog(
      new WaterfallDialog<ChooseListOptions>(STEPS, [
        (step) => this.offerLists(step),
        (step) => this.useOrCreateList(step),
        (step) => this.useNewList(step),
      ]),
    )
      .addDialog(new AwaitCardSubmitDialog())
      .addDialog(new ChoiceQuestionDialog())
      .addDialog(new NewListDialog(deps));
    if (deps.directory) {
      const withDirectory = { ...deps, directory: deps.directory };
      this.addDialog(new DirectoryAudienceDialog(withDirectory)).addDialog(
        new AttributeAudienceDialog(withDirectory),
      );
    }
    this.initialDialogId = STEPS;
  }

  private async offerLists(
    step: WaterfallStepContext<ChooseListOptions>,
  ): Promise<DialogTurnResult> {
    const { session } = step.options;
    const stored = await this.deps.lists.saved(tenantIdOf(step.context.activity));
    const lists = [
      { id: ALL_USERS_LIST_ID, name: ALL_USERS_LIST_NAME },
      ...stored.map(({ id, name }) => ({ id, name })),
      ...(session.newList === undefined ? [] : [session.newList]),
    ];
    const choices: ChoiceOption[] = lists.map((list) => ({ value: list.id, title: list.name }));
    if (this.deps.directoryNote) await step.context.sendActivity(this.deps.directoryNote);
    if (supportsCardInputs(step.context.activity.channelId)) {
      const card: AwaitCardSubmitOptions = {
        card: 'campaignAudience',
        attachment: audienceCard(lists, session.values.listId, {
          title: `${formTitle(session)}: ${labelOf('listId')}`,
          submitTitle: 'Use this list',
          directory: this.deps.directory !== undefined,
        }),
        typed: { input: 'listId', choices, with: { choice: 'useList' } },
      };
      return step.beginDialog(AWAIT_CARD_SUBMIT, card);
    }
    const question: ChoiceQuestionOptions = {
      card: 'campaignAudience',
      question: 'Which list is the campaign sent to?',
      choices: [
        ...choices,
        { value: NEW_MAILING_LIST, title: 'Create a new mailing list', synonyms: ['new list'] },
        ...(this.deps.directory
          ? [
              { value: FROM_DIRECTORY, title: 'A directory group or everyone' },
              { value: BY_ATTRIBUTES, title: BY_ATTRIBUTES_TITLE },
            ]
          : []),
      ],
    };
    return step.beginDialog(CHOICE_QUESTION, question);
  }

  private async useOrCreateList(
    step: WaterfallStepContext<ChooseListOptions>,
  ): Promise<DialogTurnResult> {
    // A card submit, or the value of the text choice.
    const answer: CardSubmit | string = step.result;
    const chosen = typeof answer === 'string' ? answer : submittedText(answer['listId']);
    const choice = typeof answer === 'string' ? answer : answer['choice'];
    if (choice === FROM_DIRECTORY) return step.beginDialog(DIRECTORY_AUDIENCE_DIALOG);
    if (choice === BY_ATTRIBUTES) return step.beginDialog(ATTRIBUTE_AUDIENCE_DIALOG);
    if (choice === NEW_MAILING_LIST) {
      const options: NewListOptions = { saveWithCampaign: true };
      return step.beginDialog(NEW_LIST_DIALOG, options);
    }
    return this.endWithList(step, chosen, step.options.session);
  }

  private async useNewList(
    step: WaterfallStepContext<ChooseListOptions>,
  ): Promise<DialogTurnResult> {
    const created: NewListResult | DirectoryAudienceResult | undefined = step.result;
    const { session } = step.options;
    if (created !== undefined && 'listId' in created) {
      return this.endWithList(step, created.listId, session);
    }
    if (created === undefined) {
      await step.context.sendActivity('No mailing list was created. Please choose a list.');
      return step.replaceDialog(STEPS, step.options);
    }
    return this.endWithList(step, created.list.id, { ...session, newList: created.list });
  }

  private async endWithList(
    step: WaterfallStepContext<ChooseListOptions>,
    listId: string,
    session: FormSession,
  ): Promise<DialogTurnResult> {
    const checked = await this.checks.check(
      ['listId'],
      { ...session.values, listId },
      step.context,
      session,
    );
    if (!checked.ok) {
      await step.context.sendActivity(errorText(checked.errors));
      const again: ChooseListOptions = { session };
      return step.replaceDialog(STEPS, again);
    }
    const chosen: ChosenList = {
      values: checked.values,
      newList: session.newList?.id === listId ? session.newList : undefined,
    };
    return step.endDialog(chosen);
  }
}
