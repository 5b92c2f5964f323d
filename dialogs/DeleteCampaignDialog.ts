/**
 * `delete <name>` (SPEC.md: Campaign lifecycle): refused while running, otherwise a summary and an
 * explicit Yes/No before the campaign, its jobs and its delivery data go.
 */
import { MessageFactory } from 'botbuilder';
import {
  ComponentDialog,
  ConfirmPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Campaign } from '../src/domain/campaign.js';
import { summarizeProgress } from '../src/domain/campaignProgress.js';
import { deleteRefusal } from '../src/domain/lifecycle.js';
import type { DialogDeps } from './DialogDeps.js';

export const DELETE_CAMPAIGN_DIALOG = 'deleteCampaignDialog';

export interface DeleteCampaignOptions {
  campaignId: string;
}

const STEPS = 'deleteCampaign.steps';
const CONFIRM_PROMPT = 'deleteCampaign.confirm';

export class DeleteCampaignDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(DELETE_CAMPAIGN_DIALOG);
    this.addDialog(new ConfirmPrompt(CONFIRM_PROMPT, undefined, 'en-us')).addDialog(
      new WaterfallDialog(STEPS, [(step) => this.confirm(step), (step) => this.delete(step)]),
    );
    this.initialDialogId = STEPS;
  }

  private async confirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const campaign = await this.deletableCampaign(step);
    if (campaign === null) {
      return step.endDialog();
    }
    await step.context.sendActivity(await this.summary(campaign));
    return step.prompt(CONFIRM_PROMPT, {
      prompt: MessageFactory.text(`Delete “${campaign.name}”?`),
      retryPrompt: MessageFactory.text(`Please answer Yes or No: delete “${campaign.name}”?`),
    });
  }

  private async delete(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== true) {
      await step.context.sendActivity('Kept. Nothing was deleted.');
      return step.endDialog();
    }
    // Read again: the campaign may have started (or gone) while the admin was answering.
    const campaign = await this.deletableCampaign(step);
    if (campaign === null) {
      return step.endDialog();
    }
    await this.deps.jobs.cancel(campaign.id);
    await this.deps.campaigns.delete(campaign.id);
    this.deps.logger.info({ campaignId: campaign.id }, 'campaign deleted');
    await step.context.sendActivity(`Deleted “${campaign.name}”.`);
    return step.endDialog();
  }

  /** The campaign, or null after telling the admin why it cannot be deleted. */
  private async deletableCampaign(step: WaterfallStepContext): Promise<Campaign | null> {
    const { campaignId } = step.options as DeleteCampaignOptions;
    const campaign = await this.deps.campaigns.get(campaignId);
    if (campaign === null) {
      await step.context.sendActivity('That campaign no longer exists.');
      return null;
    }
    const refusal = deleteRefusal(campaign.status);
    if (refusal !== null) {
      await step.context.sendActivity(`“${campaign.name}” cannot be deleted: ${refusal}.`);
      return null;
    }
    return campaign;
  }

  private async summary(campaign: Campaign): Promise<string> {
    const { recipients } = summarizeProgress(await this.deps.deliveries.countByStatus(campaign.id));
    const lines = [`**${campaign.name}** — ${campaign.status}`];
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
