/**
 * The fields of the campaign form (SPEC.md: Campaign), each declared once with its rule: what a
 * new form holds, how the admin's text is parsed and checked, the text a valid value is kept as,
 * and where the value goes in the draft. The form keeps one text per field between turns (as
 * typed in chat or submitted by a card), so the card form, the text form and `edit` all go through
 * these rules. How each field is shown and asked is the chat edge's, keyed by the same names
 * (dialogs/campaignForm/fieldPresentation.ts). Pure: "now" comes in the context.
 *
 * A campaign option is declared in src/domain/campaignOptions.ts only: its field rule here is
 * derived from that declaration, and the card and text forms, `edit`, the summary, `info` and
 * both stores follow.
 */
import type { DateTime } from 'luxon';
import type { CampaignDraft, Channel, WorkingHours } from './campaign.js';
import {
  CAMPAIGN_OPTION_NAMES,
  CAMPAIGN_OPTIONS,
  type CampaignOption,
  type CampaignOptions,
  type OptionDeclaration,
} from './campaignOptions.js';
import {
  DEFAULT_WEEKDAYS,
  validateChannel,
  validateDuration,
  validateListId,
  validateMessage,
  validateName,
  validateOpeningHoursRange,
  validatePresencePolicy,
  validateStartDate,
  validateTimeZone,
  validateWeekdays,
  type Validation,
} from './campaignValidation.js';
import { ALL_USERS_LIST_ID } from './recipients.js';
import { campaignStartInstant, firstSendInstant, hasWorkingWeekday } from './workingTime.js';

/** Form order. The time zone comes before the start date: "today or later" is judged in that zone. */
const CORE_FIELDS = [
  'name',
  'message',
  'channel',
  'listId',
  'timeZone',
  'startDate',
  'durationDays',
  'hours',
  'weekdays',
  'presencePolicy',
] as const;

export type CampaignField = (typeof CORE_FIELDS)[number] | CampaignOption;

/** Form order: the core fields, then the options. */
export const CAMPAIGN_FIELDS: readonly CampaignField[] = [...CORE_FIELDS, ...CAMPAIGN_OPTION_NAMES];

/** The form between turns: the text of every field, as entered, normalised once valid. */
export type FormValues = Record<CampaignField, string>;

export interface FormSetup {
  /** Without a presence source the presence policy is not asked: it is forced to `ignore`. */
  presenceConfigured: boolean;
}

export interface FormDefaults extends FormSetup {
  channel: Channel;
  timeZone: string;
}

export interface FieldContext extends FormSetup {
  now: DateTime;
  /** The zone dates are judged in: the form's, or the default one while the form's is not valid. */
  timeZone: string;
}

export interface FieldError {
  field: CampaignField;
  error: string;
}

/** A draft's share of one field; working hours are written by three fields, options by one each. */
type DraftPart = Partial<Omit<CampaignDraft, 'workingHours' | 'options'>> & {
  workingHours?: Partial<WorkingHours>;
  options?: Partial<CampaignOptions>;
};

interface FieldRule<V> {
  /** The text of a new form, before any answer. */
  initial: (defaults: FormDefaults) => string;
  parse: (text: string, ctx: FieldContext) => Validation<V>;
  /** The value as the form keeps it (and as `edit` shows a saved campaign). Default: String. */
  text?: (value: V) => string;
  read: (draft: CampaignDraft) => V;
  write: (value: V) => DraftPart;
  /** Asked only in some setups. Default: always. */
  asked?: (setup: FormSetup) => boolean;
}

/** A rule with its value type put away, so that rules of every type sit in one table. */
interface Rule {
  initial: (defaults: FormDefaults) => string;
  check: (text: string, ctx: FieldContext) => Validation<{ text: string; part: DraftPart }>;
  textOf: (draft: CampaignDraft) => string;
  asked: (setup: FormSetup) => boolean;
}

function rule<V>(spec: FieldRule<V>): Rule {
  const text = spec.text ?? String;
  return {
    initial: spec.initial,
    check: (input, ctx) => {
      const parsed = spec.parse(input, ctx);
      return parsed.ok
        ? { ok: true, value: { text: text(parsed.value), part: spec.write(parsed.value) } }
        : parsed;
    },
    textOf: (draft) => text(spec.read(draft)),
    asked: spec.asked ?? (() => true),
  };
}

const empty = () => '';

/** An option's field: it starts at the option's default and writes the option. */
function optionRule<K extends CampaignOption>(name: K): Rule {
  const declaration = CAMPAIGN_OPTIONS[name] as OptionDeclaration<CampaignOptions[K]>;
  const text = declaration.text ?? String;
  return rule({
    initial: () => text(declaration.default),
    parse: (input) => declaration.parse(input),
    text,
    read: (draft) => draft.options[name],
    write: (value) => ({ options: { [name]: value } as Partial<CampaignOptions> }),
  });
}

const OPTION_RULES = Object.fromEntries(
  CAMPAIGN_OPTION_NAMES.map((name) => [name, optionRule(name)]),
) as Record<CampaignOption, Rule>;

const RULES: Record<CampaignField, Rule> = {
  ...OPTION_RULES,
  name: rule({
    initial: empty,
    parse: validateName,
    read: (draft) => draft.name,
    write: (name) => ({ name }),
  }),
  message: rule({
    initial: empty,
    parse: validateMessage,
    read: (draft) => draft.message,
    write: (message) => ({ message }),
  }),
  channel: rule({
    initial: (defaults) => defaults.channel,
    parse: validateChannel,
    read: (draft) => draft.channel,
    write: (channel) => ({ channel }),
  }),
  listId: rule({
    initial: () => ALL_USERS_LIST_ID,
    parse: validateListId,
    read: (draft) => draft.listId,
    write: (listId) => ({ listId }),
  }),
  timeZone: rule({
    initial: (defaults) => defaults.timeZone,
    parse: validateTimeZone,
    read: (draft) => draft.workingHours.timeZone,
    write: (timeZone) => ({ workingHours: { timeZone } }),
  }),
  startDate: rule({
    initial: empty,
    parse: (text, ctx) => validateStartDate(text, ctx),
    read: (draft) => draft.startDate,
    write: (startDate) => ({ startDate }),
  }),
  durationDays: rule({
    initial: empty,
    parse: validateDuration,
    read: (draft) => draft.durationDays,
    write: (durationDays) => ({ durationDays }),
  }),
  hours: rule({
    initial: () => '09:00-18:00',
    parse: validateOpeningHoursRange,
    text: ({ open, close }) => `${open}-${close}`,
    read: ({ workingHours: { open, close } }) => ({ open, close }),
    write: (hours) => ({ workingHours: hours }),
  }),
  weekdays: rule({
    initial: () => DEFAULT_WEEKDAYS.join(','),
    parse: validateWeekdays,
    read: (draft) => draft.workingHours.weekdays,
    write: (weekdays) => ({ workingHours: { weekdays } }),
  }),
  presencePolicy: rule({
    initial: (defaults) => (defaults.presenceConfigured ? 'available' : 'ignore'),
    parse: (text, ctx) => validatePresencePolicy(text, ctx.presenceConfigured),
    read: (draft) => draft.presencePolicy,
    write: (presencePolicy) => ({ presencePolicy }),
    asked: (setup) => setup.presenceConfigured,
  }),
};

/** The fields asked in this setup, in form order. */
export function formFields(setup: FormSetup): CampaignField[] {
  return CAMPAIGN_FIELDS.filter((field) => RULES[field].asked(setup));
}

/** Form order, no repeats. */
export function sortFields(fields: readonly CampaignField[]): CampaignField[] {
  return CAMPAIGN_FIELDS.filter((field) => fields.includes(field));
}

export function newFormValues(defaults: FormDefaults): FormValues {
  return valuesFrom((field) => RULES[field].initial(defaults));
}

/** A saved campaign as the form shows it, to be edited. */
export function formValuesOf(draft: CampaignDraft): FormValues {
  return valuesFrom((field) => RULES[field].textOf(draft));
}

function valuesFrom(textOf: (field: CampaignField) => string): FormValues {
  return Object.fromEntries(CAMPAIGN_FIELDS.map((field) => [field, textOf(field)])) as FormValues;
}

/** The zone of the form when it is valid, else `fallback`. */
export function formTimeZone(values: FormValues, fallback: string): string {
  const zone = validateTimeZone(values.timeZone);
  return zone.ok ? zone.value : fallback;
}

/** Checks one field's text; returns the text the form keeps for it. */
export function checkField(
  field: CampaignField,
  values: FormValues,
  ctx: FieldContext,
): Validation<string> {
  const checked = RULES[field].check(values[field], ctx);
  return checked.ok ? { ok: true, value: checked.value.text } : checked;
}

export interface DraftContext extends FormSetup {
  now: DateTime;
  /**
   * The zone a start date is judged in while the form's zone is not valid. Without it the start
   * date is not judged then: the zone's own error says what to fix first.
   */
  defaultTimeZone?: string;
}

/** Runs every field rule, then the rules across fields; returns the draft, or every error in form order. */
export function validateCampaignDraft(
  values: FormValues,
  ctx: DraftContext,
): { ok: true; value: CampaignDraft } | { ok: false; errors: FieldError[] } {
  const zone = validateTimeZone(values.timeZone);
  const timeZone = zone.ok ? zone.value : ctx.defaultTimeZone;
  const errors: FieldError[] = [];
  const parts: DraftPart[] = [];
  const fields = CAMPAIGN_FIELDS.filter((field) => field !== 'startDate' || timeZone !== undefined);
  for (const field of fields) {
    const checked = RULES[field].check(values[field], {
      ...ctx,
      timeZone: timeZone ?? values.timeZone,
    });
    if (checked.ok) {
      parts.push(checked.value.part);
    } else {
      errors.push({ field, error: checked.error });
    }
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  const draft = assemble(parts);
  const scheduleError = scheduleErrorOf(draft, ctx.now);
  return scheduleError === null
    ? { ok: true, value: draft }
    : { ok: false, errors: [{ field: 'startDate', error: scheduleError }] };
}

/** Every rule passed, and together the rules write every key of a draft (tests/domain/campaignFields.test.ts). */
function assemble(parts: DraftPart[]): CampaignDraft {
  const draft = parts.reduce<DraftPart>(
    (sum, part) => ({
      ...sum,
      ...part,
      workingHours: { ...sum.workingHours, ...part.workingHours },
      options: { ...sum.options, ...part.options },
    }),
    { options: {} },
  );
  return draft as CampaignDraft;
}

/** A period with no working time left to send in, said in the admin's terms; null when fine. */
function scheduleErrorOf(draft: CampaignDraft, now: DateTime): string | null {
  const { durationDays: days, startDate, workingHours } = draft;
  const period = `${days} day${days > 1 ? 's' : ''} from ${startDate}`;
  if (campaignStartInstant(draft) === null && hasWorkingWeekday(draft)) {
    // Read as RFC 5545 does, an opening the clocks skip moves on by the jump, past the closing.
    return `during ${period}, the daylight-saving change of ${workingHours.timeZone} moves the opening (${workingHours.open}) to or past the closing (${workingHours.close}), so nothing could be sent. Accepted: working hours longer than the change, or a longer duration.`;
  }
  if (campaignStartInstant(draft) === null) {
    return `${period} contain${days > 1 ? '' : 's'} no working weekday. Accepted: a start date and duration that cover at least one working weekday.`;
  }
  if (firstSendInstant(draft, now) === null) {
    return `the working hours of ${period} are already over (they close at ${workingHours.close} ${workingHours.timeZone} time), so nothing could be sent. Accepted: a later start date, or a longer duration.`;
  }
  return null;
}
