/**
 * Choosing people by what the directory says about them, as a child of the campaign form:
 * department, country, office, job title and company, each with values (any of them), all the
 * attributes given at once. Before it is saved, the directory counts it: a value that matches
 * nobody, or a rule nobody matches, is said and the question asked again with the rule kept.
 * The rule is saved as a list without addresses (its members are read when the campaign
 * starts) and the dialog ends with `{ listId }`. In Teams a card with one input per attribute;
 * on Skype, the rule typed as `department: Sales, Marketing; country: Germany`.
 */
import {
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import attributeAudienceTemplate from '../cards/attributeAudience.json' with { type: 'json' };
import type { Directory } from '../src/application/ports/Directory.js';
import { supportsCardInputs, tenantIdOf, userIdOf } from '../src/bot/identity.js';
import { renderCard } from '../src/cards/renderCard.js';
import type { Validation } from '../src/domain/campaignValidation.js';
import { directoryAudienceId, type DirectoryAudience } from '../src/domain/directory.js';
import {
  ATTRIBUTE_LABELS,
  DIRECTORY_ATTRIBUTES,
  parseAttributeRule,
  RULE_EXAMPLE,
  ruleFromInputs,
  ruleInputs,
  ruleSentence,
  ruleText,
  type AttributeRule,
  type DirectoryAttribute,
} from '../src/domain/directoryAttributes.js';
import { asPlainText, clip } from '../src/domain/text.js';
import {
  nobodyMatchesText,
  sizeRefusedWarning,
  unmatchedValuesText,
} from '../src/directory/directoryReplies.js';
import { formatCount } from '../src/reports/reportFigures.js';
import type { DialogDeps } from './DialogDeps.js';
import type { DirectoryAudienceResult } from './DirectoryAudienceDialog.js';
import {
  AWAIT_CARD_SUBMIT,
  AwaitCardSubmitDialog,
  type AwaitCardSubmitOptions,
  type CardSubmit,
} from './campaignForm/AwaitCardSubmitDialog.js';

export const ATTRIBUTE_AUDIENCE_DIALOG = 'attributeAudienceDialog';
/** The audience step's choice that starts this dialog. */
export const BY_ATTRIBUTES_TITLE = 'People by department, country or office';
/** What `lists` says such a list is. */
const KIND = 'people by department, country or office';

const TEXT_STEPS = 'attributeAudience.textSteps';
const CARD_STEPS = 'attributeAudience.cardSteps';
const RULE_PROMPT = 'attributeAudience.rule';
/** The card's `card` key; its button's `choice` is `use`. A typed text is a rule (`rule`). */
const CARD = 'attributeAudience';
/** A list name holds the rule in words; a long rule is cut so `lists` stays readable. */
const NAME_MAX_LENGTH = 200;

const ASK = `Which people? Type each attribute with its values, as in “${RULE_EXAMPLE}”: values of one attribute separated by commas (anyone with one of them), attributes by semicolons (people who match all of them). Attributes: ${DIRECTORY_ATTRIBUTES.map((a) => ATTRIBUTE_LABELS[a]).join(', ')}.`;

/** One asking of the rule: what went wrong with the last answer, and that answer (kept). */
interface TextRound {
  note: string;
  typed: string;
}

/** One showing of the card: the inputs as last submitted (kept), what went wrong. */
interface CardRound {
  inputs: Record<DirectoryAttribute, string>;
  note: string;
}

/** What to do with a rule that cannot be saved: say why and ask again, the answer kept. */
type AskAgain = (note: string) => Promise<DialogTurnResult>;

export class AttributeAudienceDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps & { directory: Directory }) {
    super(ATTRIBUTE_AUDIENCE_DIALOG);
    this.addDialog(new TextPrompt(RULE_PROMPT))
      .addDialog(new AwaitCardSubmitDialog())
      .addDialog(
        new WaterfallDialog<TextRound>(TEXT_STEPS, [
          (step) => this.askRule(step),
          (step) => this.onRule(step),
        ]),
      )
      .addDialog(
        new WaterfallDialog<CardRound>(CARD_STEPS, [
          (step) => this.showCard(step),
          (step) => this.onCardSubmit(step),
        ]),
      );
    this.initialDialogId = TEXT_STEPS;
  }

  // Text (Skype)

  private async askRule(step: WaterfallStepContext<TextRound>): Promise<DialogTurnResult> {
    if (supportsCardInputs(step.context.activity.channelId)) {
      const first: CardRound = { inputs: ruleInputs([]), note: '' };
      return step.replaceDialog(CARD_STEPS, first);
    }
    const { note = '', typed = '' } = step.options;
    const kept = typed === '' ? '' : `Your answer was: ${asPlainText(typed)}`;
    const prompt = [note, kept, ASK].filter((part) => part !== '').join('\n\n');
    return step.prompt(RULE_PROMPT, { prompt });
  }

  private async onRule(step: WaterfallStepContext<TextRound>): Promise<DialogTurnResult> {
    const typed = (step.result as string).trim();
    const again: AskAgain = (note) => {
      const round: TextRound = { note, typed };
      return step.replaceDialog(TEXT_STEPS, round);
    };
    return this.choose(step, parseAttributeRule(typed), again);
  }

  // Card (Teams)

  private async showCard(step: WaterfallStepContext<CardRound>): Promise<DialogTurnResult> {
    const { inputs, note } = step.options;
    const question: AwaitCardSubmitOptions = {
      card: CARD,
      attachment: renderCard(attributeAudienceTemplate, { ...inputs, note }),
      typed: { input: 'rule', with: { choice: 'use' } },
    };
    return step.beginDialog(AWAIT_CARD_SUBMIT, question);
  }

  private async onCardSubmit(step: WaterfallStepContext<CardRound>): Promise<DialogTurnResult> {
    const submit = step.result as CardSubmit;
    const typed = submit['rule'];
    const rule =
      typeof typed === 'string' ? parseAttributeRule(typed) : ruleFromInputs(inputsOf(submit));
    const inputs = typeof typed === 'string' ? step.options.inputs : inputsOf(submit);
    const again: AskAgain = (note) => {
      const round: CardRound = { inputs: rule.ok ? ruleInputs(rule.value) : inputs, note };
      return step.replaceDialog(CARD_STEPS, round);
    };
    return this.choose(step, rule, again);
  }

  // Both

  /** Counts the rule: saves it when every value matches someone and so does the whole rule. */
  private async choose(
    step: WaterfallStepContext,
    parsed: Validation<AttributeRule>,
    again: AskAgain,
  ): Promise<DialogTurnResult> {
    if (!parsed.ok) return again(`That cannot be used: ${parsed.error}`);
    const rule = parsed.value;
    const count = await this.deps.directory.countByAttributes(rule);
    if (count.kind === 'counted' && count.unmatched.length > 0) {
      return again(unmatchedValuesText(count.unmatched));
    }
    if (count.kind === 'counted' && count.size === 0) return again(nobodyMatchesText(rule));
    const audience: DirectoryAudience = { kind: 'attributes', rule };
    const tenantId = tenantIdOf(step.context.activity);
    const listId = directoryAudienceId(audience, tenantId);
    const name = clip(`People: ${ruleSentence(rule)}`, NAME_MAX_LENGTH);
    const size = count.kind === 'counted' ? count.size : undefined;
    await this.deps.lists.saveDirectoryAudience({
      id: listId,
      name,
      tenantId,
      createdBy: userIdOf(step.context.activity),
      directoryAudience: { kind: KIND, ...(size === undefined ? {} : { estimatedSize: size }) },
    });
    const sizeText =
      size === undefined
        ? 'size unknown right now, its values not checked'
        : `about ${formatCount(size)} ${size === 1 ? 'person' : 'people'}`;
    const warning =
      count.kind === 'unknown'
        ? sizeRefusedWarning(count.status, audience, this.deps.consentUrl)
        : undefined;
    await step.context.sendActivity(
      [
        `“${asPlainText(name)}”: ${sizeText} (enabled accounts with ${asPlainText(ruleText(rule))}). The members are read when the campaign starts.`,
        ...(warning === undefined ? [] : [warning]),
      ].join('\n\n'),
    );
    const result: DirectoryAudienceResult = { listId };
    return step.endDialog(result);
  }
}

/** The card's inputs as submitted; a missing or odd input is empty. */
function inputsOf(submit: CardSubmit): Record<DirectoryAttribute, string> {
  const inputs = ruleInputs([]);
  for (const attribute of DIRECTORY_ATTRIBUTES) {
    const value = submit[attribute];
    if (typeof value === 'string') inputs[attribute] = value;
  }
  return inputs;
}
