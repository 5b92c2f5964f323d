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
 * 700016 unknown application (in that tenant), 90002 unknown tenant, 65001 consent not granted,
 * 7000229 no service principal for the app in that tenant.
 */
const REFUSING_AADSTS = /AADSTS(7000215|7000222|700016|90002|65001|7000229)\b/;
/**
 * Refusals that mean the tenant asked for has not granted the (multi-tenant) app admin consent:
 * the app is unknown there, or known without consent. A bad or expired secret is not one of them,
 * it is refused in every tenant alike.
 */
const CONSENT_MISSING_CODES = new Set([
  'AADSTS65001',
  'AADSTS700016',
  'AADSTS7000229',
  'invalid_client',
  'unauthorized_client',
]);

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

/** True when the refusal says the tenant has not consented to the app (see CONSENT_MISSING_CODES). */
export function lacksConsent(failure: TokenFailure): boolean {
  return failure.kind === 'refused' && CONSENT_MISSING_CODES.has(failure.code);
}

/** The log line of a refusal: what the operator must check, never the secret. */
export const CREDENTIALS_REFUSED_LOG =
  "Microsoft Graph refused the bot's credentials: check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (an expired client secret is the usual cause)";
