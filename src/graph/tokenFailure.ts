/**
 * Why no Graph access token could be had. The login host refusing the bot's credentials (an
 * expired or wrong client secret, an unknown app or tenant) is configuration: asking again
 * cannot help, an administrator must fix it. Anything else (no answer, a 5xx, an unreadable
 * answer) is an outage that may pass.
 */

/** MSAL's codes (OAuth's `error`) for credentials the login host will not accept. */
const REFUSING_CODES = new Set(['invalid_client', 'unauthorized_client']);
/**
 * Entra's AADSTS numbers for the same: 7000215 invalid secret, 7000222 expired secret,
 * 700016 unknown application, 90002 unknown tenant.
 */
const REFUSING_AADSTS = /AADSTS(7000215|7000222|700016|90002)\b/;

export type TokenFailure =
  /** `code`: the OAuth error code, or the AADSTS number that told it. */
  { kind: 'refused'; code: string } | { kind: 'unavailable'; code: string };

export function classifyTokenFailure(error: unknown): TokenFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    errorCode?: unknown;
    errorMessage?: unknown;
    message?: unknown;
  };
  const code = typeof e.errorCode === 'string' && e.errorCode !== '' ? e.errorCode : 'unknown';
  const text = [e.errorMessage, e.message].filter((t) => typeof t === 'string').join(' ');
  const aadsts = REFUSING_AADSTS.exec(text)?.[0];
  if (REFUSING_CODES.has(code)) return { kind: 'refused', code: aadsts ?? code };
  if (aadsts !== undefined) return { kind: 'refused', code: aadsts };
  return { kind: 'unavailable', code };
}

/** The log line of a refusal: what the operator must check, never the secret. */
export const CREDENTIALS_REFUSED_LOG =
  "Microsoft Graph refused the bot's credentials: check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (an expired client secret is the usual cause)";
