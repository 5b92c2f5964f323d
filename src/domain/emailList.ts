/**
 * Reading a pasted mailing list (SPEC.md: Recipient lists). Admins paste whatever their mail client
 * gives them, so addresses may be separated by commas, semicolons, spaces or new lines and may come
 * as `Name <address>`. Nothing is dropped silently: every entry is either a valid address, a counted
 * duplicate, or returned as invalid so the admin can see it.
 */

export interface ParsedEmailList {
  /** Lower-cased, de-duplicated, in the order first seen. */
  valid: string[];
  /** Entries that are not e-mail addresses, as typed (each once). */
  invalid: string[];
  /** How many repeated valid addresses were removed. */
  duplicates: number;
}

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,}|xn--[a-z0-9-]+)$/;
/** RFC 5321 limits. */
const MAX_LOCAL_PART = 64;
const MAX_ADDRESS = 254;

/** Whether `text` (already trimmed) is a plain address such as `ann.lee@example.com`. */
export function isEmailAddress(text: string): boolean {
  const address = text.toLowerCase();
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.length > MAX_ADDRESS) {
    return false;
  }
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return local.length <= MAX_LOCAL_PART && LOCAL_PART.test(local) && DOMAIN.test(domain);
}

export function parseEmailList(text: string): ParsedEmailList {
  const valid: string[] = [];
  const seenValid = new Set<string>();
  const invalid: string[] = [];
  const seenInvalid = new Set<string>();
  let duplicates = 0;

  for (const candidate of splitEntries(text).flatMap(candidatesOf)) {
    const address = candidate.replace(/^mailto:/i, '').toLowerCase();
    if (!isEmailAddress(address)) {
      if (!seenInvalid.has(candidate)) {
        seenInvalid.add(candidate);
        invalid.push(candidate);
      }
    } else if (seenValid.has(address)) {
      duplicates++;
    } else {
      seenValid.add(address);
      valid.push(address);
    }
  }
  return { valid, invalid, duplicates };
}

/**
 * Splits on commas, semicolons and new lines, except inside double quotes, so a quoted display name
 * such as `"Lee, Ann" <ann@example.com>` stays one entry.
 */
function splitEntries(text: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (!quoted && /[,;\r\n]/.test(char)) {
      entries.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  entries.push(current);
  return entries;
}

/**
 * The address candidates of one entry. In `Ann Lee <ann@example.com>` the words outside the angle
 * brackets are a display name and are not candidates, unless they look like addresses themselves
 * (contain "@"). Without well-formed angle brackets every space-separated word is a candidate, so a
 * typo still shows up as invalid.
 */
function candidatesOf(entry: string): string[] {
  const bracketed = [...entry.matchAll(/<([^<>]*)>/g)].map((m) => (m[1] ?? '').trim());
  const outside = entry.replace(/<[^<>]*>/g, ' ');
  const malformed = /[<>]/.test(outside) || bracketed.includes('');
  if (bracketed.length === 0 || malformed) {
    return words(entry)
      .map(stripQuotes)
      .filter((w) => w !== '');
  }
  const outsideWithoutQuotedNames = outside.replace(/"[^"]*"/g, ' ');
  const addressLikeWords = words(outsideWithoutQuotedNames).filter((w) => w.includes('@'));
  return [...addressLikeWords, ...bracketed];
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

function stripQuotes(word: string): string {
  return word.replace(/^["']+|["']+$/g, '');
}
