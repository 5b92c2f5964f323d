/**
 * A campaign's fields in the admin's words, one line each, from the field presentation table:
 * the summary before Confirm shows every field of the form, `info` the lines it has always shown.
 */
import type { CampaignDraft } from '../../src/domain/campaign.js';
import { CAMPAIGN_FIELDS, type CampaignField } from '../../src/domain/campaignFields.js';
import { FIELD_PRESENTATION, type LineView } from './fieldPresentation.js';

export interface Fact {
  title: string;
  value: string;
}

/** The summary's lines of `fields` (the fields of the form). */
export function summaryLines(
  draft: CampaignDraft,
  view: LineView,
  fields: readonly CampaignField[] = CAMPAIGN_FIELDS,
): Fact[] {
  return fields.flatMap((field) => {
    const line = FIELD_PRESENTATION[field].line;
    return line === undefined ? [] : [{ title: line.title, value: line.value(draft, view) }];
  });
}

/** `info`'s field lines of a saved campaign. */
export function infoLines(draft: CampaignDraft, view: LineView): Fact[] {
  return CAMPAIGN_FIELDS.flatMap((field) => {
    const { line, infoLine } = FIELD_PRESENTATION[field];
    if (line === undefined || infoLine === null) {
      return [];
    }
    const { title, value } = { ...line, ...infoLine };
    return [{ title, value: value(draft, view) }];
  });
}
