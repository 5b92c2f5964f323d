/**
 * The summary shown before Confirm: every field of the draft in the admin's words, and the
 * message as the admin would get it, with a word on placeholders that will be empty.
 */
import type { Activity } from 'botbuilder';
import { userIdOf } from '../../src/bot/identity.js';
import type { Channel, CampaignDraft } from '../../src/domain/campaign.js';
import { personOf, type Person } from '../../src/domain/person.js';
import {
  emptyPlaceholders,
  placeholdersIn,
  renderMessage,
  type Placeholder,
} from '../../src/domain/placeholders.js';
import { ALL_USERS_LIST_ID } from '../../src/domain/recipients.js';
import { asPlainText } from '../../src/domain/text.js';
import { firstSendInstant } from '../../src/domain/workingTime.js';
import type { DialogDeps } from '../DialogDeps.js';
import { listLabel } from '../campaignDescription.js';
import { summaryLines, type Fact } from './fieldLines.js';
import type { FormSession } from './formSession.js';

export interface FormSummary {
  title: string;
  facts: Fact[];
  sampleTitle: string;
  sampleMessage: string;
  /** Placeholders the preview or some recipients get empty. */
  notes: string[];
}

export async function formSummary(
  deps: DialogDeps,
  activity: Activity,
  session: FormSession,
  draft: CampaignDraft,
): Promise<FormSummary> {
  const list =
    session.newList?.id === draft.listId
      ? session.newList
      : draft.listId === ALL_USERS_LIST_ID
        ? null
        : await deps.lists.get(draft.listId);
  const startsAt = firstSendInstant(draft, deps.clock.now());
  if (startsAt === null) {
    throw new RangeError('the reviewed draft has no working time left');
  }
  const sample = await samplePerson(deps, activity);
  return {
    title:
      session.mode === 'create'
        ? 'New campaign: summary'
        : `Campaign “${asPlainText(draft.name)}”: summary`,
    facts: summaryLines(draft, { listName: listLabel(draft.listId, list), startsAt }),
    sampleTitle: `The message as ${sample.fullName ?? 'you'} would get it:`,
    sampleMessage: renderMessage(draft.message, sample),
    notes: placeholderNotes(draft, sample),
  };
}

/** The summary as one Markdown message, for channels without cards. */
export function summaryMarkdown(summary: FormSummary): string {
  return [
    `**${summary.title}**`,
    summary.facts.map((fact) => `- ${fact.title}: ${fact.value}`).join('\n'),
    summary.sampleTitle,
    summary.sampleMessage
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n'),
    ...summary.notes,
  ].join('\n\n');
}

/** Who a placeholder stays empty for on a channel that gives no more than a display name. */
const EMPTY_ON_SKYPE: Partial<Record<Placeholder, string>> = {
  firstName: 'recipients whose Skype account shows no name',
  lastName: 'recipients whose Skype name is a single word',
  email: 'Skype accounts without an e-mail address',
};

function placeholderNotes(draft: CampaignDraft, sample: Person): string[] {
  const emptyForSample = emptyPlaceholders(draft.message, sample);
  const notes =
    emptyForSample.length === 0
      ? []
      : [
          `In this preview ${tokens(emptyForSample)} ${emptyForSample.length > 1 ? 'are empty: the channel does not give them' : 'is empty: the channel does not give it'} for you.`,
        ];
  return [...notes, ...channelNotes(draft.message, draft.channel)];
}

function channelNotes(message: string, channel: Channel): string[] {
  if (channel !== 'skype') {
    return [];
  }
  return placeholdersIn(message).flatMap((placeholder) => {
    const who = EMPTY_ON_SKYPE[placeholder];
    return who === undefined ? [] : [`${tokens([placeholder])} will be empty for ${who}.`];
  });
}

function tokens(placeholders: Placeholder[]): string {
  return placeholders.map((placeholder) => `{{${placeholder}}}`).join(', ');
}

/** The admin themself, as the sample recipient of the summary. */
async function samplePerson(deps: DialogDeps, activity: Activity): Promise<Person> {
  const user = await deps.campaigns.sampleRecipient(userIdOf(activity));
  return user === null ? { fullName: activity.from.name } : personOf(user);
}
