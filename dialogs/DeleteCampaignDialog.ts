/**
 * `delete <name>` (SPEC.md: Campaign lifecycle): refused while running, otherwise one question
 * with what would go, and an explicit "Yes, delete it" (a destructive button) before the campaign, its jobs and its delivery data go. Anything but
 * an explicit yes or no ("not sure", "don't") is asked again.
 */
import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { DeleteRefusal } from '../src/application/deleteCampaign.js';
import type { Campaign } from '../src/domain/campaign.js';
import { yesNoOptions } from '../src/domain/answers.js';
import { asPlainText } from '../src/domain/text.js';
import {
  CHOICE_QUESTION,
  ChoiceQuestionDialog,
  type ChoiceQuestionOptions,
} from './ChoiceQuestionDialog.js';
import type { DialogDeps } from './DialogDeps.js';
import { InterruptibleDialog } from './InterruptibleDialog.js';

export const DELETE_CAMPAIGN_DIALOG = 'deleteCampaignDialog';

export interface DeleteCampaignOptions {
  campaignId: string;
}

const STEPS = 'deleteCampaign.steps';

export class DeleteCampaignDialog extends InterruptibleDialog {
  constructor(private readonly deps: DialogDeps) {
    super(DELETE_CAMPAIGN_DIALOG, 'deleting a campaign');
    this.addDialog(new ChoiceQuestionDialog()).addDialog(
      new WaterfallDialog<DeleteCampaignOptions>(STEPS, [
        (step) => this.confirm(step),
        (step) => this.delete(step),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private async confirm(
    step: WaterfallStepContext<DeleteCampaignOptions>,
  ): Promise<DialogTurnResult> {
    const { campaignId } = step.options;
    const outcome = await this.deps.campaigns.deletable(campaignId);
    if (outcome.kind !== 'deletable') {
      await step.context.sendActivity(refusalText(outcome));
      return step.endDialog();
    }
    const question: ChoiceQuestionOptions = {
      card: 'deleteCampaign',
      question: `Delete “${asPlainText(outcome.campaign.name)}”?`,
      details: await this.summary(outcome.campaign),
      choices: yesNoOptions('Yes, delete it', 'No, keep it'),
      destructive: 'yes',
    };
    return step.beginDialog(CHOICE_QUESTION, question);
  }

  private async delete(
    step: WaterfallStepContext<DeleteCampaignOptions>,
  ): Promise<DialogTurnResult> {
    if (step.result !== 'yes') {
      await step.context.sendActivity('Kept. Nothing was deleted.');
      return step.endDialog();
    }
    const { campaignId } = step.options;
    const outcome = await this.deps.campaigns.delete(campaignId);
    await step.context.sendActivity(
      outcome.kind === 'deleted'
        ? `Deleted “${asPlainText(outcome.campaign.name)}”.`
        : refusalText(outcome),
    );
    return step.endDialog();
  }

  private async summary(campaign: Campaign): Promise<string> {
    const { recipients } = await this.deps.campaignQueries.progress(campaign.id);
    const lines = [`**${asPlainText(campaign.name)}** — ${campaign.status}`];
    if (recipients > 0) {
      lines.push(
        `${recipients} recipient${recipients === 1 ? '' : 's'}; their delivery and click data will be deleted too.`,
      );
    }
    if (campaign.status === 'scheduled') {
      lines.push('Its scheduled jobs will be removed, so nothing will be sent.');
    }
    return lines.join('\n\n');
  }
}

function refusalText(outcome: DeleteRefusal): string {
  return outcome.kind === 'missing'
    ? 'That campaign no longer exists.'
    : `“${asPlainText(outcome.campaign.name)}” cannot be deleted: ${outcome.reason}.`;
}
