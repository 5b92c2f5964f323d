/**
 * `try <name>` (SPEC.md: Campaign, Try): sends the campaign message at once to one reachable user,
 * on the campaign's channel, without presence or working-hours checks, and tells the admin the
 * outcome — or exactly why it could not be sent.
 */
import { MessageFactory } from 'botbuilder';
import {
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { TryOutcome } from '../src/application/tryCampaign.js';
import type { SendOutcome } from '../src/application/ports/MessageSender.js';
import type { Campaign, Channel } from '../src/domain/campaign.js';
import { parseEmailList } from '../src/domain/emailList.js';
import { asPlainText, excerpt } from '../src/domain/text.js';
import type { DialogDeps } from './DialogDeps.js';
import { InterruptibleDialog } from './InterruptibleDialog.js';
import { channelLabel } from './campaignDescription.js';
import { rejectWith } from './rejectWith.js';

export const TRY_CAMPAIGN_DIALOG = 'tryCampaignDialog';

export interface TryCampaignOptions {
  campaignId: string;
}

const STEPS = 'tryCampaign.steps';
const ADDRESS_PROMPT = 'tryCampaign.address';

export class TryCampaignDialog extends InterruptibleDialog {
  constructor(private readonly deps: DialogDeps) {
    super(TRY_CAMPAIGN_DIALOG, 'trying a campaign');
    this.addDialog(new TextPrompt(ADDRESS_PROMPT, (p) => validateAddress(p))).addDialog(
      new WaterfallDialog<TryCampaignOptions>(STEPS, [
        (step) => this.askAddress(step),
        (step) => this.sendTest(step),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private async askAddress(
    step: WaterfallStepContext<TryCampaignOptions>,
  ): Promise<DialogTurnResult> {
    const campaign = await this.campaignOf(step);
    if (campaign === null) {
      return step.endDialog();
    }
    return step.prompt(ADDRESS_PROMPT, {
      prompt: MessageFactory.text(
        `Which e-mail address should get a test of “${asPlainText(campaign.name)}”? It is sent at once on ${channelLabel(campaign.channel)}, whatever their presence and the working hours.`,
      ),
    });
  }

  private async sendTest(
    step: WaterfallStepContext<TryCampaignOptions>,
  ): Promise<DialogTurnResult> {
    const { campaignId } = step.options;
    const email = singleAddress(String(step.result))!;
    const tried = await this.deps.campaigns.tryOn(campaignId, email);
    await step.context.sendActivity(triedText(tried, email));
    return step.endDialog();
  }

  private async campaignOf(
    step: WaterfallStepContext<TryCampaignOptions>,
  ): Promise<Campaign | null> {
    const { campaignId } = step.options;
    const campaign = await this.deps.campaignQueries.get(campaignId);
    if (campaign === null) {
      await step.context.sendActivity(MISSING_TEXT);
    }
    return campaign;
  }
}

const MISSING_TEXT = 'That campaign no longer exists.';

function triedText(tried: TryOutcome, email: string): string {
  switch (tried.kind) {
    case 'missing':
      return MISSING_TEXT;
    case 'unreachable': {
      const { campaign, onlyOn } = tried;
      const channel = channelLabel(campaign.channel);
      return onlyOn === null
        ? `Not sent: no user with the address ${email} has installed or talked to the bot on ${channel}, so the bot cannot reach them. Once they do, try again.`
        : `Not sent: ${email} can only be reached on ${channelLabel(onlyOn)}, and “${asPlainText(campaign.name)}” goes out on ${channel}. They need to install or talk to the bot on ${channel} first.`;
    }
    case 'sent':
      return outcomeText(tried.outcome, email, tried.campaign.channel);
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
  if (parsed.valid.length > 1) {
    return rejectWith(
      prompt,
      `That is ${parsed.valid.length} addresses: please give just one e-mail address.`,
    );
  }
  const shown = text === '' ? 'That' : `“${excerpt(text)}”`;
  return rejectWith(
    prompt,
    `${shown} is not an e-mail address — it should look like name@company.com. Which address should get the test?`,
  );
}
