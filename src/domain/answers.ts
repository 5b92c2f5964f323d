/**
 * How a typed answer to a question with a few choices is understood (SPEC.md: Chat commands).
 * An answer is taken only when it names exactly one choice — its number, its title, its value
 * or one of its listed synonyms — as a whole; an answer made of several parts ("yes, confirm")
 * is taken when every part names the same choice. Anything else, negations above all ("not
 * Teams", "no, don't confirm", "not sure"), is not understood, so the question is asked again:
 * nothing is ever guessed from a word found inside a sentence.
 */

export interface ChoiceOption {
  /** What the answer resolves to. */
  value: string;
  /** What the admin reads on the button. */
  title: string;
  /** Other whole answers that name this choice ("yes", "y"). */
  synonyms?: readonly string[];
  /** Understood when typed, but not offered as a button (a shortcut); listed last, unnumbered. */
  hidden?: boolean;
}

export type ChoiceRecognition =
  | { ok: true; value: string }
  /** `negation`: the answer says no/not/maybe; `several`: it names more than one choice. */
  | { ok: false; reason: 'empty' | 'negation' | 'several' | 'unknown' };

const NEGATIONS = new Set([
  'no',
  'not',
  'nope',
  'never',
  'dont',
  'don’t',
  "don't",
  'maybe',
  'perhaps',
  'unsure',
]);

/** Yes / No for destructive or final steps: only an explicit yes is a yes. */
export function yesNoOptions(yesTitle: string, noTitle: string): ChoiceOption[] {
  return [
    { value: 'yes', title: yesTitle, synonyms: ['yes', 'y', 'yes please', 'ok', 'okay'] },
    { value: 'no', title: noTitle, synonyms: ['no', 'n', 'no thanks'] },
  ];
}

export function recognizeChoice(
  answer: string,
  options: readonly ChoiceOption[],
): ChoiceRecognition {
  const whole = normalise(answer);
  if (whole === '') {
    return { ok: false, reason: 'empty' };
  }
  const exact = namedChoices(whole, options);
  if (exact.size === 1) {
    return { ok: true, value: [...exact][0]! };
  }
  if (exact.size > 1) {
    return { ok: false, reason: 'several' };
  }
  const parts = whole
    .split(/[,;.!]+|\s+(?:and|then)\s+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.some(isNegation)) {
    return { ok: false, reason: 'negation' };
  }
  const named = parts.map((part) => namedChoices(part, options));
  if (parts.length < 2 || named.some((choices) => choices.size !== 1)) {
    return { ok: false, reason: 'unknown' };
  }
  const values = new Set(named.map((choices) => [...choices][0]!));
  return values.size === 1
    ? { ok: true, value: [...values][0]! }
    : { ok: false, reason: 'several' };
}

/** Why an answer was not taken, for the re-ask. */
export function notUnderstoodReason(
  reason: Exclude<ChoiceRecognition, { ok: true }>['reason'],
): string {
  switch (reason) {
    case 'empty':
      return 'there was no answer';
    case 'negation':
      return 'it says what not to do, not which choice to take';
    case 'several':
      return 'it names more than one choice';
    case 'unknown':
      return 'it is not one of the choices';
  }
}

function namedChoices(part: string, options: readonly ChoiceOption[]): Set<string> {
  const found = new Set<string>();
  options.forEach((option, index) => {
    const number = option.hidden === true ? [] : [String(index + 1)];
    const names = [...number, option.title, option.value, ...(option.synonyms ?? [])];
    if (names.some((name) => normalise(name) === part)) {
      found.add(option.value);
    }
  });
  return found;
}

function isNegation(part: string): boolean {
  return part
    .split(/\s+/)
    .some((word) => NEGATIONS.has(word) || word.endsWith("n't") || word.endsWith('n’t'));
}

/** Case, width, surrounding quotes and spaces do not matter: "  « Teams » " names Teams. */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s"'“”‘’«»`()[\]]+|[\s"'“”‘’«»`()[\]]+$/g, '')
    .replace(/[.!]+$/, '')
    .trim();
}
