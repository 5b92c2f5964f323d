/**
 * `correct <name>` (SPEC.md: Recall and correct): for a running or finished campaign, the new
 * message (asked and checked as the form's message field), its preview as the admin would get
 * it, what will happen to whom, and an explicit Confirm before every delivered message is
 * replaced in place and the pending deliveries send the new one. Anything else leaves everything.
 */
import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { userIdOf } from '../src/bot/identity.js';
import { personOf } from '../src/domain/person.js';
import { renderMessage } from '../src/domain/placeholders.js';
import { asPlainText } from '../src/domain/text.js';
import {
  CHOICE_QUESTION,
  ChoiceQuestionDialog,
  type ChoiceQuestionOptions,
} from './ChoiceQuestionDialog.js';
import type { DialogDeps } from './DialogDeps.js';
import { InterruptibleDialog } from './InterruptibleDialog.js';
import { NEW_MESSAGE_QUESTION, NewMessageQuestionDialog } from './NewMessageQuestionDialog.js';
import {
  confirmChoices,
  correctionConsequences,
  refusalText,
  startedText,
} from './revisionReplies.js';

export const CORRECT_CAMPAIGN_DIALOG = 'correctCampaignDialog';

export interface CorrectCampaignOptions {
  campaignId: string;
  /** The new message, once given. */
  message?: string;
}

const STEPS = 'correctCampaign.steps';

export class CorrectCampaignDialog extends InterruptibleDialog {
  constructor(private readonly deps: DialogDeps) {
    super(CORRECT_CAMPAIGN_DIALOG, 'correcting a campaign');
    this.addDialog(new ChoiceQuestionDialog())
      .addDialog(new NewMessageQuestionDialog(deps))
      .addDialog(
        new WaterfallDialog<CorrectCampaignOptions>(STEPS, [
          (step) => this.askMessage(step),
          (step) => this.confirm(step),
          (step) => this.correct(step),
        ]),
      );
    this.initialDialogId = STEPS;
  }

  private async askMessage(
    step: WaterfallStepContext<CorrectCampaignOptions>,
  ): Promise<DialogTurnResult> {
    const plan = await this.deps.revisions.plan(step.options.campaignId, 'correct');
    if (plan.kind !== 'allowed') {
      await step.context.sendActivity(refusalText(plan, 'correct'));
      return step.endDialog();
    }
    return step.beginDialog(NEW_MESSAGE_QUESTION, { campaignId: plan.campaign.id });
  }

  private async confirm(
    step: WaterfallStepContext<CorrectCampaignOptions>,
  ): Promise<DialogTurnResult> {
    const message = step.result as string | undefined;
    const plan = await this.deps.revisions.plan(step.options.campaignId, 'correct');
    if (message === undefined || plan.kind !== 'allowed') {
      if (plan.kind !== 'allowed') await step.context.sendActivity(refusalText(plan, 'correct'));
      return step.endDialog();
    }
    step.options.message = message;
    const question: ChoiceQuestionOptions = {
      card: 'correctCampaign',
      question: `Correct “${asPlainText(plan.campaign.name)}”?`,
      details: [
        correctionConsequences(plan),
        await this.preview(step, message),
        'Type or click Confirm.',
      ].join('\n\n'),
      choices: confirmChoices('No, leave them'),
    };
    return step.beginDialog(CHOICE_QUESTION, question);
  }

  /** The new message as the admin would get it, placeholders filled (the form's preview). */
  private async preview(
    step: WaterfallStepContext<CorrectCampaignOptions>,
    message: string,
  ): Promise<string> {
    const { activity } = step.context;
    const user = await this.deps.campaigns.sampleRecipient(userIdOf(activity));
    const person = user === null ? { fullName: activity.from.name } : personOf(user);
    const quoted = renderMessage(message, person)
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    return `The new message as ${person.fullName ?? 'you'} would get it:\n\n${quoted}`;
  }

  private async correct(
    step: WaterfallStepContext<CorrectCampaignOptions>,
  ): Promise<DialogTurnResult> {
    const { message, campaignId } = step.options;
    if (step.result !== 'yes' || message === undefined) {
      await step.context.sendActivity('Nothing was corrected: every message stays as it is.');
      return step.endDialog();
    }
    const { activity } = step.context;
    const started = await this.deps.revisions.correct(campaignId, message, {
      userId: userIdOf(activity),
      name: activity.from.name ?? 'an admin',
    });
    await step.context.sendActivity(
      started.kind === 'started'
        ? startedText('correct', started.campaign.name)
        : refusalText(started, 'correct'),
    );
    return step.endDialog();
  }
}
