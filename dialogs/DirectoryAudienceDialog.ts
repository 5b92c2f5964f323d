/**
 * Choosing an audience from the organisation's directory, as a child of the campaign form:
 * a group found by typing part of its name, or everyone in the organisation. The choice is
 * saved as a list without addresses (its members are read when the campaign starts) and the
 * dialog ends with `{ listId }`. In Teams a card asks it (a search box, the groups found as
 * choices, a button for everyone); on Skype, text and choices.
 */
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
import directoryAudienceTemplate from '../cards/directoryAudience.json' with { type: 'json' };
import type { Directory, DirectoryGroup } from '../src/application/ports/Directory.js';
import { supportsCardInputs, tenantIdOf, userIdOf } from '../src/bot/identity.js';
import { renderCard } from '../src/cards/renderCard.js';
import { directoryAudienceId, type DirectoryAudience } from '../src/domain/directory.js';
import { asPlainText } from '../src/domain/text.js';
import {
  noGroupText,
  searchUnavailableText,
  sizeRefusedWarning,
} from '../src/directory/directoryReplies.js';
import { formatCount } from '../src/reports/reportFigures.js';
import type { DialogDeps } from './DialogDeps.js';
import { rejectWith } from './rejectWith.js';
import {
  AWAIT_CARD_SUBMIT,
  AwaitCardSubmitDialog,
  type AwaitCardSubmitOptions,
  type CardSubmit,
} from './campaignForm/AwaitCardSubmitDialog.js';

export const DIRECTORY_AUDIENCE_DIALOG = 'directoryAudienceDialog';

/** The audience, saved as a list without addresses. */
export interface DirectoryAudienceResult {
  listId: string;
}
/** What the admin types for everyone in the organisation. */
export const EVERYONE = 'everyone';
export const EVERYONE_NAME = 'Everyone in the organisation';
const EVERYONE_KIND = 'everyone in the organisation';

const STEPS = 'directoryAudience.steps';
const CARD_STEPS = 'directoryAudience.cardSteps';
/** The card's `card` key; its buttons' `choice` is `search`, `pick` or `everyone`. */
const CARD = 'directoryAudience';
const MIN_SEARCH_LENGTH = 2;
const SEARCH_PROMPT = 'directoryAudience.search';
const PICK_PROMPT = 'directoryAudience.pick';
const NONE_OF_THESE = 'None of these';

const ASK =
  "Type part of the group's name (a Microsoft 365 group, security group or distribution list), or “everyone” for everyone in the organisation.";

interface StepValues {
  groups: DirectoryGroup[];
}

/** One showing of the card: the search typed (kept), the groups it found, what went wrong. */
interface CardRound {
  search: string;
  groups: DirectoryGroup[];
  note: string;
}

export class DirectoryAudienceDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps & { directory: Directory }) {
    super(DIRECTORY_AUDIENCE_DIALOG);
    this.addDialog(new TextPrompt(SEARCH_PROMPT, (p) => this.validateSearch(p)))
      .addDialog(new ChoicePrompt(PICK_PROMPT, undefined, 'en-us'))
      .addDialog(new AwaitCardSubmitDialog())
      .addDialog(
        new WaterfallDialog(STEPS, [
          (step) => this.askSearch(step),
          (step) => this.search(step),
          (step) => this.pick(step),
        ]),
      )
      .addDialog(
        new WaterfallDialog<CardRound>(CARD_STEPS, [
          (step) => this.showCard(step),
          (step) => this.onCardSubmit(step),
        ]),
      );
    this.initialDialogId = STEPS;
  }

  private async askSearch(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (supportsCardInputs(step.context.activity.channelId)) {
      const first: CardRound = { search: '', groups: [], note: '' };
      return step.replaceDialog(CARD_STEPS, first);
    }
    return step.prompt(SEARCH_PROMPT, { prompt: ASK });
  }

  private async showCard(step: WaterfallStepContext<CardRound>): Promise<DialogTurnResult> {
    const { search, groups, note } = step.options;
    const question: AwaitCardSubmitOptions = {
      card: CARD,
      attachment: renderCard(directoryAudienceTemplate, {
        search,
        note,
        groups: groups.map((g) => ({ id: g.id, label: groupLabel(g) })),
      }),
      // A typed text is a search (the card's one text box).
      typed: { input: 'search', with: { choice: 'search' } },
    };
    return step.beginDialog(AWAIT_CARD_SUBMIT, question);
  }

  private async onCardSubmit(step: WaterfallStepContext<CardRound>): Promise<DialogTurnResult> {
    const submit = step.result as CardSubmit;
    const search = typeof submit['search'] === 'string' ? submit['search'].trim() : '';
    const again = (note: string, groups: DirectoryGroup[]) => {
      const round: CardRound = { search, groups, note };
      return step.replaceDialog(CARD_STEPS, round);
    };
    if (submit['choice'] === 'everyone') return this.saveEveryone(step);
    if (submit['choice'] === 'pick') {
      const group = step.options.groups.find((g) => g.id === submit['groupId']);
      if (group !== undefined) return this.saveGroup(step, group);
      return again(
        'Choose one of the groups found, then press “Use this group”.',
        step.options.groups,
      );
    }
    if (search.toLowerCase() === EVERYONE) return this.saveEveryone(step);
    if (search.length < MIN_SEARCH_LENGTH) {
      return again(
        `Type at least ${MIN_SEARCH_LENGTH} characters of the group's name, then press “Search”.`,
        [],
      );
    }
    const found = await this.deps.directory.searchGroups(search);
    if (found.kind === 'unavailable')
      return again(searchUnavailableText(found.status, this.deps.consentUrl), []);
    return again(noGroupText(search, found.groups), found.groups);
  }

  private async validateSearch(prompt: PromptValidatorContext<string>): Promise<boolean> {
    if ((prompt.recognized.value ?? '').trim().length >= MIN_SEARCH_LENGTH) return true;
    return rejectWith(prompt, `Please type at least 2 characters. ${ASK}`);
  }

  private async search(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const text = (step.result as string).trim();
    if (text.toLowerCase() === EVERYONE) return this.saveEveryone(step);
    const found = await this.deps.directory.searchGroups(text);
    const groups = found.kind === 'found' ? found.groups : [];
    if (groups.length === 0) {
      await step.context.sendActivity(
        found.kind === 'found'
          ? noGroupText(text, groups)
          : searchUnavailableText(found.status, this.deps.consentUrl),
      );
      return step.replaceDialog(STEPS);
    }
    (step.values as StepValues).groups = groups;
    return step.prompt(PICK_PROMPT, {
      prompt: 'Which group?',
      choices: [...groups.map(groupLabel), NONE_OF_THESE],
    });
  }

  private async pick(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const group = (step.values as StepValues).groups[(step.result as FoundChoice).index];
    if (group === undefined) return step.replaceDialog(STEPS);
    return this.saveGroup(step, group);
  }

  private saveEveryone(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return this.save(step, { kind: 'everyone' }, EVERYONE_NAME, {
      kind: EVERYONE_KIND,
      who: 'enabled member accounts',
    });
  }

  private saveGroup(step: WaterfallStepContext, group: DirectoryGroup): Promise<DialogTurnResult> {
    return this.save(step, { kind: 'group', groupId: group.id }, `Group: ${group.displayName}`, {
      kind: group.kind,
      who: `members of ${groupLabel(group)}, nested groups included`,
    });
  }

  /** Saves the audience as a list (once) and says how many people it holds today. */
  private async save(
    step: WaterfallStepContext,
    audience: DirectoryAudience,
    name: string,
    { kind, who }: { kind: string; who: string },
  ): Promise<DialogTurnResult> {
    const tenantId = tenantIdOf(step.context.activity);
    const listId = directoryAudienceId(audience, tenantId);
    const estimate = await this.deps.directory.estimateSize(
      audience.kind === 'group' ? audience.groupId : undefined,
    );
    const size = estimate.kind === 'counted' ? estimate.size : undefined;
    await this.deps.lists.saveDirectoryAudience({
      id: listId,
      name,
      tenantId,
      createdBy: userIdOf(step.context.activity),
      directoryAudience: { kind, ...(size === undefined ? {} : { estimatedSize: size }) },
    });
    const sizeText =
      size === undefined ? 'size unknown right now' : `about ${formatCount(size)} people`;
    const warning =
      estimate.kind === 'unknown'
        ? sizeRefusedWarning(estimate.status, audience, this.deps.consentUrl)
        : undefined;
    await step.context.sendActivity(
      [
        `“${asPlainText(name)}”: ${sizeText} (${asPlainText(who)}). The members are read when the campaign starts.`,
        ...(warning === undefined ? [] : [warning]),
      ].join('\n\n'),
    );
    const result: DirectoryAudienceResult = { listId };
    return step.endDialog(result);
  }
}

function groupLabel(group: DirectoryGroup): string {
  return `${group.displayName} (${group.kind})`;
}
