/**
 * How each campaign field is shown and asked in chat, declared once per field and keyed by the
 * field names of src/domain/campaignFields.ts (which holds their rules): its label, the card it is
 * asked on and its inputs there, its question in text (Skype), and its line in the summary and in
 * `info`. The card form, the text form, the summary and `info` iterate over this table.
 */
import type { DateTime } from 'luxon';
import type { CampaignDraft, Weekday } from '../../src/domain/campaign.js';
import type { ChoiceOption } from '../../src/domain/answers.js';
import type { CampaignField } from '../../src/domain/campaignFields.js';
import { isCampaignOption } from '../../src/domain/campaignOptions.js';
import {
  DURATION_MAX_DAYS,
  DURATION_MIN_DAYS,
  NAME_MAX_LENGTH,
  MESSAGE_MAX_LENGTH,
} from '../../src/domain/campaignValidation.js';
import { PLACEHOLDERS } from '../../src/domain/placeholders.js';
import { MAX_REMINDER_DELAY_HOURS, MAX_REMINDERS } from '../../src/domain/reminders.js';
import { asPlainText } from '../../src/domain/text.js';
import {
  channelLabel,
  describeAcknowledgement,
  describeDuration,
  describePresencePolicy,
  describeReminders,
  describeWeekdays,
  describeWorkingHours,
  readableEnteredStart,
} from '../campaignDescription.js';

/** The card a field is asked on; it is also the `card` key its submit data carries. */
export type FormCard = 'campaignBasics' | 'campaignAudience' | 'campaignSchedule';

/** An Adaptive Card element, as the JSON of cards/*.json. */
export type CardElement = Record<string, unknown>;

export type Question =
  | { kind: 'text'; question: string; current?: (text: string) => string }
  | { kind: 'choice'; question: string; choices: ChoiceOption[] }
  /** Asked by ChooseListDialog: a list, or a new one made on the spot. */
  | { kind: 'list' };

/** What a field's line needs besides the campaign. */
export interface LineView {
  listName: string;
  /** When sending can begin; null when the period has no working time. */
  startsAt: DateTime | null;
}

export interface Line {
  title: string;
  value: (draft: CampaignDraft, view: LineView) => string;
}

interface FieldPresentation {
  label: string;
  card: FormCard;
  /** Its inputs on its card, filled with the form's text; absent on the audience card's field. */
  inputs?: (text: string, today: string) => CardElement[];
  /** Its text from a submit of its card. Default: the input named after the field. */
  fromCard?: (submit: Record<string, unknown>) => string;
  question: Question;
  /** Asked in text on a new campaign; the others keep their defaults, shown in the summary. */
  askedInText?: true;
  /** Its line in the summary and in `info`; absent: shown otherwise (the message, below them). */
  line?: Line;
  /** What `info` says otherwise; null: not in `info` (the title names the campaign, hours take days and zone). */
  infoLine?: Partial<Line> | null;
}

export const PRESENCE_NOT_CONFIGURED =
  "Presence: no presence source is configured, so messages are sent whatever the recipient's presence.";

export const CHANNEL_CHOICES: ChoiceOption[] = [
  { value: 'teams', title: 'Teams' },
  { value: 'skype', title: 'Skype' },
];

const PRESENCE_CHOICES: ChoiceOption[] = [
  { value: 'available', title: 'Available only' },
  { value: 'available-away-busy', title: 'Available, Away or Busy' },
];

const ACKNOWLEDGEMENT_CHOICES: ChoiceOption[] = [
  { value: 'off', title: 'No' },
  { value: 'on', title: 'Yes' },
];

const RECIPIENT_HOURS_CHOICES: ChoiceOption[] = [
  { value: 'on', title: 'On', synonyms: ['each recipient', 'their own hours'] },
  { value: 'off', title: 'Off', synonyms: ['campaign', "the campaign's hours"] },
];

const WEEKDAY_CHOICES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
].map((title, index) => ({ title, value: String(index + 1) }));

const TIME_SEPARATOR = /\s*(?:-|–|\bto\b)\s*/i;

/** "09:00-18:00" → ["09:00", "18:00"]; what cannot be split goes in the opening time. */
function splitHours(text: string): [string, string] {
  const parts = text.split(TIME_SEPARATOR);
  return parts.length === 2 ? [parts[0] ?? '', parts[1] ?? ''] : [text, ''];
}

function choiceSet(id: string, label: string, text: string, choices: ChoiceOption[]): CardElement {
  return {
    type: 'Input.ChoiceSet',
    id,
    label,
    style: 'expanded',
    value: text,
    choices: choices.map(({ title, value }) => ({ title, value })),
  };
}

function timeInput(id: string, label: string, text: string): CardElement {
  return {
    type: 'Column',
    items: [
      {
        type: 'Input.Time',
        id,
        label,
        value: text,
        isRequired: true,
        errorMessage: `Enter the ${label.toLowerCase()}.`,
      },
    ],
  };
}

const placeholderList = PLACEHOLDERS.map((p) => `{{${p}}}`);

export const FIELD_PRESENTATION: Record<CampaignField, FieldPresentation> = {
  name: {
    label: 'Name',
    card: 'campaignBasics',
    inputs: (text) => [
      {
        type: 'Input.Text',
        id: 'name',
        label: `Name (1–${NAME_MAX_LENGTH} characters, unique)`,
        maxLength: NAME_MAX_LENGTH,
        isRequired: true,
        errorMessage: `Enter a name of 1 to ${NAME_MAX_LENGTH} characters.`,
        value: text,
      },
    ],
    question: { kind: 'text', question: 'What is the campaign name? (1–80 characters, unique)' },
    askedInText: true,
    line: { title: 'Name', value: (draft) => asPlainText(draft.name) },
    infoLine: null,
  },
  message: {
    label: 'Message',
    card: 'campaignBasics',
    inputs: (text) => [
      {
        type: 'Input.Text',
        id: 'message',
        label: `Message (Markdown; placeholders ${placeholderList.join(' ')})`,
        isMultiline: true,
        maxLength: MESSAGE_MAX_LENGTH,
        isRequired: true,
        errorMessage: `Enter the message, 1 to ${MESSAGE_MAX_LENGTH} characters.`,
        value: text,
      },
    ],
    question: {
      kind: 'text',
      question: `What message should recipients get? Markdown is fine; placeholders: ${placeholderList.join(', ')}.`,
      current: (text) => (text === '' ? '' : 'the current message'),
    },
    askedInText: true,
  },
  channel: {
    label: 'Channel',
    card: 'campaignBasics',
    inputs: (text) => [choiceSet('channel', 'Channel', text, CHANNEL_CHOICES)],
    question: {
      kind: 'choice',
      question: 'Which channel is the campaign sent on?',
      choices: CHANNEL_CHOICES,
    },
    line: { title: 'Channel', value: (draft) => channelLabel(draft.channel) },
  },
  listId: {
    label: 'List',
    card: 'campaignAudience',
    question: { kind: 'list' },
    askedInText: true,
    line: { title: 'List', value: (_draft, view) => asPlainText(view.listName) },
  },
  timeZone: {
    label: 'Time zone',
    card: 'campaignSchedule',
    inputs: (text) => [
      {
        type: 'Input.Text',
        id: 'timeZone',
        label: 'Time zone (IANA, e.g. Europe/Paris)',
        isRequired: true,
        errorMessage: 'Enter an IANA time zone such as Europe/Paris.',
        value: text,
      },
    ],
    question: {
      kind: 'text',
      question:
        "Which time zone do the campaign's dates and hours use? (IANA name, e.g. Europe/Paris)",
    },
    line: { title: 'Time zone', value: (draft) => draft.workingHours.timeZone },
    infoLine: null,
  },
  startDate: {
    label: 'Start date',
    card: 'campaignSchedule',
    inputs: (text, today) => [
      {
        type: 'Input.Date',
        id: 'startDate',
        label: "Start date (today or later, in the campaign's time zone)",
        min: today,
        isRequired: true,
        errorMessage: `Pick ${today} or a later day: the start date is today or later.`,
        value: text,
      },
    ],
    question: {
      kind: 'text',
      question: 'On which day does the campaign start? (yyyy-MM-dd or dd/MM/yyyy, today or later)',
    },
    askedInText: true,
    line: {
      title: 'Starts',
      value: (draft, view) => readableEnteredStart(draft, view.startsAt),
    },
    infoLine: { title: 'Start' },
  },
  durationDays: {
    label: 'Duration',
    card: 'campaignSchedule',
    inputs: (text) => [
      {
        type: 'Input.Number',
        id: 'durationDays',
        label: `Duration in days (${DURATION_MIN_DAYS}–${DURATION_MAX_DAYS})`,
        min: DURATION_MIN_DAYS,
        max: DURATION_MAX_DAYS,
        isRequired: true,
        errorMessage: `Enter a whole number of days from ${DURATION_MIN_DAYS} to ${DURATION_MAX_DAYS}.`,
        // Input.Number's value must be a number, or absent (Adaptive Cards 1.5 refuses null).
        ...(/^\d+$/.test(text) ? { value: Number(text) } : {}),
      },
    ],
    question: { kind: 'text', question: 'How many days does it last? (1–30)' },
    askedInText: true,
    line: { title: 'Duration', value: (draft) => describeDuration(draft.durationDays) },
  },
  hours: {
    label: 'Working hours',
    card: 'campaignSchedule',
    inputs: (text) => {
      const [open, close] = splitHours(text);
      return [
        {
          type: 'ColumnSet',
          columns: [
            timeInput('open', 'Opening time', open),
            timeInput('close', 'Closing time', close),
          ],
        },
      ];
    },
    fromCard: (submit) => `${submittedText(submit['open'])}-${submittedText(submit['close'])}`,
    question: {
      kind: 'text',
      question: 'What are the working hours? (opening-closing, 24-hour clock, e.g. 09:00-18:00)',
    },
    line: {
      title: 'Working hours',
      value: ({ workingHours: { open, close } }) => `${open}–${close}`,
    },
    infoLine: { value: (draft) => describeWorkingHours(draft.workingHours) },
  },
  weekdays: {
    label: 'Working weekdays',
    card: 'campaignSchedule',
    inputs: (text) => [
      {
        ...choiceSet('weekdays', 'Working weekdays', text, WEEKDAY_CHOICES),
        isMultiSelect: true,
        isRequired: true,
        errorMessage: 'Tick at least one working weekday.',
      },
    ],
    question: {
      kind: 'text',
      question: 'Which are the working weekdays? (e.g. Mon-Fri, or mon, wed, fri)',
      current: (text) => {
        const days = text.split(',').filter((day) => /^[1-7]$/.test(day));
        return days.length === 0 ? '' : describeWeekdays(days.map(Number) as Weekday[]);
      },
    },
    line: {
      title: 'Working weekdays',
      value: (draft) => describeWeekdays(draft.workingHours.weekdays),
    },
    infoLine: null,
  },
  presencePolicy: {
    label: 'Presence policy',
    card: 'campaignSchedule',
    inputs: (text) => [
      choiceSet('presencePolicy', 'Send when the recipient is', text, PRESENCE_CHOICES),
    ],
    question: {
      kind: 'choice',
      question: 'Send the message when the recipient is…',
      choices: PRESENCE_CHOICES,
    },
    line: {
      title: 'Presence policy',
      value: (draft) => describePresencePolicy(draft.presencePolicy),
    },
    infoLine: { title: 'Presence' },
  },
  acknowledgement: {
    label: 'Acknowledgement',
    card: 'campaignSchedule',
    inputs: (text) => [
      {
        type: 'Input.Toggle',
        id: 'acknowledgement',
        title: 'Ask recipients to acknowledge the message (an Acknowledge button)',
        valueOn: 'on',
        valueOff: 'off',
        value: text === 'on' ? 'on' : 'off',
      },
    ],
    question: {
      kind: 'choice',
      question: 'Ask recipients to acknowledge the message?',
      choices: ACKNOWLEDGEMENT_CHOICES,
    },
    line: {
      title: 'Acknowledgement',
      value: (draft) => describeAcknowledgement(draft.options.acknowledgement, draft.channel),
    },
  },
  recipientHours: {
    label: "Each recipient's working hours",
    card: 'campaignSchedule',
    inputs: (text) => [
      {
        type: 'Input.Toggle',
        id: 'recipientHours',
        label: "Each recipient's working hours",
        title:
          "Send inside each recipient's own working hours and time zone (from Outlook); the campaign's hours where they cannot be read",
        valueOn: 'on',
        valueOff: 'off',
        value: text === 'on' ? 'on' : 'off',
        wrap: true,
      },
    ],
    question: {
      kind: 'choice',
      question:
        "Send inside each recipient's own working hours and time zone, read from Outlook? (the campaign's hours apply where they cannot be read)",
      choices: RECIPIENT_HOURS_CHOICES,
    },
    line: {
      title: "Each recipient's working hours",
      value: (draft) =>
        draft.options.recipientHours
          ? "on: each recipient's own hours and zone where Outlook has them"
          : "off: the campaign's hours for everyone",
    },
  },
  reminders: {
    label: 'Reminders',
    card: 'campaignSchedule',
    inputs: (text) => [
      {
        type: 'Input.Text',
        id: 'reminders',
        label: `Reminders to those who have not read or clicked: off, "after 4 hours" or "2 after 4 hours" (working hours, at most ${MAX_REMINDERS})`,
        isRequired: true,
        errorMessage: 'Enter off, "after N hours" or "2 after N hours".',
        value: text,
      },
    ],
    question: {
      kind: 'text',
      question: `Remind those who have not read or clicked? Say off, "after N hours" (one reminder, N working hours after the message) or "2 after N hours" (a second one N working hours after the first); N from 1 to ${MAX_REMINDER_DELAY_HOURS}.`,
    },
    line: { title: 'Reminders', value: (draft) => describeReminders(draft.options.reminders) },
  },
};

export function labelOf(field: CampaignField): string {
  return FIELD_PRESENTATION[field].label;
}

/** Card inputs arrive as strings (a multi-select as "1,3,5"); a missing input is empty. */
export function submittedText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * The field's text in a submit of its card; `current` is the form's text for it. A card sent
 * before an option existed has no input for it: its submit leaves the option as the form holds it
 * (its default on a new campaign, the saved value on `edit`).
 */
export function cardText(
  field: CampaignField,
  submit: Record<string, unknown>,
  current: string,
): string {
  const { fromCard } = FIELD_PRESENTATION[field];
  if (isCampaignOption(field) && !(field in submit)) {
    return current;
  }
  return fromCard === undefined ? submittedText(submit[field]) : fromCard(submit);
}

/** A typed text answers a card asking only this field when the field is one input of its name. */
export function takesTypedAnswerOnCard(field: CampaignField): boolean {
  return FIELD_PRESENTATION[field].fromCard === undefined;
}
