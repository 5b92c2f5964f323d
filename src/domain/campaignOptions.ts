/**
 * The campaign's options: the settings beyond its core fields (SPEC.md: Campaign), each declared
 * once here with its default and the rule that parses the admin's text. Their type, the form's
 * field rules for them (src/domain/campaignFields.ts) and their storage (one `options` record per
 * campaign, in both stores) all follow from this table, so a new option is: its line here, its
 * presentation (dialogs/campaignForm/fieldPresentation.ts), a test, and its rule in
 * campaignValidation.ts if it needs one of its own.
 */
import { validateReminders, validateSwitch, type Validation } from './campaignValidation.js';
import { describeReminderSchedule } from './reminders.js';

export interface OptionDeclaration<V> {
  /** What a campaign saved before the option existed reads as, and what a new form starts at. */
  default: V;
  parse: (text: string) => Validation<V>;
  /** The value as the form keeps it (and as `edit` shows it). Default: String. */
  text?: (value: V) => string;
}

/** Declares an option; the value type is read from its parse rule. */
export function option<V>(declaration: OptionDeclaration<V>): OptionDeclaration<V> {
  return declaration;
}

/** Any option's declaration, whatever its value type. */
export interface SomeOptionDeclaration {
  default: unknown;
  parse: (text: string) => Validation<unknown>;
  text?: (value: never) => string;
}

export type OptionDeclarations = Record<string, SomeOptionDeclaration>;

/** A switch as the form keeps it: what the card's toggle and the text form's choice give. */
const switchText = (on: boolean) => (on ? 'on' : 'off');

/** Form order: after the core fields, in this order. */
export const CAMPAIGN_OPTIONS = {
  /**
   * Recipients are asked to acknowledge the message: an Acknowledge button on Teams, a reply
   * on Skype; the report counts who did and when (src/domain/acknowledgement.ts).
   */
  acknowledgement: option({ default: false, parse: validateSwitch, text: switchText }),
  /**
   * Each recipient's own working hours (zone, days, hours) from their mailbox settings instead
   * of the campaign's: src/domain/recipientHours.ts.
   */
  recipientHours: option({ default: false, parse: validateSwitch, text: switchText }),
  /** Reminders to the recipients who did not react (src/domain/reminders.ts). */
  reminders: option({ default: 'off', parse: validateReminders, text: describeReminderSchedule }),
} satisfies OptionDeclarations;

/** The option values a table declares. */
export type OptionsOf<T extends OptionDeclarations> = {
  [K in keyof T]: T[K] extends OptionDeclaration<infer V> ? V : never;
};

export type CampaignOptions = OptionsOf<typeof CAMPAIGN_OPTIONS>;

export type CampaignOption = keyof CampaignOptions & string;

export const CAMPAIGN_OPTION_NAMES = Object.keys(CAMPAIGN_OPTIONS) as CampaignOption[];

export function isCampaignOption(name: string): name is CampaignOption {
  return Object.hasOwn(CAMPAIGN_OPTIONS, name);
}

/** Every option at its default: a new campaign's options before the admin changes any. */
export function defaultCampaignOptions(): CampaignOptions {
  return optionsWithDefaults(CAMPAIGN_OPTIONS, {});
}

/**
 * A stored campaign's options, each one missing taking its default (the campaign was saved
 * before the option existed). A value of an option this table does not declare is kept: a newer
 * version may have written it (processes of two versions run side by side while a deploy
 * rolls), and a save by this one must not erase it.
 */
export function campaignOptionsFrom(stored: unknown): CampaignOptions {
  return optionsWithDefaults(CAMPAIGN_OPTIONS, stored);
}

export function optionsWithDefaults<T extends OptionDeclarations>(
  declarations: T,
  stored: unknown,
): OptionsOf<T> {
  const kept = isRecord(stored) ? stored : {};
  const options: Record<string, unknown> = { ...kept };
  for (const [name, declaration] of Object.entries(declarations)) {
    if (options[name] === undefined) {
      options[name] = declaration.default;
    }
  }
  return options as OptionsOf<T>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
