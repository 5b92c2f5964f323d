/**
 * The form as plain-text questions, for channels that cannot render card inputs (Skype): one
 * field per question, as the field presentation table words it, the current value offered with "ok".
 */
import type { ChoiceOption } from '../../src/domain/answers.js';
import type { CampaignField, FormValues } from '../../src/domain/campaignFields.js';
import { FIELD_PRESENTATION } from './fieldPresentation.js';

export const KEEP_ANSWER = 'ok';

/** How the field is asked in text: a typed answer, one of a few choices, or the list dialog. */
export function questionOf(field: CampaignField) {
  return FIELD_PRESENTATION[field].question;
}

/** The choices of a field answered by picking one, else undefined. */
export function choicesOf(field: CampaignField): ChoiceOption[] | undefined {
  const question = questionOf(field);
  return question.kind === 'choice' ? question.choices : undefined;
}

/** The question, with the current value offered when there is one. */
export function textQuestion(field: CampaignField, values: FormValues): string {
  const question = questionOf(field);
  const text = question.kind === 'list' ? '' : question.question;
  const current = currentText(field, values);
  return current === '' ? text : `${text} Reply ${KEEP_ANSWER} to keep ${current}.`;
}

function currentText(field: CampaignField, values: FormValues): string {
  const question = questionOf(field);
  const current = question.kind === 'text' ? question.current : undefined;
  return current === undefined ? values[field] : current(values[field]);
}

/** The form values with `answer` as the field's text ("ok" keeps the current value). */
export function withTextAnswer(
  field: CampaignField,
  answer: string,
  values: FormValues,
): FormValues {
  if (answer.trim().toLowerCase() === KEEP_ANSWER && currentText(field, values) !== '') {
    return values;
  }
  return { ...values, [field]: answer };
}
