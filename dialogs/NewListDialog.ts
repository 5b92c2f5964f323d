/**
 * `new list`: a mailing list created by pasting addresses (SPEC.md: Recipient lists). Also started as
 * a child of the campaign form: then the list is not saved here but handed back, and the form
 * saves it with the campaign on Confirm (a cancelled form leaves no list behind).
 */
import { randomUUID } from 'node:crypto';
import { MessageFactory } from 'botbuilder';
import {
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { ListToCreate } from '../src/application/createList.js';
import { tenantIdOf, userIdOf } from '../src/bot/identity.js';
import type { ChoiceOption } from '../src/domain/answers.js';
import { NAME_MAX_LENGTH, validateName } from '../src/domain/campaignValidation.js';
import { parseEmailList } from '../src/domain/emailList.js';
import { asPlainText, excerpt } from '../src/domain/text.js';
import {
  CHOICE_QUESTION,
  ChoiceQuestionDialog,
  type ChoiceQuestionOptions,
} from './ChoiceQuestionDialog.js';
import type { DialogDeps } from './DialogDeps.js';
import { InterruptibleDialog } from './InterruptibleDialog.js';
import { ALL_USERS_LIST_NAME } from './campaignDescription.js';
import { rejectWith } from './rejectWith.js';
import { stepState } from './stepState.js';
import { directoryMatchText } from './directoryMatch.js';

export const NEW_LIST_DIALOG = 'newListDialog';

export interface NewListOptions {
  /** Started by the campaign form: hand the list back unsaved. */
  saveWithCampaign?: boolean;
}

/** The list, saved already unless the options asked to save it with the campaign. */
export interface NewListResult {
  list: ListToCreate;
}

const NAME_STEPS = 'newList.name';
const ADDRESS_STEPS = 'newList.addresses';
const NAME_PROMPT = 'newList.namePrompt';
const ADDRESSES_PROMPT = 'newList.addressesPrompt';

/** Invalid entries listed one by one; beyond this only their number is given, to fit a chat message. */
const INVALID_SHOWN = 50;
const FIX_OR_CONTINUE: ChoiceOption[] = [
  { value: 'fix', title: 'Fix the list', synonyms: ['fix'] },
  { value: 'continue', title: 'Continue without them', synonyms: ['continue'] },
];

const ASK_ADDRESSES =
  'Paste the e-mail addresses, separated by commas, semicolons, spaces or new lines.';

interface AddressStepsOptions extends NewListOptions {
  name: string;
}

interface AddressStepsValues {
  emails: string[];
}

export class NewListDialog extends InterruptibleDialog {
  constructor(private readonly deps: DialogDeps) {
    super(NEW_LIST_DIALOG, 'creating a mailing list');
    this.addDialog(new TextPrompt(NAME_PROMPT, (p) => this.validateName(p)))
      .addDialog(new TextPrompt(ADDRESSES_PROMPT, (p) => this.validateAddresses(p)))
      .addDialog(new ChoiceQuestionDialog())
      .addDialog(
        new WaterfallDialog<NewListOptions>(NAME_STEPS, [
          (step) => this.askName(step),
          (step) => this.continueWithAddresses(step),
          (step) => step.endDialog(step.result),
        ]),
      )
      .addDialog(
        new WaterfallDialog<AddressStepsOptions>(ADDRESS_STEPS, [
          (step) => this.askAddresses(step),
          (step) => this.review(step),
          (step) => this.fixOrSave(step),
        ]),
      );
    this.initialDialogId = NAME_STEPS;
  }

  private async askName(step: WaterfallStepContext<NewListOptions>): Promise<DialogTurnResult> {
    return step.prompt(NAME_PROMPT, {
      prompt: MessageFactory.text(
        `What should the new list be called? (1–${NAME_MAX_LENGTH} characters)`,
      ),
    });
  }

  private async continueWithAddresses(
    step: WaterfallStepContext<NewListOptions>,
  ): Promise<DialogTurnResult> {
    const options: AddressStepsOptions = {
      ...step.options,
      name: String(step.result).trim(),
    };
    return step.beginDialog(ADDRESS_STEPS, options);
  }

  private async askAddresses(
    step: WaterfallStepContext<AddressStepsOptions>,
  ): Promise<DialogTurnResult> {
    const { name } = step.options;
    return step.prompt(ADDRESSES_PROMPT, {
      prompt: MessageFactory.text(
        `Which addresses are on “${asPlainText(name)}”? ${ASK_ADDRESSES}`,
      ),
    });
  }

  /** Reports what was understood; asks only when some entries would be left out. */
  private async review(step: WaterfallStepContext<AddressStepsOptions>): Promise<DialogTurnResult> {
    const tenantId = tenantIdOf(step.context.activity);
    const parsed = await this.deps.lists.readAddresses(tenantId, String(step.result));
    stepState<AddressStepsValues>(step).emails = parsed.valid;
    await step.context.sendActivity(
      summaryText(parsed.valid.length, parsed.duplicates, parsed.unreachable),
    );
    const notInDirectory =
      this.deps.directory && (await directoryMatchText(this.deps.directory, parsed.valid));
    if (notInDirectory) await step.context.sendActivity(notInDirectory);
    if (parsed.invalid.length === 0) {
      return this.save(step);
    }
    const question: ChoiceQuestionOptions = {
      card: 'newListFixOrContinue',
      question: `${invalidText(parsed.invalid)}\n\nFix the list, or continue without them?`,
      choices: FIX_OR_CONTINUE,
      cancelButton: true,
    };
    return step.beginDialog(CHOICE_QUESTION, question);
  }

  private async fixOrSave(
    step: WaterfallStepContext<AddressStepsOptions>,
  ): Promise<DialogTurnResult> {
    if (step.result === 'fix') {
      return step.replaceDialog(ADDRESS_STEPS, step.options);
    }
    return this.save(step);
  }

  private async save(step: WaterfallStepContext<AddressStepsOptions>): Promise<DialogTurnResult> {
    const { name, saveWithCampaign } = step.options;
    const { emails = [] } = stepState<AddressStepsValues>(step);
    const activity = step.context.activity;
    const list: ListToCreate = {
      id: randomUUID(),
      tenantId: tenantIdOf(activity),
      name,
      emails,
      createdBy: userIdOf(activity),
    };
    const result: NewListResult = { list };
    if (saveWithCampaign === true) {
      await step.context.sendActivity(
        `The list “${asPlainText(name)}” (${validAddresses(emails.length)}) will be saved when you confirm the campaign.`,
      );
      return step.endDialog(result);
    }
    const created = await this.deps.lists.create(list);
    if (created.kind === 'nameTaken') {
      // Someone saved a list with this name while the admin was pasting: start over from the name.
      await step.context.sendActivity(`A list named “${asPlainText(name)}” was created meanwhile.`);
      return step.replaceDialog(NAME_STEPS, { saveWithCampaign });
    }
    await step.context.sendActivity(
      `Saved the list “${asPlainText(name)}” with ${validAddresses(emails.length)}.`,
    );
    return step.endDialog(result);
  }

  private async validateName(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const checked = validateName(prompt.recognized.value ?? '');
    if (!checked.ok) {
      return rejectWith(
        prompt,
        `That name is not usable: ${checked.error} Please type another one.`,
      );
    }
    const name = checked.value;
    const tenantId = tenantIdOf(prompt.context.activity);
    const taken =
      name.toLowerCase() === ALL_USERS_LIST_NAME.toLowerCase() ||
      (await this.deps.lists.isNameTaken(tenantId, name));
    if (taken) {
      return rejectWith(
        prompt,
        `There is already a list named “${asPlainText(excerpt(name))}”. Please choose another name.`,
      );
    }
    return true;
  }

  private async validateAddresses(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const parsed = parseEmailList(prompt.recognized.value ?? '');
    if (parsed.valid.length > 0) {
      return true;
    }
    if (parsed.invalid.length === 0) {
      return rejectWith(prompt, `I found no addresses in that. ${ASK_ADDRESSES}`);
    }
    return rejectWith(
      prompt,
      `${invalidText(parsed.invalid)}\n\nThere is no valid address left. ${ASK_ADDRESSES}`,
    );
  }
}

function summaryText(valid: number, duplicates: number, unreachable: number): string {
  const lines = [
    `${validAddresses(valid)} understood` +
      (duplicates > 0 ? ` (${duplicates} duplicate${duplicates === 1 ? '' : 's'} removed).` : '.'),
  ];
  if (unreachable > 0) {
    lines.push(
      `${unreachable} of them ${unreachable === 1 ? 'is' : 'are'} not reachable yet (nobody with that address has installed or talked to the bot). They stay on the list and are reported as unreachable when a campaign runs.`,
    );
  }
  return lines.join('\n\n');
}

function invalidText(invalid: string[]): string {
  const shown = invalid.slice(0, INVALID_SHOWN).map((entry) => `- ${excerpt(entry)}`);
  const more = invalid.length - shown.length;
  return [
    invalid.length === 1
      ? 'This entry is not a valid e-mail address:'
      : `These ${invalid.length} entries are not valid e-mail addresses:`,
    ...shown,
    ...(more > 0 ? [`- … and ${more} more`] : []),
  ].join('\n');
}

function validAddresses(addresses: number): string {
  return `${addresses} valid address${addresses === 1 ? '' : 'es'}`;
}
