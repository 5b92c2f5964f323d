/**
 * The new message of a correction, asked as the campaign form asks its message field: the
 * same question (dialogs/campaignForm/fieldPresentation.ts) and the same rule (the field table
 * of src/domain/campaignFields.ts). A message the rule refuses gets what was wrong and what is
 * accepted, and the question again. Ends with the message as the form would keep it.
 */
import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { DialogDeps } from './DialogDeps.js';
import { QuestionDialog } from './QuestionDialog.js';
import { questionOf } from './campaignForm/textQuestions.js';

export const NEW_MESSAGE_QUESTION = 'newMessageQuestion';

export interface NewMessageQuestionOptions {
  campaignId: string;
}

export class NewMessageQuestionDialog extends QuestionDialog<NewMessageQuestionOptions> {
  constructor(private readonly deps: DialogDeps) {
    super(NEW_MESSAGE_QUESTION);
  }

  protected async answer(
    dc: DialogContext,
    options: NewMessageQuestionOptions,
  ): Promise<DialogTurnResult> {
    const campaign = await this.deps.campaignQueries.get(options.campaignId);
    if (campaign === null) {
      await dc.context.sendActivity('That campaign no longer exists.');
      return dc.endDialog();
    }
    const checked = this.deps.revisions.checkMessage(campaign, dc.context.activity.text ?? '');
    if (checked.ok) return dc.endDialog(checked.value);
    await this.ask(dc.context, options, `That message cannot be used: ${checked.error}`);
    return Dialog.EndOfTurn;
  }

  protected async ask(
    context: TurnContext,
    _options: NewMessageQuestionOptions,
    preface?: string,
  ): Promise<void> {
    const question = questionOf('message');
    const text = question.kind === 'text' ? question.question : '';
    await context.sendActivity(preface === undefined ? text : `${preface}\n\n${text}`);
  }
}
