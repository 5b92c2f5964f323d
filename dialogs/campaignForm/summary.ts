/** The summary shown before Confirm: the draft's facts and the message as the admin would get it. */
import type { Activity } from 'botbuilder';
import { userIdOf } from '../../src/bot/identity.js';
import type { CampaignDraft } from '../../src/domain/campaign.js';
import { personOf, type Person } from '../../src/domain/person.js';
import { renderMessage } from '../../src/domain/placeholders.js';
import { ALL_USERS_LIST_ID } from '../../src/domain/recipients.js';
import { firstSendInstant } from '../../src/domain/workingTime.js';
import type { DialogDeps } from '../DialogDeps.js';
import { listLabel } from '../campaignDescription.js';
import { campaignFacts, type Fact } from './describe.js';
import type { FormSession } from './formSession.js';

export interface FormSummary {
  title: string;
  facts: Fact[];
  sampleTitle: string;
  sampleMessage: string;
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
      session.mode === 'create' ? 'New campaign: summary' : `Campaign “${draft.name}”: summary`,
    facts: campaignFacts(draft, listLabel(draft.listId, list), startsAt),
    sampleTitle: `The message as ${sample.fullName ?? 'you'} would get it:`,
    sampleMessage: renderMessage(draft.message, sample),
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
  ].join('\n\n');
}

/** The admin themself, as the sample recipient of the summary. */
async function samplePerson(deps: DialogDeps, activity: Activity): Promise<Person> {
  const user = await deps.campaigns.sampleRecipient(userIdOf(activity));
  return user === null ? { fullName: activity.from.name } : personOf(user);
}
