/** Per-recipient placeholders of a campaign message (SPEC.md: Campaign, message). */

export const PLACEHOLDERS = ['firstName', 'lastName', 'fullName', 'email'] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What a message can be rendered for: any of these may be unknown. */
export interface PlaceholderValues {
  firstName?: string;
  lastName?: string;
  fullName?: string;
  email?: string;
}

/** Anything between double braces, spaces and odd case included, so near-misses are caught too. */
const PLACEHOLDER_PATTERN = /\{\{(.*?)\}\}/g;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * The `{{…}}` tokens of `message` that are not exactly one of PLACEHOLDERS, as written
 * (e.g. "{{ firstName }}", "{{FirstName}}"), in order of appearance, without repeats.
 */
export function findUnknownPlaceholders(message: string): string[] {
  const unknown = new Set<string>();
  for (const match of message.matchAll(PLACEHOLDER_PATTERN)) {
    if (!isPlaceholder(match[1] ?? '')) {
      unknown.add(match[0]);
    }
  }
  return [...unknown];
}

/**
 * Fills the placeholders of `template` for one person. A missing value becomes an empty
 * string; the full name falls back to "first last". Unknown tokens are left as written
 * (validation refuses them before a campaign is saved).
 */
export function renderMessage(template: string, person: PlaceholderValues): string {
  const values: Record<Placeholder, string> = {
    firstName: person.firstName ?? '',
    lastName: person.lastName ?? '',
    fullName: person.fullName ?? [person.firstName, person.lastName].filter(Boolean).join(' '),
    email: person.email ?? '',
  };
  return template.replace(PLACEHOLDER_PATTERN, (token, name: string) =>
    isPlaceholder(name) ? values[name] : token,
  );
}

/** The placeholders `message` uses, in PLACEHOLDERS order. */
export function placeholdersIn(message: string): Placeholder[] {
  const used = new Set([...message.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]));
  return PLACEHOLDERS.filter((placeholder) => used.has(placeholder));
}

/** The placeholders of `message` that `renderMessage` fills with nothing for `person`. */
export function emptyPlaceholders(message: string, person: PlaceholderValues): Placeholder[] {
  return placeholdersIn(message).filter(
    (placeholder) => renderMessage(`{{${placeholder}}}`, person) === '',
  );
}
