/** The campaign form's Adaptive Cards, filled from the form values (cards/campaign*.json). */
import type { Attachment } from 'botbuilder';
import basicsTemplate from '../../cards/campaignBasics.json' with { type: 'json' };
import audienceTemplate from '../../cards/campaignAudience.json' with { type: 'json' };
import scheduleTemplate from '../../cards/campaignSchedule.json' with { type: 'json' };
import summaryTemplate from '../../cards/campaignSummary.json' with { type: 'json' };
import { renderCard } from '../../src/cards/renderCard.js';
import { MESSAGE_MAX_LENGTH } from '../../src/domain/campaignValidation.js';
import { clip } from '../../src/domain/text.js';
import { PRESENCE_NOT_CONFIGURED, type Fact } from './describe.js';
import {
  ITEM_LABELS,
  type FormItem,
  type FormValues,
} from '../../src/application/campaignFormValues.js';

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

/**
 * The basics or schedule card showing only `items`, pre-filled with `values`; the date picker
 * starts at `today` (yyyy-MM-dd in the form's zone).
 */
export function itemsCard(
  card: Exclude<FormCard, 'campaignAudience'>,
  items: FormItem[],
  values: FormValues,
  text: CardText & { presenceConfigured: boolean; today: string },
): Attachment {
  const show = Object.fromEntries(items.map((item) => [item, true]));
  const showsSchedule = card === 'campaignSchedule' && items.includes('weekdays');
  const attachment = renderCard(card === 'campaignBasics' ? basicsTemplate : scheduleTemplate, {
    ...prefill(values),
    ...text,
    show,
    presenceNote: showsSchedule && !text.presenceConfigured ? PRESENCE_NOT_CONFIGURED : '',
  });
  if (/^\d+$/.test(values.durationDays)) {
    setDurationValue(attachment.content, Number(values.durationDays));
  }
  return attachment;
}

/**
 * What was entered, wrong answers included, cut to what a field can hold: a card re-sent with a
 * pasted page in it would exceed Teams' 28 KB message limit and be lost.
 */
function prefill(values: FormValues): FormValues {
  const clipped = { ...values };
  for (const field of Object.keys(values) as (keyof FormValues)[]) {
    clipped[field] = clip(
      values[field],
      field === 'message' ? MESSAGE_MAX_LENGTH : PREFILL_MAX_LENGTH,
    );
  }
  return clipped;
}

/** Longer than any valid name, zone or time, short enough to keep the card small. */
const PREFILL_MAX_LENGTH = 200;

/**
 * Input.Number's value must be a number, or absent: the template leaves it out, and a number of
 * days already entered is put in here (a "${durationDays}" binding would yield null or a string).
 */
function setDurationValue(node: unknown, days: number): void {
  if (Array.isArray(node)) {
    node.forEach((child) => setDurationValue(child, days));
  } else if (typeof node === 'object' && node !== null) {
    const element = node as Record<string, unknown>;
    if (element.type === 'Input.Number' && element.id === 'durationDays') {
      element.value = days;
    }
    Object.values(element).forEach((child) => setDurationValue(child, days));
  }
}

export function audienceCard(
  lists: { id: string; name: string }[],
  listId: string,
  text: CardText & { directory?: boolean },
): Attachment {
  return renderCard(audienceTemplate, { directory: false, ...text, lists, listId });
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
