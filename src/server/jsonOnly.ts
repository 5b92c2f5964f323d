/**
 * The one kind of request body this server reads: plain JSON. Anything else is refused from
 * its headers, before a byte of the body is read, so no parser ever runs on it (restify's
 * multipart parser, for one, writes each file part to the temp folder).
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Why the body will not be read, or undefined when it is plain JSON. */
export function notPlainJson(headers: IncomingHttpHeaders): string | undefined {
  const mediaType = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return `the body must be application/json (got ${mediaType === '' ? 'no Content-Type' : shortened(mediaType)})`;
  }
  // A compressed body would be inflated past the size cap, which counts the bytes received.
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') return 'the body must not be compressed (Content-Encoding)';
  return undefined;
}

/** A header value echoed back is kept short. */
function shortened(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
