/**
 * Keeps the user name and password of a connection string out of error lines, however the
 * string is malformed: a mistyped scheme, an unencoded `@`, `/` or `:` in the password. No
 * URL parser is trusted to find them (a malformed URL is exactly what it cannot read), so the
 * credentials are taken to be everything between the scheme and the last `@`: too much may
 * be hidden, never too little.
 */

/** A scheme and its slashes, as typed: `mongodb://`, `mongodb:/`, `mongdb://`… */
const SCHEME_PREFIX = /^[a-z][a-z0-9+.-]*:\/*/i;
const MASK = '***';
/** Shorter pieces of a password are not searched for in messages: they would hide ordinary words. */
const MIN_PIECE_LENGTH = 3;

/** Where the credentials of `raw` are, or undefined when it has none (no `@`). */
function credentialSpan(raw: string): { start: number; end: number } | undefined {
  const end = raw.lastIndexOf('@');
  if (end < 0) return undefined;
  const start = SCHEME_PREFIX.exec(raw)?.[0].length ?? /^\/*/.exec(raw)![0].length;
  return end > start ? { start, end } : undefined;
}

/** The credentials as written, e.g. `admin:P4ss@w0rd` of `mongodb://admin:P4ss@w0rd@db/x`. */
export function urlCredentials(raw: string): string | undefined {
  const span = credentialSpan(raw);
  return span && raw.slice(span.start, span.end);
}

/** `raw` with its credentials replaced by `***`: `mongodb://***@db.example.com/pushbot`. */
export function maskUrlCredentials(raw: string): string {
  const span = credentialSpan(raw);
  return span ? `${raw.slice(0, span.start)}${MASK}${raw.slice(span.end)}` : raw;
}

/**
 * `message` (a driver's error, which may quote the URL or a piece of it, even lower-cased as a
 * host name) without anything of the credentials of `url`.
 */
export function withoutUrlCredentials(message: string, url: string): string {
  const credentials = urlCredentials(url);
  let clean = message.split(url).join(maskUrlCredentials(url));
  if (credentials === undefined) return clean;
  for (const secret of secretPieces(credentials)) {
    clean = clean.replace(new RegExp(escapeRegExp(secret), 'gi'), MASK);
  }
  return clean;
}

/** The credentials whole, their user and password parts, each also percent-decoded; longest first. */
function secretPieces(credentials: string): string[] {
  const pieces = [credentials, ...credentials.split(/[:@/]/)];
  const all = new Set([...pieces, ...pieces.map(percentDecoded)]);
  return [...all]
    .filter((piece) => piece.length >= MIN_PIECE_LENGTH)
    .sort((a, b) => b.length - a.length);
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
