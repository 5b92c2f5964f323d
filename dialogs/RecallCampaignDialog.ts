/**
 * `recall <name>` (SPEC.md: Recall and correct): for a running or finished campaign, one
 * question saying what will happen to whom, and an explicit Confirm before its pending
 * deliveries are cancelled and its delivered messages deleted. Anything else leaves everything.
 */
import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { userIdOf } from '../src/bot/identity.js';
import { asPlainText } from '../src/domain/text.js';
import {
  CHOICE_QUESTION,
  ChoiceQuestionDialog,
  type ChoiceQuestionOptions,
} from './ChoiceQuestionDialog.js';
import type { DialogDeps } from './DialogDeps.js';
import { InterruptibleDialog } from './InterruptibleDialog.js';
import { confirmChoices, recallConsequences, refusalText, startedText } from './revisionReplies.js';

export const RECALL_CAMPAIGN_DIALOG = 'recallCampaignDialog';

export interface RecallCampaignOptions {
  campaignId: string;
}

const STEPS = 'recallCampaign.steps';

export class RecallCampaignDialog extends InterruptibleDialog {
  constructor(private readonly deps: DialogDeps) {
    super(RECALL_CAMPAIGN_DIALOG, 'recalling a campaign');
    this.addDialog(new ChoiceQuestionDialog()).addDialog(
      new WaterfallDialog<RecallCampaignOptions>(STEPS, [
        (step) => this.confirm(step),
        (step) => this.recall(step),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private async confirm(
    step: WaterfallStepContext<RecallCampaignOptions>,
  ): Promise<DialogTurnResult> {
    const plan = await this.deps.revisions.plan(step.options.campaignId, 'recall');
    if (plan.kind !== 'allowed') {
      await step.context.sendActivity(refusalText(plan, 'recall'));
      return step.endDialog();
    }
    const question: ChoiceQuestionOptions = {
      card: 'recallCampaign',
      question: `Recall “${asPlainText(plan.campaign.name)}”?`,
      details: `${recallConsequences(plan)} Type or click Confirm.`,
      choices: confirmChoices('No, leave them'),
      destructive: 'yes',
    };
    return step.beginDialog(CHOICE_QUESTION, question);
  }

  private async recall(
    step: WaterfallStepContext<RecallCampaignOptions>,
  ): Promise<DialogTurnResult> {
    if (step.result !== 'yes') {
      await step.context.sendActivity('Nothing was recalled: every message stays as it is.');
      return step.endDialog();
    }
    const { activity } = step.context;
    const started = await this.deps.revisions.recall(step.options.campaignId, {
      userId: userIdOf(activity),
      name: activity.from.name ?? 'an admin',
    });
    await step.context.sendActivity(
      started.kind === 'started'
        ? startedText('recall', started.campaign.name)
        : refusalText(started, 'recall'),
    );
    return step.endDialog();
  }
}
