/**
 * Signed, expiring URLs for report data (chart, CSV export): whoever holds the link may
 * fetch it until it expires; changing any part of it (path, campaign id, expiry) breaks it.
 *
 * Format: `<path>?…&exp=<epoch ms>&sig=<base64url HMAC-SHA256 of everything before "&sig=">`.
 * The signature is always the last parameter, so verification needs no query re-encoding.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNED = /^(.+)&sig=([A-Za-z0-9_-]{43})$/;

export function signPath(path: string, expiresAt: number, secret: string): string {
  const unsigned = `${path}${path.includes('?') ? '&' : '?'}exp=${Math.floor(expiresAt)}`;
  return `${unsigned}&sig=${hmac(unsigned, secret)}`;
}

/** True only for an untampered URL produced by signPath with `secret` that expires after `now`. */
export function verifySignedRequest(pathWithQuery: string, now: number, secret: string): boolean {
  const match = SIGNED.exec(pathWithQuery);
  if (!match) return false;
  const [, unsigned, sig] = match as unknown as [string, string, string];
  const expected = Buffer.from(hmac(unsigned, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;

  const query = unsigned.slice(unsigned.indexOf('?') + 1);
  const exp = new URLSearchParams(query).getAll('exp');
  if (exp.length !== 1 || !/^\d+$/.test(exp[0]!)) return false;
  return now < Number(exp[0]);
}

function hmac(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}
