/** The campaign form's Adaptive Cards, filled from the form values (cards/campaign*.json). */
import type { Attachment } from 'botbuilder';
import basicsTemplate from '../../cards/campaignBasics.json' with { type: 'json' };
import audienceTemplate from '../../cards/campaignAudience.json' with { type: 'json' };
import scheduleTemplate from '../../cards/campaignSchedule.json' with { type: 'json' };
import summaryTemplate from '../../cards/campaignSummary.json' with { type: 'json' };
import { renderCard } from '../../src/cards/renderCard.js';
import { PRESENCE_NOT_CONFIGURED, type Fact } from './describe.js';
import { ITEM_LABELS, type FormItem, type FormValues } from './formValues.js';

/** The card an item is asked on; it is also the `card` key its submit data carries. */
export type FormCard = 'campaignBasics' | 'campaignAudience' | 'campaignSchedule';

export const SUMMARY_CARD = 'campaignSummary';

export function cardOf(item: FormItem): FormCard {
  switch (item) {
    case 'name':
    case 'message':
    case 'channel':
      return 'campaignBasics';
    case 'listId':
      return 'campaignAudience';
    default:
      return 'campaignSchedule';
  }
}

export interface CardText {
  title: string;
  submitTitle: string;
}

/** The basics or schedule card showing only `items`, pre-filled with `values`. */
export function itemsCard(
  card: Exclude<FormCard, 'campaignAudience'>,
  items: FormItem[],
  values: FormValues,
  text: CardText & { presenceConfigured: boolean },
): Attachment {
  const show = Object.fromEntries(items.map((item) => [item, true]));
  const durationDays = /^\d+$/.test(values.durationDays) ? Number(values.durationDays) : null;
  const showsSchedule = card === 'campaignSchedule' && items.includes('weekdays');
  return renderCard(card === 'campaignBasics' ? basicsTemplate : scheduleTemplate, {
    ...values,
    durationDays,
    ...text,
    show,
    presenceNote: showsSchedule && !text.presenceConfigured ? PRESENCE_NOT_CONFIGURED : '',
  });
}

export function audienceCard(
  lists: { id: string; name: string }[],
  listId: string,
  text: CardText,
): Attachment {
  return renderCard(audienceTemplate, { ...text, lists, listId });
}

export function summaryCard(data: {
  title: string;
  facts: Fact[];
  sampleTitle: string;
  sampleMessage: string;
  items: FormItem[];
}): Attachment {
  return renderCard(summaryTemplate, {
    title: data.title,
    facts: data.facts,
    sampleTitle: data.sampleTitle,
    sampleMessage: data.sampleMessage,
    fields: data.items.map((item) => ({ title: ITEM_LABELS[item], value: item })),
  });
}
