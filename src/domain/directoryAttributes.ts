/**
 * An audience of people chosen by what the directory says about them (SPEC.md: Recipient
 * lists): one or more of department, country, office, job title and company, each with the
 * values it may have. A person is in it when they match every attribute given, with any of
 * that attribute's values. Pure: reading the rule the admin typed, and saying it back.
 */
import type { Validation } from './campaignValidation.js';
import { excerpt } from './text.js';

/** The attributes, by their Graph property names, in the order they are shown and stored. */
export const DIRECTORY_ATTRIBUTES = [
  'department',
  'country',
  'officeLocation',
  'jobTitle',
  'companyName',
] as const;
export type DirectoryAttribute = (typeof DIRECTORY_ATTRIBUTES)[number];

/** One attribute and the values it may have (any of them). */
export interface AttributeCondition {
  attribute: DirectoryAttribute;
  values: string[];
}

/** Conditions a person meets all of: at least one, each attribute once, in DIRECTORY_ATTRIBUTES order. */
export type AttributeRule = AttributeCondition[];

/** One value of one attribute, e.g. to say it matches nobody. */
export interface AttributeValue {
  attribute: DirectoryAttribute;
  value: string;
}

/** The longest value Entra ID holds in any of these attributes (job title, office, country). */
export const ATTRIBUTE_VALUE_MAX_LENGTH = 128;
/** The rule and each value counted alone fit one `$batch` (20), and the filter stays short. */
export const ATTRIBUTE_VALUES_MAX = 15;

/** How people say each attribute; `propertyName` (Graph's name) is accepted too. */
export const ATTRIBUTE_LABELS: Record<DirectoryAttribute, string> = {
  department: 'department',
  country: 'country',
  officeLocation: 'office',
  jobTitle: 'job title',
  companyName: 'company',
};

/** Spellings accepted for each attribute, compared without case, spaces, `-` or `_`. */
const SPELLINGS: Record<DirectoryAttribute, string[]> = {
  department: ['department', 'departments', 'dept', 'dep'],
  country: ['country', 'countries', 'countryregion'],
  officeLocation: ['officelocation', 'office', 'offices', 'location'],
  jobTitle: ['jobtitle', 'title', 'job', 'jobtitles'],
  companyName: ['companyname', 'company', 'companies'],
};

const ATTRIBUTE_BY_SPELLING = new Map(
  DIRECTORY_ATTRIBUTES.flatMap((attribute) =>
    SPELLINGS[attribute].map((spelling) => [spelling, attribute] as const),
  ),
);

/** The typed form, also how the rule is said back so the admin can copy and change it. */
export const RULE_EXAMPLE = 'department: Sales, Marketing; country: Germany';

/** What is accepted, for a message about a wrong answer. */
export const RULE_ACCEPTED = `Accepted: one or more attributes with their values, as in “${RULE_EXAMPLE}” (values of one attribute separated by commas: anyone with one of them; attributes separated by semicolons: people who match all of them). Attributes: ${DIRECTORY_ATTRIBUTES.map(
  (a) => (ATTRIBUTE_LABELS[a] === a ? a : `${ATTRIBUTE_LABELS[a]} (${a})`),
).join(', ')}.`;

/** The attribute a typed name stands for, or undefined. */
export function attributeNamed(name: string): DirectoryAttribute | undefined {
  return ATTRIBUTE_BY_SPELLING.get(name.toLowerCase().replace(/[\s_\-/]+/g, ''));
}

/**
 * The rule typed as `department: Sales, Marketing; country: Germany` (`=` for `:` and new lines
 * for `;` are fine too). An attribute given twice has the values of both.
 */
export function parseAttributeRule(text: string): Validation<AttributeRule> {
  const clauses = text
    .split(/[;\n]/)
    .map((clause) => clause.trim())
    .filter((clause) => clause !== '');
  if (clauses.length === 0) return invalid(`no attribute was given. ${RULE_ACCEPTED}`);
  const typed: Partial<Record<DirectoryAttribute, string>> = {};
  for (const clause of clauses) {
    const separator = clause.search(/[:=]/);
    if (separator < 0) {
      return invalid(
        `“${excerpt(clause)}” has no “:” between an attribute and its values. ${RULE_ACCEPTED}`,
      );
    }
    const name = clause.slice(0, separator).trim();
    const attribute = attributeNamed(name);
    if (attribute === undefined) {
      return invalid(`“${excerpt(name)}” is not an attribute I know. ${RULE_ACCEPTED}`);
    }
    const earlier = typed[attribute];
    const values = clause.slice(separator + 1);
    typed[attribute] = earlier === undefined ? values : `${earlier},${values}`;
  }
  return ruleFromInputs(typed);
}

/**
 * The rule from one text per attribute, each value separated by commas (the card's inputs).
 * Empty inputs are left out; at least one must be filled.
 */
export function ruleFromInputs(
  inputs: Partial<Record<DirectoryAttribute, string>>,
): Validation<AttributeRule> {
  const rule: AttributeRule = [];
  for (const attribute of DIRECTORY_ATTRIBUTES) {
    const text = inputs[attribute];
    if (text === undefined || text.trim() === '') continue;
    const values = valuesOf(text);
    const wrong = values.find((value) => !isValue(value));
    if (values.length === 0)
      return invalid(`${ATTRIBUTE_LABELS[attribute]} has no value. ${RULE_ACCEPTED}`);
    if (wrong !== undefined) {
      return invalid(
        `the ${ATTRIBUTE_LABELS[attribute]} “${excerpt(wrong)}” is not a value: at most ${ATTRIBUTE_VALUE_MAX_LENGTH} characters, without control characters. ${RULE_ACCEPTED}`,
      );
    }
    rule.push({ attribute, values });
  }
  if (rule.length === 0) return invalid(`no attribute was given. ${RULE_ACCEPTED}`);
  const count = rule.reduce((sum, condition) => sum + condition.values.length, 0);
  if (count > ATTRIBUTE_VALUES_MAX) {
    return invalid(
      `it has ${count} values; at most ${ATTRIBUTE_VALUES_MAX} are accepted. For more, choose a directory group.`,
    );
  }
  return { ok: true, value: rule };
}

/** The rule as the admin would type it: `department: Sales, Marketing; country: Germany`. */
export function ruleText(rule: AttributeRule): string {
  return rule
    .map(({ attribute, values }) => `${ATTRIBUTE_LABELS[attribute]}: ${values.join(', ')}`)
    .join('; ');
}

/** The rule in a sentence: `department Sales or Marketing, and country Germany`. */
export function ruleSentence(rule: AttributeRule): string {
  return rule
    .map(({ attribute, values }) => `${ATTRIBUTE_LABELS[attribute]} ${orList(values)}`)
    .join(', and ');
}

/** The inputs of a card showing the rule (one comma-separated text per attribute). */
export function ruleInputs(rule: AttributeRule): Record<DirectoryAttribute, string> {
  const inputs = Object.fromEntries(DIRECTORY_ATTRIBUTES.map((a) => [a, ''])) as Record<
    DirectoryAttribute,
    string
  >;
  for (const { attribute, values } of rule) inputs[attribute] = values.join(', ');
  return inputs;
}

/** Every value of the rule, each with its attribute. */
export function ruleValues(rule: AttributeRule): AttributeValue[] {
  return rule.flatMap(({ attribute, values }) => values.map((value) => ({ attribute, value })));
}

/** Trimmed, inner spaces kept, each once whatever its case (the directory ignores case). */
function valuesOf(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(',')
    .map((value) => value.trim())
    .filter(
      (value) => value !== '' && !seen.has(value.toLowerCase()) && seen.add(value.toLowerCase()),
    );
}

function isValue(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  return value.length <= ATTRIBUTE_VALUE_MAX_LENGTH && !/[\u0000-\u001f\u007f]/.test(value);
}

function orList(values: string[]): string {
  return values.length === 1
    ? values[0]!
    : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]!}`;
}

const invalid = <T>(error: string): Validation<T> => ({ ok: false, error });
