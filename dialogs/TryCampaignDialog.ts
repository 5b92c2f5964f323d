/**
 * `try <name>` (SPEC.md: Campaign, Try): sends the campaign message at once to one reachable user,
 * on the campaign's channel, without presence or working-hours checks, and tells the admin the
 * outcome — or exactly why it could not be sent.
 */
import { MessageFactory } from 'botbuilder';
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { SendOutcome } from '../src/channels/MessageSender.js';
import type { Campaign, Channel } from '../src/domain/campaign.js';
import { parseEmailList } from '../src/domain/emailList.js';
import { personOf } from '../src/domain/person.js';
import { renderMessage } from '../src/domain/placeholders.js';
import type { ReachableUser } from '../src/domain/recipients.js';
import type { DialogDeps } from './DialogDeps.js';
import { channelLabel } from './campaignDescription.js';
import { rejectWith } from './rejectWith.js';

export const TRY_CAMPAIGN_DIALOG = 'tryCampaignDialog';

export interface TryCampaignOptions {
  campaignId: string;
}

const STEPS = 'tryCampaign.steps';
const ADDRESS_PROMPT = 'tryCampaign.address';

export class TryCampaignDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(TRY_CAMPAIGN_DIALOG);
    this.addDialog(new TextPrompt(ADDRESS_PROMPT, (p) => validateAddress(p))).addDialog(
      new WaterfallDialog(STEPS, [(step) => this.askAddress(step), (step) => this.sendTest(step)]),
    );
    this.initialDialogId = STEPS;
  }

  private async askAddress(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const campaign = await this.campaignOf(step);
    if (campaign === null) {
      return step.endDialog();
    }
    return step.prompt(ADDRESS_PROMPT, {
      prompt: MessageFactory.text(
        `Which e-mail address should get a test of “${campaign.name}”? It is sent at once on ${channelLabel(campaign.channel)}, whatever their presence and the working hours.`,
      ),
    });
  }

  private async sendTest(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const campaign = await this.campaignOf(step);
    if (campaign === null) {
      return step.endDialog();
    }
    const email = singleAddress(step.result as string)!;
    const user = await this.reachableUser(email, campaign);
    if (user === null) {
      await step.context.sendActivity(await this.whyUnreachable(email, campaign));
      return step.endDialog();
    }
    const text = renderMessage(campaign.message, personOf(user));
    const outcome = await this.deps.sender.send(user, text);
    this.deps.logger.info(
      { campaignId: campaign.id, userId: user.id, outcome: outcome.kind },
      'test message',
    );
    await step.context.sendActivity(outcomeText(outcome, email, campaign.channel));
    return step.endDialog();
  }

  private async campaignOf(step: WaterfallStepContext): Promise<Campaign | null> {
    const { campaignId } = step.options as TryCampaignOptions;
    const campaign = await this.deps.campaigns.get(campaignId);
    if (campaign === null) {
      await step.context.sendActivity('That campaign no longer exists.');
    }
    return campaign;
  }

  /** Users of another organization never count, even with the same address. */
  private async reachableUser(email: string, campaign: Campaign): Promise<ReachableUser | null> {
    const user = await this.deps.users.findByEmail(email, campaign.channel);
    return user?.tenantId === campaign.tenantId ? user : null;
  }

  private async whyUnreachable(email: string, campaign: Campaign): Promise<string> {
    const channel = channelLabel(campaign.channel);
    const other: Channel = campaign.channel === 'teams' ? 'skype' : 'teams';
    const onOther = await this.deps.users.findByEmail(email, other);
    if (onOther?.tenantId === campaign.tenantId) {
      return `Not sent: ${email} can only be reached on ${channelLabel(other)}, and “${campaign.name}” goes out on ${channel}. They need to install or talk to the bot on ${channel} first.`;
    }
    return `Not sent: no user with the address ${email} has installed or talked to the bot on ${channel}, so the bot cannot reach them. Once they do, try again.`;
  }
}

function outcomeText(outcome: SendOutcome, email: string, channel: Channel): string {
  switch (outcome.kind) {
    case 'sent':
      return `Sent: ${email} received the test message on ${channelLabel(channel)}.`;
    case 'failed':
      return `Not delivered to ${email}: ${outcome.reason}.`;
    case 'transient':
      return `Not sent yet: the channel is busy, try again in ${Math.max(1, Math.ceil(outcome.retryAfterMs / 1000))} s.`;
    case 'unknown':
      return `The outcome is unknown (${outcome.reason}): the message may or may not have reached ${email}. Check with them before trying again.`;
    case 'too-late':
      return `Not sent: the channel kept it waiting too long. Try again.`;
  }
}

/** The one address in `text` (a plain address or `Name <address>`), or null. */
function singleAddress(text: string): string | null {
  const parsed = parseEmailList(text);
  return parsed.valid.length === 1 && parsed.invalid.length === 0
    ? (parsed.valid[0] ?? null)
    : null;
}

async function validateAddress(prompt: PromptValidatorContext<string>): Promise<boolean> {
  const text = (prompt.recognized.value ?? '').trim();
  if (singleAddress(text) !== null) {
    return true;
  }
  const parsed = parseEmailList(text);
  if (parsed.valid.length + parsed.invalid.length > 1) {
    return rejectWith(prompt, 'Please give just one e-mail address.');
  }
  const shown = text === '' ? 'That' : `“${text}”`;
  return rejectWith(
    prompt,
    `${shown} is not an e-mail address — it should look like name@company.com. Which address should get the test?`,
  );
}
