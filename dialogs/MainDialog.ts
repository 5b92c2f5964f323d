/**
 * The admin's chat router (SPEC.md: Chat commands). Each message either continues the dialog in
 * progress or is read as a command; `cancel` leaves any dialog at any point.
 */
import type { Activity, StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type DialogState,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { tenantIdOf } from '../src/bot/identity.js';
import type { Campaign } from '../src/domain/campaign.js';
import { excerpt } from '../src/domain/text.js';
import { CAMPAIGN_FORM_DIALOG, CampaignFormDialog } from './CampaignFormDialog.js';
import { CORRECT_CAMPAIGN_DIALOG, CorrectCampaignDialog } from './CorrectCampaignDialog.js';
import { DELETE_CAMPAIGN_DIALOG, DeleteCampaignDialog } from './DeleteCampaignDialog.js';
import type { DialogDeps } from './DialogDeps.js';
import { NEW_LIST_DIALOG, NewListDialog } from './NewListDialog.js';
import { RECALL_CAMPAIGN_DIALOG, RecallCampaignDialog } from './RecallCampaignDialog.js';
import { TRY_CAMPAIGN_DIALOG, TryCampaignDialog } from './TryCampaignDialog.js';
import { campaignNotFoundText, yourCampaignsText } from './campaignLookup.js';
import { campaignInfoReply, campaignListReply, withRevisionLines } from './campaignViews.js';
import { parseCommand, type CampaignVerb, type Command } from './commands.js';
import { exportReplyText } from './exportReply.js';
import { HELP_TEXT } from './helpText.js';
import { listsReply } from './listViews.js';

export const MAIN_DIALOG = 'mainDialog';

const ROUTE_STEPS = 'main.route';

export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(MAIN_DIALOG);
    this.addDialog(
      new WaterfallDialog(ROUTE_STEPS, [
        (step) => this.route(step),
        // A child dialog (form, new list, delete, try) finished: nothing more to say.
        (step) => step.endDialog(),
      ]),
    )
      .addDialog(new CampaignFormDialog(deps))
      .addDialog(new NewListDialog(deps))
      .addDialog(new DeleteCampaignDialog(deps))
      .addDialog(new TryCampaignDialog(deps))
      .addDialog(new RecallCampaignDialog(deps))
      .addDialog(new CorrectCampaignDialog(deps));
    this.initialDialogId = ROUTE_STEPS;
  }

  /** One turn: continue the dialog in progress, or start routing this message. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(context);
    const result = await dialogContext.continueDialog();
    if (result.status === DialogTurnStatus.empty) {
      await dialogContext.beginDialog(this.id);
    }
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const command = parseCommand(step.context.activity);
    const tenantId = tenantIdOf(step.context.activity);
    const botChannelId = step.context.activity.channelId;
    switch (command.kind) {
      case 'help':
        await step.context.sendActivity(HELP_TEXT);
        return step.endDialog();
      case 'unknown':
        await step.context.sendActivity(
          isCardSubmit(step.context.activity) ? CLOSED_CARD_TEXT : unknownCommandText(command),
        );
        return step.endDialog();
      case 'cancel':
        await step.context.sendActivity("There's nothing to cancel.");
        return step.endDialog();
      case 'newCampaign':
        return step.beginDialog(CAMPAIGN_FORM_DIALOG, { mode: 'create' });
      case 'newList':
        return step.beginDialog(NEW_LIST_DIALOG);
      case 'campaigns':
        await step.context.sendActivity(
          await campaignListReply(this.deps.campaignQueries, tenantId, botChannelId),
        );
        return step.endDialog();
      case 'lists':
        await step.context.sendActivity(await listsReply(this.deps.lists, tenantId, botChannelId));
        return step.endDialog();
      case 'campaign':
        return this.routeCampaignCommand(step, command, tenantId);
    }
  }

  private async routeCampaignCommand(
    step: WaterfallStepContext,
    command: Extract<Command, { kind: 'campaign' }>,
    tenantId: string,
  ): Promise<DialogTurnResult> {
    const campaigns = this.deps.campaignQueries;
    if (command.ref === null) {
      await step.context.sendActivity(
        `Which campaign? Write \`${command.verb}\` followed by its name. ${await yourCampaignsText(campaigns, tenantId)}`,
      );
      return step.endDialog();
    }
    const campaign = await campaigns.find(tenantId, command.ref);
    if (campaign === null) {
      await step.context.sendActivity(await campaignNotFoundText(campaigns, tenantId, command.ref));
      return step.endDialog();
    }
    return this.runCampaignCommand(step, command.verb, campaign);
  }

  private async runCampaignCommand(
    step: WaterfallStepContext,
    verb: CampaignVerb,
    campaign: Campaign,
  ): Promise<DialogTurnResult> {
    const botChannelId = step.context.activity.channelId;
    switch (verb) {
      case 'edit':
        return step.beginDialog(CAMPAIGN_FORM_DIALOG, { mode: 'edit', campaignId: campaign.id });
      case 'delete':
        return step.beginDialog(DELETE_CAMPAIGN_DIALOG, { campaignId: campaign.id });
      case 'try':
        return step.beginDialog(TRY_CAMPAIGN_DIALOG, { campaignId: campaign.id });
      case 'recall':
        return step.beginDialog(RECALL_CAMPAIGN_DIALOG, { campaignId: campaign.id });
      case 'correct':
        return step.beginDialog(CORRECT_CAMPAIGN_DIALOG, { campaignId: campaign.id });
      case 'info':
        await step.context.sendActivity(
          await campaignInfoReply(
            this.deps.campaignQueries,
            campaign,
            botChannelId,
            await this.deps.revisions.state(campaign),
          ),
        );
        return step.endDialog();
      case 'report':
        await step.context.sendActivity(
          withRevisionLines(
            await this.deps.reports.reportActivity(campaign, botChannelId),
            campaign,
            await this.deps.revisions.state(campaign),
          ),
        );
        return step.endDialog();
      case 'export':
        await step.context.sendActivity(
          exportReplyText(
            this.deps.reports,
            campaign,
            await this.deps.campaignQueries.progress(campaign.id),
            this.deps.clock.now(),
          ),
        );
        return step.endDialog();
    }
  }
}

export const CLOSED_CARD_TEXT =
  'That card belongs to a form that is already closed (finished or cancelled), so the click did nothing. Write `new campaign` to start again, or `help` to see every command.';

/** A button of one of our cards that no open dialog is waiting for (commands are parsed first). */
function isCardSubmit(activity: Partial<Activity>): boolean {
  return typeof activity.value === 'object' && activity.value !== null;
}

function unknownCommandText(command: Extract<Command, { kind: 'unknown' }>): string {
  if (command.text === '') {
    return HELP_TEXT;
  }
  // Long enough to recognise what was typed; a pasted page is not echoed back whole.
  return `I didn't understand “${excerpt(command.text)}”. ${HELP_TEXT}`;
}
