/**
 * `new list`: a mailing list created by pasting addresses (SPEC.md: Recipient lists). Also started as
 * a child of the campaign form, so it ends with `{ listId }` and sends nothing after saving.
 */
import { randomUUID } from 'node:crypto';
import { MessageFactory } from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { tenantIdOf, userIdOf } from '../src/bot/identity.js';
import { parseEmailList } from '../src/domain/emailList.js';
import { DuplicateError } from '../src/store/Store.js';
import type { DialogDeps } from './DialogDeps.js';
import { ALL_USERS_LIST_NAME } from './campaignDescription.js';
import { countReachable } from './reachability.js';
import { rejectWith } from './rejectWith.js';

export const NEW_LIST_DIALOG = 'newListDialog';

export interface NewListResult {
  listId: string;
}

const NAME_STEPS = 'newList.name';
const ADDRESS_STEPS = 'newList.addresses';
const NAME_PROMPT = 'newList.namePrompt';
const ADDRESSES_PROMPT = 'newList.addressesPrompt';
const FIX_OR_CONTINUE_PROMPT = 'newList.fixOrContinue';

const MAX_NAME_LENGTH = 80;
/** Invalid entries listed one by one; beyond this only their number is given, to fit a chat message. */
const INVALID_SHOWN = 50;
const FIX = 'Fix the list';
const CONTINUE = 'Continue without them';

const ASK_ADDRESSES =
  'Paste the e-mail addresses, separated by commas, semicolons, spaces or new lines.';

interface AddressStepsOptions {
  name: string;
}

interface AddressStepsValues {
  emails: string[];
}

export class NewListDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(NEW_LIST_DIALOG);
    this.addDialog(new TextPrompt(NAME_PROMPT, (p) => this.validateName(p)))
      .addDialog(new TextPrompt(ADDRESSES_PROMPT, (p) => this.validateAddresses(p)))
      .addDialog(new ChoicePrompt(FIX_OR_CONTINUE_PROMPT, undefined, 'en-us'))
      .addDialog(
        new WaterfallDialog(NAME_STEPS, [
          (step) => this.askName(step),
          (step) => this.continueWithAddresses(step),
          (step) => step.endDialog(step.result),
        ]),
      )
      .addDialog(
        new WaterfallDialog(ADDRESS_STEPS, [
          (step) => this.askAddresses(step),
          (step) => this.review(step),
          (step) => this.fixOrSave(step),
        ]),
      );
    this.initialDialogId = NAME_STEPS;
  }

  private async askName(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(NAME_PROMPT, {
      prompt: MessageFactory.text(
        `What should the new list be called? (1–${MAX_NAME_LENGTH} characters)`,
      ),
    });
  }

  private async continueWithAddresses(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options: AddressStepsOptions = { name: (step.result as string).trim() };
    return step.beginDialog(ADDRESS_STEPS, options);
  }

  private async askAddresses(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { name } = step.options as AddressStepsOptions;
    return step.prompt(ADDRESSES_PROMPT, {
      prompt: MessageFactory.text(`Which addresses are on “${name}”? ${ASK_ADDRESSES}`),
    });
  }

  /** Reports what was understood; asks only when some entries would be left out. */
  private async review(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const parsed = parseEmailList(step.result as string);
    const tenantId = tenantIdOf(step.context.activity);
    const unreachable =
      parsed.valid.length - (await countReachable(this.deps.users, tenantId, parsed.valid));
    (step.values as AddressStepsValues).emails = parsed.valid;
    await step.context.sendActivity(
      summaryText(parsed.valid.length, parsed.duplicates, unreachable),
    );
    if (parsed.invalid.length === 0) {
      return this.save(step);
    }
    return step.prompt(FIX_OR_CONTINUE_PROMPT, {
      prompt: MessageFactory.text(
        `${invalidText(parsed.invalid)}\n\nFix the list, or continue without them?`,
      ),
      choices: [FIX, CONTINUE],
    });
  }

  private async fixOrSave(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const choice = (step.result as FoundChoice).value;
    if (choice === FIX) {
      return step.replaceDialog(ADDRESS_STEPS, step.options);
    }
    return this.save(step);
  }

  private async save(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { name } = step.options as AddressStepsOptions;
    const { emails } = step.values as AddressStepsValues;
    const activity = step.context.activity;
    const listId = randomUUID();
    try {
      await this.deps.lists.create({
        id: listId,
        tenantId: tenantIdOf(activity),
        name,
        emails,
        createdBy: userIdOf(activity),
        createdAt: this.deps.clock.now().toMillis(),
      });
    } catch (error) {
      if (error instanceof DuplicateError) {
        // Someone saved a list with this name while the admin was pasting: start over from the name.
        await step.context.sendActivity(`A list named “${name}” was created meanwhile.`);
        return step.replaceDialog(NAME_STEPS);
      }
      throw error;
    }
    this.deps.logger.info({ listId, addresses: emails.length }, 'mailing list created');
    await step.context.sendActivity(
      `Saved the list “${name}” with ${validAddresses(emails.length)}.`,
    );
    const result: NewListResult = { listId };
    return step.endDialog(result);
  }

  private async validateName(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const name = (prompt.recognized.value ?? '').trim();
    if (!prompt.recognized.succeeded || name === '') {
      return rejectWith(prompt, 'Please type a name for the list.');
    }
    if (name.length > MAX_NAME_LENGTH) {
      return rejectWith(
        prompt,
        `That name has ${name.length} characters; the limit is ${MAX_NAME_LENGTH}. Please type a shorter one.`,
      );
    }
    const tenantId = tenantIdOf(prompt.context.activity);
    const taken =
      name.toLowerCase() === ALL_USERS_LIST_NAME.toLowerCase() ||
      (await this.deps.lists.findByName(tenantId, name)) !== null;
    if (taken) {
      return rejectWith(
        prompt,
        `There is already a list named “${name}”. Please choose another name.`,
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
  const shown = invalid.slice(0, INVALID_SHOWN).map((entry) => `- ${entry}`);
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
