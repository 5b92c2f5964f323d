/**
 * The campaign form's Adaptive Cards (cards/campaign*.json): the fields of one card with their
 * inputs from the field presentation table, filled from the form; the audience card; the summary.
 */
import type { Attachment } from 'botbuilder';
import fieldsTemplate from '../../cards/campaignFields.json' with { type: 'json' };
import audienceTemplate from '../../cards/campaignAudience.json' with { type: 'json' };
import summaryTemplate from '../../cards/campaignSummary.json' with { type: 'json' };
import { renderCard } from '../../src/cards/renderCard.js';
import type { CampaignField, FormValues } from '../../src/domain/campaignFields.js';
import { MESSAGE_MAX_LENGTH } from '../../src/domain/campaignValidation.js';
import { clip } from '../../src/domain/text.js';
import type { Fact } from './fieldLines.js';
import {
  FIELD_PRESENTATION,
  labelOf,
  PRESENCE_NOT_CONFIGURED,
  type FormCard,
} from './fieldPresentation.js';

export const SUMMARY_CARD = 'campaignSummary';

export function cardOf(field: CampaignField): FormCard {
  return FIELD_PRESENTATION[field].card;
}

export interface CardText {
  title: string;
  submitTitle: string;
}

/**
 * The card of `fields` showing only their inputs, pre-filled with `values`; the date picker
 * starts at `today` (yyyy-MM-dd in the form's zone).
 */
export function fieldsCard(
  card: Exclude<FormCard, 'campaignAudience'>,
  fields: CampaignField[],
  values: FormValues,
  text: CardText & { presenceConfigured: boolean; today: string },
): Attachment {
  const inputs = fields.flatMap(
    (field) => FIELD_PRESENTATION[field].inputs?.(prefill(field, values), text.today) ?? [],
  );
  // Where the presence policy would be asked, when the whole schedule is shown.
  const showsSchedule = card === 'campaignSchedule' && fields.includes('weekdays');
  return renderCard(fieldsTemplate, {
    title: text.title,
    submitTitle: text.submitTitle,
    card,
    inputs,
    note: showsSchedule && !text.presenceConfigured ? PRESENCE_NOT_CONFIGURED : '',
  });
}

/**
 * What was entered, wrong answers included, cut to what a field can hold: a card re-sent with a
 * pasted page in it would exceed Teams' 28 KB message limit and be lost.
 */
function prefill(field: CampaignField, values: FormValues): string {
  return clip(values[field], field === 'message' ? MESSAGE_MAX_LENGTH : PREFILL_MAX_LENGTH);
}

/** Longer than any valid name, zone or time, short enough to keep the card small. */
const PREFILL_MAX_LENGTH = 200;

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
  notes: string[];
  fields: CampaignField[];
}): Attachment {
  return renderCard(summaryTemplate, {
    title: data.title,
    facts: data.facts,
    sampleTitle: data.sampleTitle,
    sampleMessage: data.sampleMessage,
    notes: data.notes.map((text) => ({ text })),
    fields: data.fields.map((field) => ({ title: labelOf(field), value: field })),
  });
}
