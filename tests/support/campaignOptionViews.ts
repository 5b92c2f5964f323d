/**
 * Where the campaign options show in the form, the summary and `info`. Tests about the core fields
 * assert those exactly with the options left out, so that a new option, which brings its own
 * tests, changes none of them; the option tests find theirs with these names.
 */
import { FIELD_PRESENTATION } from '../../dialogs/campaignForm/fieldPresentation.js';
import type { CampaignField } from '../../src/domain/campaignFields.js';
import { CAMPAIGN_OPTION_NAMES } from '../../src/domain/campaignOptions.js';

/** The titles an option's lines carry in the summary and `info`. */
export function optionLineTitles(): Set<string> {
  return new Set(
    CAMPAIGN_OPTION_NAMES.flatMap((name) => {
      // Widened: the type of an empty option table's names is `never`.
      const { line, infoLine } = FIELD_PRESENTATION[name as CampaignField];
      return [line?.title, infoLine?.title].filter((title) => title !== undefined);
    }),
  );
}

/** Form values, or card inputs (an option's input is named after it), without the options'. */
export function withoutOptionFields<T>(shown: Record<string, T>): Record<string, T> {
  const options = new Set<string>(CAMPAIGN_OPTION_NAMES);
  return Object.fromEntries(Object.entries(shown).filter(([key]) => !options.has(key)));
}

/** Summary or `info` facts, by title, without the options' lines. */
export function withoutOptionLines<T>(facts: Record<string, T>): Record<string, T> {
  const titles = optionLineTitles();
  return Object.fromEntries(Object.entries(facts).filter(([title]) => !titles.has(title)));
}

/** `info` as text (Skype), without the options' "Title: value" lines. */
export function withoutOptionTextLines(text: string): string {
  const titles = optionLineTitles();
  return text
    .split('\n')
    .filter((line) => ![...titles].some((title) => line.startsWith(`${title}: `)))
    .join('\n');
}
