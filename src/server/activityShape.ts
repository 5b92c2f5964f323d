/**
 * What an inbound body needs before the bot can take it as a Bot Framework activity: every
 * channel sends these fields, and a turn without them can only fail (no sender to record,
 * no conversation to answer in).
 */
const REQUIRED_TEXT_FIELDS = [
  ['type'],
  ['channelId'],
  ['serviceUrl'],
  ['from', 'id'],
  ['conversation', 'id'],
] as const;

/** The required fields missing from `body` (dotted paths), none when it is an activity. */
export function missingActivityFields(body: unknown): string[] {
  return REQUIRED_TEXT_FIELDS.filter((path) => !isNonEmptyText(valueAt(body, path))).map((path) =>
    path.join('.'),
  );
}

function valueAt(body: unknown, path: readonly string[]): unknown {
  let value = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function isNonEmptyText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
