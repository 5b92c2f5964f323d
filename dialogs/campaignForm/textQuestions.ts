/**
 * The form as plain-text questions, for channels that cannot render card inputs (Skype):
 * one item per question, the current value offered with "ok".
 */
import type { ChoiceOption } from '../../src/domain/answers.js';
import type { Weekday } from '../../src/domain/campaign.js';
import { validateOpeningHoursRange, type Validation } from '../../src/domain/campaignValidation.js';
import { PLACEHOLDERS } from '../../src/domain/placeholders.js';
import { describeWeekdays } from '../campaignDescription.js';
import type { FormItem, FormValues } from '../../src/application/campaignFormValues.js';

export const KEEP_ANSWER = 'ok';

/** Items answered by picking one of a few options. */
export const CHOICE_ITEMS: Partial<
  Record<FormItem, { question: string; choices: ChoiceOption[] }>
> = {
  channel: {
    question: 'Which channel is the campaign sent on?',
    choices: [
      { value: 'teams', title: 'Teams' },
      { value: 'skype', title: 'Skype' },
    ],
  },
  presencePolicy: {
    question: 'Send the message when the recipient is…',
    choices: [
      { value: 'available', title: 'Available only' },
      { value: 'available-away-busy', title: 'Available, Away or Busy' },
    ],
  },
};

const QUESTIONS: Record<Exclude<FormItem, 'channel' | 'presencePolicy' | 'listId'>, string> = {
  name: 'What is the campaign name? (1–80 characters, unique)',
  message: `What message should recipients get? Markdown is fine; placeholders: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`,
  timeZone: "Which time zone do the campaign's dates and hours use? (IANA name, e.g. Europe/Paris)",
  startDate: 'On which day does the campaign start? (yyyy-MM-dd or dd/MM/yyyy, today or later)',
  durationDays: 'How many days does it last? (1–30)',
  hours: 'What are the working hours? (opening-closing, 24-hour clock, e.g. 09:00-18:00)',
  weekdays: 'Which are the working weekdays? (e.g. Mon-Fri, or mon, wed, fri)',
};

export type TextItem = keyof typeof QUESTIONS;

export function isTextItem(item: FormItem): item is TextItem {
  return item in QUESTIONS;
}

/** The question, with the current value offered when there is one. */
export function textQuestion(item: TextItem, values: FormValues): string {
  const current = currentText(item, values);
  return current === ''
    ? QUESTIONS[item]
    : `${QUESTIONS[item]} Reply ${KEEP_ANSWER} to keep ${current}.`;
}

function currentText(item: TextItem, values: FormValues): string {
  switch (item) {
    case 'message':
      return values.message === '' ? '' : 'the current message';
    case 'hours':
      return values.open === '' || values.close === '' ? '' : `${values.open}-${values.close}`;
    case 'weekdays': {
      const days = values.weekdays.split(',').filter((day) => /^[1-7]$/.test(day));
      return days.length === 0 ? '' : describeWeekdays(days.map(Number) as Weekday[]);
    }
    default:
      return values[item];
  }
}

/** The form values with `answer` put in the item's fields ("ok" keeps the current value). */
export function withTextAnswer(
  item: TextItem,
  answer: string,
  values: FormValues,
): Validation<FormValues> {
  if (answer.trim().toLowerCase() === KEEP_ANSWER && currentText(item, values) !== '') {
    return { ok: true, value: values };
  }
  if (item === 'hours') {
    const hours = validateOpeningHoursRange(answer);
    return hours.ok ? { ok: true, value: { ...values, ...hours.value } } : hours;
  }
  return { ok: true, value: { ...values, [item]: answer } };
}
